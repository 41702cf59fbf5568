#pragma once

#include <compare>
#include <cstdint>
#include <functional>
#include <limits>
#include <vector>

namespace solimob {

// A typed integer id: stops, routes, nodes... cannot be mixed up by accident.
template <typename T, typename Tag>
struct strong {
  using value_type = T;
  static constexpr T kInvalidValue = std::numeric_limits<T>::max();

  constexpr strong() = default;
  constexpr explicit strong(T v) : v_{v} {}
  template <typename U>
  static constexpr strong from(U u) {
    return strong{static_cast<T>(u)};
  }
  static constexpr strong invalid() { return strong{kInvalidValue}; }

  constexpr T v() const { return v_; }
  constexpr bool valid() const { return v_ != kInvalidValue; }
  constexpr auto operator<=>(strong const&) const = default;

  T v_{kInvalidValue};
};

// The ids 0 .. n-1 of a strong type, for range-for loops.
template <typename Key>
struct key_range {
  struct iterator {
    typename Key::value_type v_;
    Key operator*() const { return Key{v_}; }
    iterator& operator++() {
      ++v_;
      return *this;
    }
    bool operator==(iterator const&) const = default;
  };
  iterator begin() const { return {0}; }
  iterator end() const { return {n_}; }
  typename Key::value_type n_;
};

// A column keyed by a strong id.
template <typename Key, typename Value>
struct vector_map : std::vector<Value> {
  using base = std::vector<Value>;
  using base::base;
  Value& operator[](Key k) { return base::operator[](k.v()); }
  Value const& operator[](Key k) const { return base::operator[](k.v()); }
  Key next_key() const { return Key::from(base::size()); }
  key_range<Key> keys() const { return {static_cast<typename Key::value_type>(base::size())}; }
};

using node_idx = strong<std::uint32_t, struct node_idx_tag>;
using edge_idx = strong<std::uint32_t, struct edge_idx_tag>;
using stop_idx = strong<std::uint32_t, struct stop_idx_tag>;
using route_idx = strong<std::uint32_t, struct route_idx_tag>;
using trip_idx = strong<std::uint32_t, struct trip_idx_tag>;
using service_idx = strong<std::uint32_t, struct service_idx_tag>;
using sequence_idx = strong<std::uint32_t, struct sequence_idx_tag>;
using pattern_idx = strong<std::uint32_t, struct pattern_idx_tag>;
using point_idx = strong<std::uint32_t, struct point_idx_tag>;

}  // namespace solimob

template <typename T, typename Tag>
struct std::hash<solimob::strong<T, Tag>> {
  std::size_t operator()(solimob::strong<T, Tag> s) const noexcept { return std::hash<T>{}(s.v()); }
};
