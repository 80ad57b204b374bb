#include "extractors/office/xlsb_records.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <optional>

#include "extractors/le_bytes.h"
#include "extractors/utf16.h"

namespace datavagt {

namespace {

constexpr std::uint32_t kRowHdr = 0, kCellRk = 2, kCellBool = 4, kCellReal = 5, kCellSt = 6, kFmlaString = 8,
                        kFmlaNum = 9, kSstItem = 19, kBundleSh = 156;
constexpr std::size_t kCellBytes = 8;  // column (4), style and flags (4)

struct Record {
  std::uint32_t type = 0;
  std::string_view data;
};

// The records of a part, one by one; nullopt at the end or at damage (`damaged` then set).
class Records {
 public:
  explicit Records(std::string_view part) : part_(part) {}
  std::optional<Record> next() {
    if (at_ >= part_.size()) return std::nullopt;
    Record r;
    std::uint32_t type = 0;
    for (int i = 0; i < 2; ++i) {
      if (at_ >= part_.size()) return fail();
      const auto b = static_cast<unsigned char>(part_[at_++]);
      type |= static_cast<std::uint32_t>(b & 0x7F) << (7 * i);
      if (!(b & 0x80)) break;
      if (i == 1) return fail();
    }
    std::uint32_t size = 0;
    for (int i = 0; i < 4; ++i) {
      if (at_ >= part_.size()) return fail();
      const auto b = static_cast<unsigned char>(part_[at_++]);
      size |= static_cast<std::uint32_t>(b & 0x7F) << (7 * i);
      if (!(b & 0x80)) break;
      if (i == 3) return fail();
    }
    if (part_.size() - at_ < size) return fail();
    r.type = type;
    r.data = part_.substr(at_, size);
    at_ += size;
    return r;
  }
  bool damaged() const { return damaged_; }

 private:
  std::optional<Record> fail() {
    damaged_ = true;
    at_ = part_.size();
    return std::nullopt;
  }
  std::string_view part_;
  std::size_t at_ = 0;
  bool damaged_ = false;
};

// An XLWideString at `at` (a count of UTF-16 units, then the units); nullopt when it runs past the data.
// `nullable`: 0xFFFFFFFF is the empty (null) string.
std::optional<std::string> wide_string(std::string_view data, std::size_t at, std::size_t* end = nullptr,
                                       bool nullable = false) {
  const auto count = le::u32(data, at);
  if (!count) return std::nullopt;
  if (nullable && *count == 0xFFFFFFFF) {
    if (end) *end = at + 4;
    return std::string();
  }
  if ((data.size() - at - 4) / 2 < *count) return std::nullopt;
  const std::string_view units = data.substr(at + 4, std::size_t{*count} * 2);
  if (end) *end = at + 4 + units.size();
  std::string out;
  append_utf16le(out, units);
  return out;
}

std::string number_text(double v, bool& integer) {
  integer = std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15;
  char buf[32];
  const auto r = integer ? std::to_chars(buf, buf + sizeof buf, static_cast<long long>(v))
                         : std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

// An RkNumber: 30 bits of an integer or of a double's high bits, possibly divided by 100.
double rk_value(std::uint32_t rk) {
  double v;
  if (rk & 2) {
    v = static_cast<double>(static_cast<std::int32_t>(rk) >> 2);
  } else {
    const std::uint64_t bits = static_cast<std::uint64_t>(rk & 0xFFFFFFFC) << 32;
    std::memcpy(&v, &bits, sizeof v);
  }
  return (rk & 1) ? v / 100 : v;
}

}  // namespace

bool xlsb_shared_strings(std::string_view part, const std::function<bool(std::string_view)>& each) {
  Records records(part);
  while (auto r = records.next()) {
    if (r->type != kSstItem) continue;
    // RichStr: flags (1 byte), then the string; runs and phonetics after it are skipped.
    const auto s = wide_string(r->data, 1);
    if (!s) return false;
    if (!each(*s)) return true;
  }
  return !records.damaged();
}

bool xlsb_workbook_sheets(std::string_view part, std::vector<XlsbSheet>& sheets) {
  Records records(part);
  while (auto r = records.next()) {
    if (r->type != kBundleSh) continue;
    // hsState (4), iTabID (4), strRelID (nullable), strName.
    std::size_t end = 0;
    const auto rel = wide_string(r->data, 8, &end, true);
    if (!rel) return false;
    const auto name = wide_string(r->data, end);
    if (!name) return false;
    sheets.push_back({*name, *rel});
  }
  return !records.damaged();
}

bool xlsb_sheet_cells(std::string_view part, const std::function<bool(const XlsbCell&)>& each) {
  Records records(part);
  XlsbCell cell;
  bool row_open = false;
  while (auto r = records.next()) {
    const std::string_view d = r->data;
    cell = XlsbCell{};
    switch (r->type) {
      case kRowHdr:
        if (row_open) {
          cell.kind = XlsbCell::Kind::RowEnd;
          if (!each(cell)) return true;
        }
        row_open = true;
        continue;
      case kCellRk: {
        const auto rk = le::u32(d, kCellBytes);
        if (!rk) return false;
        cell.kind = XlsbCell::Kind::Number;
        cell.text = number_text(rk_value(*rk), cell.integer);
        break;
      }
      case kCellReal:
      case kFmlaNum: {
        const auto bits = le::u64(d, kCellBytes);
        if (!bits) return false;
        double v;
        std::memcpy(&v, &*bits, sizeof v);
        if (!std::isfinite(v)) continue;
        cell.kind = XlsbCell::Kind::Number;
        cell.text = number_text(v, cell.integer);
        break;
      }
      case kCellBool: {
        const auto b = le::u8(d, kCellBytes);
        if (!b) return false;
        cell.text = *b ? "TRUE" : "FALSE";
        break;
      }
      case kCellSt:
      case kFmlaString: {
        auto s = wide_string(d, kCellBytes);
        if (!s) return false;
        cell.text = std::move(*s);
        break;
      }
      default:
        continue;
    }
    if (!each(cell)) return true;
  }
  if (row_open && !records.damaged()) {
    cell = XlsbCell{};
    cell.kind = XlsbCell::Kind::RowEnd;
    each(cell);
  }
  return !records.damaged();
}

}  // namespace datavagt
