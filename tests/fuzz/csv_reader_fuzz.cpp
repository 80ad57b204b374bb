// libFuzzer target: untrusted bytes (a CSV file the DPO saved from Excel, or anything passed to
// review --from-csv) through the CSV reader and the review import. Every field must be valid UTF-8, rows must
// be numbered upwards, and the import must give a plan or a Problem — never a crash. Build with ./run fuzz.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/utf8.h"
#include "reports/csv/csv_reader.h"
#include "reports/csv/review_import.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace datavagt;
  auto table = csv::read_csv(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!table) return 0;
  std::size_t last = 0;
  for (const auto& row : table->rows) {
    if (row.number <= last) std::abort();
    last = row.number;
    for (const auto& f : row.fields)
      if (!utf8::is_valid(f)) std::abort();
  }
  report::ReportModel model;
  report::ReportFile f;
  f.id = 1;
  f.content = store::ContentHash{};
  f.state = store::ReviewState::Open;
  model.files.push_back(f);
  (void)csv::plan_review_import(*table, model, (size & 1) != 0);
  return 0;
}
