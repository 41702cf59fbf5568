#include "store/backup.h"

#include <algorithm>
#include <climits>
#include <string>
#include <vector>

#include <soci/soci.h>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "store/database.h"
#include "store/migrations.h"

namespace solimob::store {

namespace {

using json = nlohmann::json;

constexpr int kFormatVersion = 1;

json cell(soci::row const& r, std::size_t i) {
  if (r.get_indicator(i) == soci::i_null) {
    return nullptr;
  }
  switch (r.get_properties(i).get_data_type()) {
    case soci::dt_string:
      return r.get<std::string>(i);
    case soci::dt_integer:
      return r.get<int>(i);
    case soci::dt_long_long:
      return r.get<long long>(i);
    case soci::dt_unsigned_long_long:
      return r.get<unsigned long long>(i);
    case soci::dt_double:
      return r.get<double>(i);
    default:
      // Dates, blobs and XML have no portable representation: the schema stores text instead.
      throw input_error{"column " + r.get_properties(i).get_name() + ": unsupported column type in export"};
  }
}

struct table_rows {
  std::vector<std::string> columns_;
  std::vector<json> rows_;  // each a JSON array of cells
};

table_rows read_table(soci::session& s, table_def const& t) {
  table_rows out;
  std::vector<std::size_t> key_idx;
  soci::rowset<soci::row> rs = (s.prepare << "SELECT * FROM " << t.name_);
  bool first = true;
  for (auto const& r : rs) {
    if (first) {
      for (std::size_t i = 0; i != r.size(); ++i) {
        out.columns_.push_back(r.get_properties(i).get_name());
      }
      first = false;
    }
    auto row = json::array();
    for (std::size_t i = 0; i != r.size(); ++i) {
      row.push_back(cell(r, i));
    }
    out.rows_.push_back(std::move(row));
  }
  if (first) {
    // No row to describe the columns: ask for them with an empty result instead.
    soci::row r;
    s << "SELECT * FROM " << t.name_ << " WHERE 1 = 0", soci::into(r);
    for (std::size_t i = 0; i != r.size(); ++i) {
      out.columns_.push_back(r.get_properties(i).get_name());
    }
  }
  for (auto const k : t.key_) {
    auto const it = std::find(begin(out.columns_), end(out.columns_), k);
    if (it == end(out.columns_)) {
      throw std::logic_error{"table " + std::string{t.name_} + ": unknown key column " + std::string{k}};
    }
    key_idx.push_back(static_cast<std::size_t>(it - begin(out.columns_)));
  }
  // Sorted here rather than by ORDER BY: text ordering depends on the database's collation, and
  // exports from SQLite and PostgreSQL must agree.
  std::sort(begin(out.rows_), end(out.rows_), [&](json const& a, json const& b) {
    for (auto const k : key_idx) {
      if (a[k] != b[k]) {
        return a[k] < b[k];
      }
    }
    return false;
  });
  return out;
}

std::string dump(json const& j) {
  try {
    return j.dump();
  } catch (json::exception const& e) {
    throw input_error{std::string{"cannot export: "} + e.what()};
  }
}

}  // namespace

void export_json(database& db, std::ostream& out) {
  auto const version = schema_version(db);
  auto const tables = tables_in_dependency_order();
  db.with_transaction(
      [&](soci::session& s) {
        if (db.dialect() == dialect::kPostgresql) {
          s << "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ";  // one snapshot for every table
        }
        out << "{\"format\": \"solimob-backup\", \"format_version\": " << kFormatVersion
            << ", \"schema_version\": " << version << ", \"tables\": [";
        for (std::size_t t = 0; t != tables.size(); ++t) {
          auto const data = read_table(s, tables[t]);
          out << (t == 0 ? "\n" : ",\n") << "{\"name\": " << json(std::string{tables[t].name_}).dump()
              << ", \"columns\": " << json(data.columns_).dump() << ", \"rows\": [";
          for (std::size_t r = 0; r != data.rows_.size(); ++r) {
            out << (r == 0 ? "\n" : ",\n") << dump(data.rows_[r]);
          }
          out << "]}";
        }
        out << "]}\n";
      },
      tx_mode::kRead);
  if (!out) {
    throw io_error{"cannot write the export"};
  }
}

namespace {

std::string where(std::string const& table, std::size_t row) {
  return "backup table " + table + " row " + std::to_string(row + 1);
}

void insert_row(soci::session& s, std::string const& table, std::string const& sql, json const& row,
                std::size_t n_columns, std::size_t row_index) {
  if (!row.is_array() || row.size() != n_columns) {
    throw input_error{where(table, row_index) + ": expected an array of " + std::to_string(n_columns) + " cells"};
  }
  // Sized once: soci keeps pointers to these until the statement has run.
  std::vector<long long> ints(n_columns);
  std::vector<double> reals(n_columns);
  std::vector<std::string> texts(n_columns);
  std::vector<soci::indicator> inds(n_columns, soci::i_ok);
  soci::statement st{s};
  for (std::size_t i = 0; i != n_columns; ++i) {
    auto const& c = row[i];
    if (c.is_null()) {
      inds[i] = soci::i_null;
      st.exchange(soci::use(texts[i], inds[i]));
    } else if (c.is_boolean()) {
      ints[i] = c.get<bool>() ? 1 : 0;
      st.exchange(soci::use(ints[i], inds[i]));
    } else if (c.is_number_integer()) {
      if (c.is_number_unsigned() && c.get<unsigned long long>() > static_cast<unsigned long long>(LLONG_MAX)) {
        throw input_error{where(table, row_index) + ": integer out of range"};
      }
      ints[i] = c.get<long long>();
      st.exchange(soci::use(ints[i], inds[i]));
    } else if (c.is_number_float()) {
      reals[i] = c.get<double>();
      st.exchange(soci::use(reals[i], inds[i]));
    } else if (c.is_string()) {
      texts[i] = c.get<std::string>();
      st.exchange(soci::use(texts[i], inds[i]));
    } else {
      throw input_error{where(table, row_index) + ": cell " + std::to_string(i + 1) +
                        " must be a number, a string or null"};
    }
  }
  try {
    st.alloc();
    st.prepare(sql);
    st.define_and_bind();
    st.execute(true);
  } catch (soci::soci_error const& e) {
    throw input_error{where(table, row_index) + ": " + e.get_error_message()};
  }
}

bool is_identifier(std::string const& s) {
  return !s.empty() && s.size() <= 63 && std::all_of(begin(s), end(s), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

}  // namespace

void import_json(database& db, std::istream& in) {
  json doc;
  try {
    doc = json::parse(in);
  } catch (json::parse_error const& e) {
    throw input_error{std::string{"backup: not valid JSON: "} + e.what()};
  }
  if (!doc.is_object() || doc.value("format", "") != "solimob-backup") {
    throw input_error{"backup: not a solimob backup (\"format\" is not \"solimob-backup\")"};
  }
  if (doc.value("format_version", 0) != kFormatVersion) {
    throw incompatible_file_error{"backup: format version " + doc.value("format_version", json{}).dump() +
                                  " is not supported (expected " + std::to_string(kFormatVersion) + ")"};
  }
  auto const version = schema_version(db);
  if (doc.value("schema_version", -1) != version) {
    throw incompatible_file_error{"backup: schema version " + doc.value("schema_version", json{}).dump() +
                                  " differs from the database's " + std::to_string(version) +
                                  " (migrate the database to the backup's version first)"};
  }
  auto const& tables = doc["tables"];
  if (!tables.is_array()) {
    throw input_error{"backup: \"tables\" must be an array"};
  }
  auto const known = tables_in_dependency_order();
  bool const pg = db.dialect() == dialect::kPostgresql;

  db.with_transaction([&](soci::session& s) {
    if (!pg) {
      s << "PRAGMA defer_foreign_keys = ON";  // rows of a table may reference later rows of the same table
    }
    for (auto const& t : known) {
      long long n = 0;
      s << "SELECT COUNT(*) FROM " << t.name_, soci::into(n);
      if (n != 0) {
        throw input_error{"backup: the database is not empty (table " + std::string{t.name_} + " has " +
                          std::to_string(n) + " rows); import needs a new, migrated database"};
      }
    }
    // Insert in our dependency order whatever order the file lists its tables in.
    for (auto const& t : known) {
      auto const it = std::find_if(begin(tables), end(tables),
                                   [&](json const& e) { return e.is_object() && e.value("name", "") == t.name_; });
      if (it == end(tables)) {
        continue;
      }
      std::string const name{t.name_};
      auto const& columns = (*it)["columns"];
      auto const& rows = (*it)["rows"];
      if (!columns.is_array() || columns.empty() || !rows.is_array()) {
        throw input_error{"backup table " + name + ": needs \"columns\" and \"rows\" arrays"};
      }
      std::string sql = "INSERT INTO " + name + " (";
      std::string values;
      for (std::size_t i = 0; i != columns.size(); ++i) {
        if (!columns[i].is_string() || !is_identifier(columns[i].get<std::string>())) {
          throw input_error{"backup table " + name + ": bad column name " + columns[i].dump()};
        }
        sql += (i == 0 ? "" : ", ") + columns[i].get<std::string>();
        values += (i == 0 ? ":p" : ", :p") + std::to_string(i);
      }
      sql += ") VALUES (" + values + ")";
      for (std::size_t r = 0; r != rows.size(); ++r) {
        insert_row(s, name, sql, rows[r], columns.size(), r);
      }
      if (pg) {
        for (auto const k : t.key_) {
          std::string const col{k};
          std::string seq;
          soci::indicator ind = soci::i_null;
          s << "SELECT pg_get_serial_sequence(:t, :c)", soci::use(name), soci::use(col), soci::into(seq, ind);
          if (ind == soci::i_ok) {
            // is_called = false: the next nextval() returns exactly MAX + 1.
            s << "SELECT setval(:s, COALESCE((SELECT MAX(" << col << ") FROM " << name << "), 0) + 1, false)",
                soci::use(seq);
          }
        }
      }
    }
    for (auto const& e : tables) {
      auto const n = e.is_object() ? e.value("name", "") : "";
      if (std::none_of(begin(known), end(known), [&](table_def const& t) { return t.name_ == n; })) {
        throw input_error{"backup: unknown table '" + n + "'"};
      }
    }
  });
}

}  // namespace solimob::store
