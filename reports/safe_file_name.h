#pragma once
// A department's name made fit to be part of a file name on Linux, on a Windows share and in a ZIP sent by
// mail: path separators, the characters Windows forbids (\ / : * ? " < > |) and control characters become
// `_`, leading and trailing dots and spaces go, a name Windows reserves (CON, NUL, COM1 …) gets a `_`, and
// it is cut to at most 80 bytes on a UTF-8 boundary. Letters stay as they are ("Ældreplejen"). Pure.
#include <string>
#include <string_view>
#include <vector>

namespace datavagt {

std::string safe_file_name(std::string_view name, std::string_view if_empty);

// One safe name per entry of `names`, distinct from each other ("-2", "-3" … added where two would meet,
// compared without regard to case, as Windows does).
std::vector<std::string> distinct_safe_file_names(const std::vector<std::string>& names, std::string_view if_empty);

}  // namespace datavagt
