#pragma once
// Reads a CSV file as Excel saves it back, for `review --from-csv`: UTF-8 with or without a byte-order mark,
// UTF-16 ("Unicode text"), or windows-1252 (Danish Excel's "CSV (semikolonsepareret)"); `;`, `,` or tab
// between fields, whichever the header row uses; CRLF, LF or CR; quoted fields with doubled quotes and line
// breaks. The apostrophe csv_writer.h puts before a formula-like field is taken off. Rows are numbered as the
// spreadsheet shows them (the header is row 1; a quoted line break does not start a row). The bytes are the
// user's file: every input gives a table or a Problem naming the row, never a crash. Pure, thread-safe.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace datavagt::csv {

struct CsvRow {
  std::size_t number = 0;            // the spreadsheet's row number, 1 = the header
  std::vector<std::string> fields;   // UTF-8
};

struct CsvTable {
  char separator = ';';
  std::vector<CsvRow> rows;          // rows[0] is the header; rows with only empty fields are left out
};

Result<CsvTable> read_csv(std::string_view bytes);

}  // namespace datavagt::csv
