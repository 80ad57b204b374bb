#pragma once
// Masking: what may leave the matcher. A CPR becomes "DDMMYY-XXXX"; a context snippet keeps its words
// but every CPR-like number in it (and any digit run cut by the snippet's edges) is masked.
#include <string>
#include <string_view>

namespace datavagt {

// `digits`: the ten digits. Returns "DDMMYY-XXXX".
std::string mask_cpr(std::string_view digits);

// A snippet fit for reports: valid UTF-8 in, control characters and runs of whitespace become one space,
// each DDMMYY[sep]SSSS shape has its last four digits replaced by X, and digit runs touching the snippet's
// start or end (possibly a cut number) are masked whole.
std::string mask_snippet(std::string_view utf8);

}  // namespace datavagt
