#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "fares/fare_state.h"

namespace solimob::test {

// A test and benchmark pricer: a ride costs its route's fare, except the first ride boarded within
// `window_s_` of a full-fare ride's boarding, which costs min(route fare, transfer_cents_); that
// discounted ride uses the allowance up. State: transfers_left_ 1 and allowance_until_ = boarding +
// window while the allowance is open, else both 0 (allowance_cents_ is the discounted price).
//
// covers(a, b) is proved for one fare F on every route with T = min(F, transfer_cents_):
// write D(x, R) for the cost of rides R from state x, N for no allowance, W(u) for one open until u.
//   (i) D(W(u), R) <= D(N, R); (ii) D(N, R) <= D(W(u), R) + (F - T); (iii) D(W(u), R) <= D(W(u'), R)
//   for u >= u'. By induction on R's first boarding t: when t >= u both states pay F and become
//   W(t + window). Else, for (i), W(u) pays T and becomes N, N pays F and becomes W(t + window):
//   T + D(N, R') <= F + D(W, R') by (ii); for (ii), F + D(W, R') <= T + D(N, R') + (F - T) by (i);
//   (iii) likewise when u' <= t < u, and equal states when t < u'.
// So a covers b when a.paid <= b.paid and a's allowance is at least b's (open, not earlier), or when
// a.paid + (F - T) <= b.paid. With route fares that differ, an open allowance can cost more later
// (it spends itself on a cheap ride and a dear one follows at full fare), so covers asks for equal
// allowances then.
class allowance_pricer : public fares::pricer {
 public:
  // `route_cents`: fare per route_idx; one value for every route when size 1.
  // `at_boarding`: what priced_at_boarding() says (true is right: the price never depends on the
  // alighting; false tests the search's general path).
  allowance_pricer(std::vector<std::int32_t> route_cents, std::int32_t transfer_cents, seconds_t window_s,
                   bool at_boarding = true)
      : route_cents_{std::move(route_cents)},
        transfer_cents_{transfer_cents},
        window_s_{window_s},
        at_boarding_{at_boarding} {}

  bool priced_at_boarding() const override { return at_boarding_; }

  std::int32_t next_ride_min_cents(fares::fare_state const& s) const override {
    auto const cheapest = *std::min_element(begin(route_cents_), end(route_cents_));
    return s.transfers_left_ != 0 ? std::min(cheapest, transfer_cents_) : cheapest;
  }

  fares::fare_state after(fares::fare_state const& s, fares::ride const& r) const override {
    auto const full = route_cents_.size() == 1 ? route_cents_[0] : route_cents_[r.route_.v()];
    fares::fare_state next;
    if (s.transfers_left_ != 0 && r.board_time_ < s.allowance_until_) {
      next.paid_cents_ = s.paid_cents_ + std::min(full, transfer_cents_);
    } else {
      next.paid_cents_ = s.paid_cents_ + full;
      next.allowance_cents_ = transfer_cents_;
      next.allowance_until_ = r.board_time_ + window_s_;
      next.transfers_left_ = 1;
    }
    return next;
  }

  bool covers(fares::fare_state const& a, fares::fare_state const& b) const override {
    if (route_cents_.size() != 1) {
      return a.paid_cents_ <= b.paid_cents_ && a.transfers_left_ == b.transfers_left_ &&
             a.allowance_until_ == b.allowance_until_;
    }
    auto const full = route_cents_[0];
    auto const a_at_least_b =
        a.transfers_left_ != 0 && (b.transfers_left_ == 0 || a.allowance_until_ >= b.allowance_until_);
    auto const both_none = a.transfers_left_ == 0 && b.transfers_left_ == 0;
    if (a_at_least_b || both_none) {
      return a.paid_cents_ <= b.paid_cents_;
    }
    return a.paid_cents_ + (full - std::min(full, transfer_cents_)) <= b.paid_cents_;
  }

 private:
  std::vector<std::int32_t> route_cents_;
  std::int32_t transfer_cents_;
  seconds_t window_s_;
  bool at_boarding_;
};

}  // namespace solimob::test
