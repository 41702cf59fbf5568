#pragma once

#include <cstdint>
#include <cstring>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/error.h"
#include "core/nested.h"

namespace solimob::io {

// Little helpers for the network file: PODs and vectors of PODs as raw bytes, length-prefixed.
class binary_writer {
 public:
  explicit binary_writer(std::ostream& out) : out_{out} {}

  template <typename T>
  void pod(T const& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    out_.write(reinterpret_cast<char const*>(&v), sizeof(T));
  }
  template <typename V>
  void vec(V const& v) {
    static_assert(std::is_trivially_copyable_v<typename V::value_type>);
    pod(static_cast<std::uint64_t>(v.size()));
    out_.write(reinterpret_cast<char const*>(v.data()),
               static_cast<std::streamsize>(v.size() * sizeof(typename V::value_type)));
  }
  template <typename Key, typename T>
  void rows(nested<Key, T> const& n) {
    vec(n.offsets_);
    vec(n.data_);
  }
  template <typename V>
  void strings(V const& v) {
    pod(static_cast<std::uint64_t>(v.size()));
    for (auto const& s : v) {
      pod(static_cast<std::uint32_t>(s.size()));
      out_.write(s.data(), static_cast<std::streamsize>(s.size()));
    }
  }

 private:
  std::ostream& out_;
};

class binary_reader {
 public:
  binary_reader(std::string_view bytes, std::string file) : bytes_{bytes}, file_{std::move(file)} {}

  void skip(std::size_t n) {
    need(n);
    pos_ += n;
  }
  template <typename T>
  T pod() {
    need(sizeof(T));
    T v;
    std::memcpy(&v, bytes_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return v;
  }
  template <typename V>
  void vec(V& v) {
    using T = typename V::value_type;
    auto const n = pod<std::uint64_t>();
    if (n > (bytes_.size() - pos_) / sizeof(T)) {
      truncated();
    }
    v.resize(n);
    std::memcpy(v.data(), bytes_.data() + pos_, n * sizeof(T));
    pos_ += n * sizeof(T);
  }
  // Refuses offsets that would index outside the data: a corrupt file must not read out of bounds.
  template <typename Key, typename T>
  void rows(nested<Key, T>& n) {
    vec(n.offsets_);
    vec(n.data_);
    if (n.offsets_.empty() || n.offsets_.front() != 0 || n.offsets_.back() != n.data_.size()) {
      truncated();
    }
    for (auto i = std::size_t{1}; i != n.offsets_.size(); ++i) {
      if (n.offsets_[i] < n.offsets_[i - 1]) {
        truncated();
      }
    }
  }
  template <typename V>
  void strings(V& v) {
    auto const n = pod<std::uint64_t>();
    if (n > bytes_.size() - pos_) {
      truncated();
    }
    v.resize(n);
    for (auto& s : v) {
      auto const len = pod<std::uint32_t>();
      need(len);
      s.assign(bytes_.data() + pos_, len);
      pos_ += len;
    }
  }
  void expect_end() const {
    if (pos_ != bytes_.size()) {
      throw input_error{file_ + ": unexpected data after the end of the network (corrupt file)"};
    }
  }

 private:
  void need(std::size_t n) const {
    if (n > bytes_.size() - pos_) {
      truncated();
    }
  }
  [[noreturn]] void truncated() const { throw input_error{file_ + ": truncated or corrupt network file"}; }

  std::string_view bytes_;
  std::string file_;
  std::size_t pos_{0};
};

}  // namespace solimob::io
