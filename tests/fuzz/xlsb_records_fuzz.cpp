// libFuzzer target: untrusted bytes as each of the three binary parts of an Excel .xlsb that
// extractors/office/xlsb_records.h reads (shared strings, the workbook's sheet list, a worksheet's cells).
// Checks, whatever the bytes: every string is valid UTF-8; no more strings or cells than the part could hold
// (a record is at least 2 bytes); and a part cut short gives a prefix of what the whole part gives (a record
// is read whole or not at all: "what came before kept"), but for the end of its last row
// (regressions/xlsb_records_fuzz/cut_inside_a_row). Any break aborts. Seeds: seeds/xlsb/
// (make_xlsb_seeds.py, the parts of tests/extractors/fixtures/ooxml/borgere.xlsb). Build with ./run sanitize.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "core/utf8.h"
#include "extractors/office/xlsb_records.h"

namespace {

using namespace datavagt;

// A broken rule: says which (the line) and aborts.
void check_at(bool ok, int line) {
  if (ok) return;
  std::fprintf(stderr, "xlsb_records_fuzz: the check at line %d failed\n", line);
  std::abort();
}
#define check(ok) check_at((ok), __LINE__)

std::vector<std::string> strings(std::string_view part) {
  std::vector<std::string> out;
  xlsb_shared_strings(part, [&](std::string_view s) {
    check(utf8::is_valid(s));
    out.emplace_back(s);
    return true;
  });
  return out;
}

std::vector<std::string> cells(std::string_view part) {
  std::vector<std::string> out;
  xlsb_sheet_cells(part, [&](const XlsbCell& c) {
    check(utf8::is_valid(c.text));
    out.push_back(std::to_string(static_cast<int>(c.kind)) + ':' + c.text);
    return true;
  });
  return out;
}

template <class T>
bool is_prefix(const std::vector<T>& a, const std::vector<T>& b) {
  if (a.size() > b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!(a[i] == b[i])) return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view part(reinterpret_cast<const char*>(data), size);
  const std::string_view half = part.substr(0, size / 2);

  const auto whole_strings = strings(part);
  check(whole_strings.size() <= size / 2 + 1);
  check(is_prefix(strings(half), whole_strings));

  std::vector<XlsbSheet> sheets;
  xlsb_workbook_sheets(part, sheets);
  check(sheets.size() <= size / 2 + 1);
  for (const auto& s : sheets) check(utf8::is_valid(s.name) && utf8::is_valid(s.relationship_id));

  const auto whole_cells = cells(part);
  check(whole_cells.size() <= size / 2 + 1);
  // A part cut at a record boundary ends its open row (a RowEnd the whole part has later, if at all).
  auto half_cells = cells(half);
  if (!half_cells.empty() && half_cells.back() == std::to_string(static_cast<int>(XlsbCell::Kind::RowEnd)) + ':')
    half_cells.pop_back();
  check(is_prefix(half_cells, whole_cells));
  return 0;
}
