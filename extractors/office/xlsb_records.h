#pragma once
// Excel's binary workbook parts (.xlsb, MS-XLSB): the BIFF12 record stream of xl/sharedStrings.bin,
// xl/workbook.bin and xl/worksheets/sheetN.bin (issue 15, item 3). A record is a type (1–2 bytes of 7 bits)
// and a size (1–4 bytes of 7 bits), then its data. What is read:
//   sharedStrings.bin  BrtSSTItem (19): the string of each item (its rich-text runs and phonetics skipped)
//   workbook.bin       BrtBundleSh (156): each sheet's name and relationship id, in workbook order
//   sheetN.bin         cells: BrtCellRk (2) and BrtCellReal (5) numbers, BrtCellSt (6) inline strings,
//                      BrtFmlaString (8) and BrtFmlaNum (9) formula results, BrtCellBool (4); shared-string
//                      cells (7) are indexes (the strings are their own part); BrtRowHdr (0) ends a row
// Contract: pure functions over a part held in memory; every length is checked against the bytes left (a
// record running past the end, or a string longer than its record, ends the walk: false, what came before
// kept); UTF-16 converted to valid UTF-8. Thread-safe.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace datavagt {

struct XlsbCell {
  enum class Kind { Text, Number, RowEnd } kind = Kind::Text;
  std::string text;     // Text: the string (UTF-8); Number: the number as Excel shows it in General
  bool integer = false;  // Number: a whole number
};

// Each shared string in order; `each` returning false stops. False when the part is damaged.
bool xlsb_shared_strings(std::string_view part, const std::function<bool(std::string_view)>& each);

struct XlsbSheet {
  std::string name;
  std::string relationship_id;
};
// The sheets the workbook lists, in order. False when the part is damaged.
bool xlsb_workbook_sheets(std::string_view part, std::vector<XlsbSheet>& sheets);

// Each cell value of a worksheet part in order, and the end of each row; `each` returning false stops.
// False when the part is damaged.
bool xlsb_sheet_cells(std::string_view part, const std::function<bool(const XlsbCell&)>& each);

}  // namespace datavagt
