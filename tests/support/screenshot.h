#pragma once

#include <png.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "io/tool_runner.h"

// Reading what headless Chromium renders (report and diagnostic tests): screenshots, tool output.
namespace solimob::test {

namespace fs = std::filesystem;

struct image {
  int width_{0}, height_{0};
  std::vector<std::uint32_t> rgb_;  // 0xRRGGBB per pixel, row-major
};

inline image read_png(fs::path const& file) {
  png_image png{};
  png.version = PNG_IMAGE_VERSION;
  if (png_image_begin_read_from_file(&png, file.c_str()) == 0) {
    throw std::runtime_error{"cannot read " + file.string()};
  }
  png.format = PNG_FORMAT_RGB;
  std::vector<std::uint8_t> buf(PNG_IMAGE_SIZE(png));
  if (png_image_finish_read(&png, nullptr, buf.data(), 0, nullptr) == 0) {
    throw std::runtime_error{"cannot decode " + file.string()};
  }
  image im{static_cast<int>(png.width), static_cast<int>(png.height), {}};
  for (std::size_t i = 0; i + 2 < buf.size(); i += 3) {
    im.rgb_.push_back(std::uint32_t{buf[i]} << 16 | std::uint32_t{buf[i + 1]} << 8 | buf[i + 2]);
  }
  return im;
}

inline std::string run_capture(std::string const& command) {
  std::string out;
  if (auto* p = ::popen(command.c_str(), "r"); p != nullptr) {
    char buf[4096];
    while (auto const n = std::fread(buf, 1, sizeof buf, p)) {
      out.append(buf, n);
    }
    ::pclose(p);
  }
  return out;
}

inline bool chromium_present() {
  return fs::exists(io::tool_path("SOLIMOB_CHROMIUM", "/usr/bin/chromium"));
}

}  // namespace solimob::test
