#include "plan/budget_annex.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace solimob::plan {

namespace {

struct amounts {
  double planned_{0.0}, voted_{0.0}, spent_{0.0};
  void add(budget_row const& r) {
    planned_ += r.planned_;
    voted_ += r.voted_;
    spent_ += r.spent_;
  }
};

std::vector<io::column> amount_columns() {
  return {{"Prévu (€)", io::column::type::kReal},
          {"Voté (€)", io::column::type::kReal},
          {"Réalisé (€)", io::column::type::kReal},
          {"Taux d'exécution (réalisé / voté)", io::column::type::kReal}};
}

void append_amounts(std::vector<io::cell>& row, amounts const& a) {
  row.emplace_back(a.planned_);
  row.emplace_back(a.voted_);
  row.emplace_back(a.spent_);
  row.push_back(a.voted_ != 0.0 ? io::cell{a.spent_ / a.voted_} : io::cell{});
}

}  // namespace

std::vector<io::table> budget_annex(std::span<budget_row const> rows) {
  amounts total;
  std::map<std::tuple<std::string, int, std::string>, amounts> by_direction;
  std::map<std::pair<std::string, int>, amounts> by_objective;
  for (auto const& r : rows) {
    by_direction[{r.direction_, r.year_, r.nature_}].add(r);
    by_objective[{r.objective_.empty() ? "(sans objectif)" : r.objective_, r.year_}].add(r);
    total.add(r);
  }

  io::table direction{"Par direction",
                      {{"Direction", io::column::type::kText},
                       {"Année", io::column::type::kInteger},
                       {"Nature", io::column::type::kText}},
                      {},
                      {}};
  auto cols = amount_columns();
  direction.columns_.insert(end(direction.columns_), begin(cols), end(cols));
  for (auto const& [key, a] : by_direction) {
    std::vector<io::cell> row{std::get<0>(key), std::int64_t{std::get<1>(key)}, std::get<2>(key)};
    append_amounts(row, a);
    direction.rows_.push_back(std::move(row));
  }
  std::vector<io::cell> total_row{std::string{"Total"}, io::cell{}, io::cell{}};
  append_amounts(total_row, total);
  direction.rows_.push_back(total_row);

  io::table objective{
      "Par objectif", {{"Objectif", io::column::type::kText}, {"Année", io::column::type::kInteger}}, {}, {}};
  objective.columns_.insert(end(objective.columns_), begin(cols), end(cols));
  for (auto const& [key, a] : by_objective) {
    std::vector<io::cell> row{key.first, std::int64_t{key.second}};
    append_amounts(row, a);
    objective.rows_.push_back(std::move(row));
  }
  std::vector<io::cell> objective_total{std::string{"Total"}, io::cell{}};
  append_amounts(objective_total, total);
  objective.rows_.push_back(objective_total);

  io::table detail{"Détail",
                   {{"Direction", io::column::type::kText},
                    {"Objectif", io::column::type::kText},
                    {"Action", io::column::type::kText},
                    {"Année", io::column::type::kInteger},
                    {"Nature", io::column::type::kText}},
                   {},
                   {}};
  detail.columns_.insert(end(detail.columns_), begin(cols), end(cols));
  std::vector<budget_row> sorted{begin(rows), end(rows)};
  std::stable_sort(begin(sorted), end(sorted), [](budget_row const& a, budget_row const& b) {
    return std::tie(a.direction_, a.year_, a.objective_, a.action_, a.nature_) <
           std::tie(b.direction_, b.year_, b.objective_, b.action_, b.nature_);
  });
  for (auto const& r : sorted) {
    std::vector<io::cell> row{r.direction_, r.objective_, r.action_, std::int64_t{r.year_}, r.nature_};
    amounts a;
    a.add(r);
    append_amounts(row, a);
    detail.rows_.push_back(std::move(row));
  }
  std::vector<io::cell> detail_total{std::string{"Total"}, io::cell{}, io::cell{}, io::cell{}, io::cell{}};
  append_amounts(detail_total, total);
  detail.rows_.push_back(detail_total);
  return {direction, objective, detail};
}

}  // namespace solimob::plan
