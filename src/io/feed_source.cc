#include "io/feed_source.h"

#include <zip.h>

#include <fstream>
#include <sstream>

#include "core/error.h"
#include "io/file_util.h"

namespace solimob::io {

namespace {

class dir_source final : public feed_source {
 public:
  explicit dir_source(std::filesystem::path p) : dir_{std::move(p)}, name_{dir_.string()} {}
  std::optional<std::string> read(std::string const& name) const override {
    auto const p = dir_ / name;
    if (!std::filesystem::exists(p)) {
      return std::nullopt;
    }
    return read_file(p);
  }
  std::string const& path() const override { return name_; }

 private:
  std::filesystem::path dir_;
  std::string name_;
};

class zip_source final : public feed_source {
 public:
  explicit zip_source(std::filesystem::path const& p) : name_{p.string()} {
    int err = 0;
    zip_ = zip_open(name_.c_str(), ZIP_RDONLY, &err);
    if (zip_ == nullptr) {
      zip_error_t ze;
      zip_error_init_with_code(&ze, err);
      auto msg = std::string{zip_error_strerror(&ze)};
      zip_error_fini(&ze);
      throw input_error{name_, 0, "", "cannot open zip archive: " + msg};
    }
  }
  ~zip_source() override { zip_discard(zip_); }
  zip_source(zip_source const&) = delete;
  zip_source& operator=(zip_source const&) = delete;

  std::optional<std::string> read(std::string const& name) const override {
    // Some feeds nest their files in one folder inside the archive: accept "*/name" too.
    auto idx = zip_name_locate(zip_, name.c_str(), ZIP_FL_NODIR);
    if (idx < 0) {
      return std::nullopt;
    }
    zip_stat_t st;
    if (zip_stat_index(zip_, static_cast<zip_uint64_t>(idx), 0, &st) != 0) {
      throw input_error{name_, 0, name, "cannot read archive member"};
    }
    auto* f = zip_fopen_index(zip_, static_cast<zip_uint64_t>(idx), 0);
    if (f == nullptr) {
      throw input_error{name_, 0, name, "cannot open archive member"};
    }
    std::string out(st.size, '\0');
    auto const n = zip_fread(f, out.data(), st.size);
    zip_fclose(f);
    if (n < 0 || static_cast<zip_uint64_t>(n) != st.size) {
      throw input_error{name_, 0, name, "archive member is truncated or corrupt"};
    }
    return out;
  }
  std::string const& path() const override { return name_; }

 private:
  std::string name_;
  zip_t* zip_{nullptr};
};

}  // namespace

std::unique_ptr<feed_source> open_feed(std::filesystem::path const& p) {
  if (std::filesystem::is_directory(p)) {
    return std::make_unique<dir_source>(p);
  }
  if (!std::filesystem::exists(p)) {
    throw input_error{p.string(), 0, "", "no such file or folder"};
  }
  return std::make_unique<zip_source>(p);
}

}  // namespace solimob::io
