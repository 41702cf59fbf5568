#include "analysis/matrix.h"

#include <algorithm>
#include <charconv>

#include "analysis/on_demand_legs.h"
#include "io/file_util.h"

namespace solimob::analysis {

std::size_t travel_time_matrix::n_pairs() const {
  std::size_t n = 0;
  for (auto const& d : dest_) {
    n += d.size();
  }
  return n;
}

std::uint16_t travel_time_matrix::at(std::size_t o, std::size_t d, std::size_t pi) const {
  auto const& ds = dest_[o];
  auto const key = point_idx::from(d);
  auto const it = std::lower_bound(begin(ds), end(ds), key);
  if (it == end(ds) || *it != key) {
    return kUnreachedMinutes;
  }
  return minutes_[o][static_cast<std::size_t>(it - begin(ds)) * percentiles_.size() + pi];
}

travel_time_matrix compute_matrix(network::network const& net, std::span<point const> origins,
                                  std::span<point const> destinations, travel_time_params const& p,
                                  std::vector<int> const& percentiles, bool modes) {
  travel_time_matrix m;
  m.percentiles_ = percentiles;
  m.dest_.resize(origins.size());
  m.minutes_.resize(origins.size());
  m.with_fares_ = p.pricer_ != nullptr;
  m.fares_.resize(m.with_fares_ ? origins.size() : 0);
  if (modes) {
    m.modes_.resize(origins.size());
  }
  auto const np = percentiles.size();
  auto q = p;
  q.modes_ = modes;
  m.summary_ = compute_travel_times(net, origins, destinations, q, [&](origin_times const& ot) {
    // Each origin owns its slot: no lock needed.
    auto& dest = m.dest_[ot.origin_.v()];
    auto& minutes = m.minutes_[ot.origin_.v()];
    std::vector<seconds_t> scratch(ot.n_samples()), secs(np);
    std::vector<std::pair<seconds_t, std::int32_t>> samples(m.with_fares_ ? ot.n_samples() : 0);
    std::vector<std::int32_t> fares(np);
    std::vector<std::uint16_t> row(np);
    for (auto d = 0U; d != destinations.size(); ++d) {
      auto const times = ot.at(d);
      if (std::all_of(begin(times), end(times), [](seconds_t t) { return t == kUnreachable; })) {
        continue;
      }
      if (m.with_fares_) {
        auto const f = ot.fares_at(d);
        for (auto i = 0U; i != times.size(); ++i) {
          samples[i] = {times[i], f[i]};
        }
        percentile_fares(samples, percentiles, secs, fares);
      } else {
        std::copy(begin(times), end(times), begin(scratch));
        percentile_times(scratch, percentiles, secs);
      }
      std::transform(begin(secs), end(secs), begin(row), to_minutes);
      if (std::all_of(begin(row), end(row), [](std::uint16_t v) { return v == kUnreachedMinutes; })) {
        continue;
      }
      dest.push_back(point_idx{d});
      minutes.insert(end(minutes), begin(row), end(row));
      if (m.with_fares_) {
        m.fares_[ot.origin_.v()].insert(end(m.fares_[ot.origin_.v()]), begin(fares), end(fares));
      }
      if (modes) {
        auto const sample_modes = ot.modes_at(d);
        for (auto const t : secs) {
          auto const it = std::find(begin(times), end(times), t);
          m.modes_[ot.origin_.v()].push_back(
              t == kUnreachable || it == end(times) ? 0 : sample_modes[static_cast<std::size_t>(it - begin(times))]);
        }
      }
    }
  });
  return m;
}

void write_matrix_csv(std::filesystem::path const& path, travel_time_matrix const& m, std::span<point const> origins,
                      std::span<point const> destinations) {
  io::write_atomically(path, [&](std::ostream& out) {
    std::string buf = "from_id,to_id";
    for (auto const pc : m.percentiles_) {
      buf += ",travel_time_p" + std::to_string(pc);
    }
    for (auto const pc : m.with_fares_ ? m.percentiles_ : std::vector<int>{}) {
      buf += ",fare_p" + std::to_string(pc);
    }
    auto const with_modes = !m.modes_.empty();
    for (auto const pc : with_modes ? m.percentiles_ : std::vector<int>{}) {
      buf += ",modes_p" + std::to_string(pc) + ",booking_p" + std::to_string(pc);
    }
    buf += '\n';
    auto const np = m.percentiles_.size();
    char num[8];
    for (auto o = 0U; o != m.dest_.size(); ++o) {
      for (auto i = 0U; i != m.dest_[o].size(); ++i) {
        buf += origins[o].id_;
        buf += ',';
        buf += destinations[m.dest_[o][i].v()].id_;
        for (auto j = 0U; j != np; ++j) {
          buf += ',';
          auto const v = m.minutes_[o][i * np + j];
          if (v != kUnreachedMinutes) {
            auto const [end, ec] = std::to_chars(num, num + sizeof(num), v);
            buf.append(num, end);
          }
        }
        for (auto j = 0U; m.with_fares_ && j != np; ++j) {
          buf += ',';
          if (auto const cents = m.fares_[o][i * np + j]; cents >= 0) {
            auto const [end, ec] = std::to_chars(num, num + sizeof(num), cents / 100);
            buf.append(num, end);
            buf += '.';
            buf += static_cast<char>('0' + cents % 100 / 10);
            buf += static_cast<char>('0' + cents % 10);
          }
        }
        for (auto j = 0U; with_modes && j != np; ++j) {
          auto const bits = m.modes_[o][i * np + j];
          buf += ',';
          buf += mode_label(bits);
          buf += ',';
          if (bits != 0) {
            buf += (bits & trip_mode::kBooking) != 0 ? '1' : '0';
          }
        }
        buf += '\n';
      }
      if (buf.size() > (1U << 20)) {
        out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
        buf.clear();
      }
    }
    out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
  });
}

}  // namespace solimob::analysis
