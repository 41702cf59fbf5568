#pragma once

#include <istream>
#include <ostream>

namespace solimob::store {

class database;

// Backup format (JSON, UTF-8), one row per line so that two exports diff well:
//   {"format": "solimob-backup", "format_version": 1, "schema_version": 1, "tables": [
//    {"name": "organisation", "columns": ["id", "name", ...], "rows": [
//     [1, "Département", ...],
//     ...]},
//    ...]}
// Tables come in dependency order, rows sorted by the table's key columns (see table_def), cells
// as JSON numbers, strings or null. The export is one consistent snapshot of the database.
void export_json(database&, std::ostream&);

// Restores an export into a migrated, empty database at the same schema version, in a single
// transaction: on any error nothing is written. PostgreSQL sequences are moved past the restored
// ids. Throws input_error naming the table and row of a bad cell.
void import_json(database&, std::istream&);

}  // namespace solimob::store
