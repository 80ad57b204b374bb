#pragma once
// The text runs in bytes of an unknown binary format, as `strings -a` and `strings -a -el` find them
// together (issue 15, item 3): runs of at least kMinRun characters, 8-bit (printable ASCII, tab, and the
// letters À–þ of windows-1252) and UTF-16LE at either byte alignment (printable ASCII and the Latin
// ranges U+00A0–U+024F, general punctuation, the euro sign). OneNote, XLSB cells outside a package, and many
// application formats keep their text as UTF-16LE, which a byte-wise decode turns into letters between NULs.
// Contract: one instance per item, one thread; fed piece by piece, the result does not depend on where the
// pieces are cut; memory bounded (a run longer than kMaxRunBytes is handed on in parts).
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace datavagt {

class BinaryStrings {
 public:
  static constexpr std::size_t kMinRun = 4;
  static constexpr std::size_t kMaxRunBytes = 16 * 1024;

  // `run` receives each run as UTF-8 (a run longer than kMaxRunBytes in parts); returning false stops.
  explicit BinaryStrings(std::function<bool(std::string_view)> run) : run_(std::move(run)) {}

  // Feeds the next bytes; false once `run` asked to stop.
  bool feed(std::string_view bytes);
  // The runs still open at the end.
  bool finish();

 private:
  struct Run {
    std::string utf8;
    std::size_t chars = 0;
  };
  bool end_run(Run& r);
  bool add(Run& r, char32_t c);

  std::function<bool(std::string_view)> run_;
  Run narrow_;
  Run wide_[2];  // UTF-16LE runs ending at even and at odd offsets
  int have_prev_ = -1;  // the previous byte, for a UTF-16 unit across pieces (-1: none yet)
  std::size_t offset_ = 0;
  bool stopped_ = false;
};

}  // namespace datavagt
