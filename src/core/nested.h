#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <span>
#include <vector>

namespace solimob {

// A list of lists as one offset array and one flat array (CSR): row k holds
// data_[offsets_[k], offsets_[k + 1]). `Key` is a strong id or std::size_t. Other columns may run
// parallel to data_, indexed through begin_at / end_at.
template <typename Key, typename T>
struct nested {
  std::size_t size() const { return offsets_.size() - 1; }
  bool empty() const { return size() == 0; }

  std::span<T const> operator[](Key k) const { return {data_.data() + begin_at(k), data_.data() + end_at(k)}; }
  std::span<T> operator[](Key k) { return {data_.data() + begin_at(k), data_.data() + end_at(k)}; }

  std::uint32_t begin_at(Key k) const { return offsets_[index(k)]; }
  std::uint32_t end_at(Key k) const { return offsets_[index(k) + 1]; }

  // Appends a row holding the elements of `r`.
  template <typename Range>
  void emplace_back(Range const& r) {
    data_.insert(data_.end(), std::begin(r), std::end(r));
    offsets_.push_back(static_cast<std::uint32_t>(data_.size()));
  }

  // Builds `n_rows` rows by counting sort. `for_each(emit)` must call emit(row, value) for every
  // element, the same way each time: it runs twice (count, then fill). A row keeps its values in
  // the order they were emitted.
  template <typename ForEach>
  static nested grouped(std::size_t n_rows, ForEach&& for_each) {
    nested n;
    n.offsets_.assign(n_rows + 1, 0);
    for_each([&](Key k, T const&) { ++n.offsets_[index(k) + 1]; });
    for (auto i = std::size_t{1}; i != n.offsets_.size(); ++i) {
      n.offsets_[i] += n.offsets_[i - 1];
    }
    n.data_.resize(n.offsets_.back());
    auto fill = n.offsets_;
    for_each([&](Key k, T const& v) { n.data_[fill[index(k)]++] = v; });
    return n;
  }

  static std::size_t index(Key k) {
    if constexpr (requires { k.v(); }) {
      return k.v();
    } else {
      return static_cast<std::size_t>(k);
    }
  }

  std::vector<std::uint32_t> offsets_{0};  // size() + 1 entries, first 0, last data_.size()
  std::vector<T> data_;
};

}  // namespace solimob
