#pragma once
// CPR numbers in names: a file or folder name on disk, an archive member's or an attachment's name. A name is
// the person's number as often as a letter is ("Ansøgning 030485-1007.txt"), so it is scanned like text, by
// the same detector, validator and scoring (an underscore read as the space it stands for in names:
// "Ansøgning_030485_1007.pdf"): a CPR word in the name counts ("CPR 0304851007.pdf"), a label of another id
// too ("Fakturanr. 0304851007.pdf" is not reported); the rules about many numbers around a number
// cannot fire in a few words, and the folders above a name are not its context (a share's folder names
// are about many files). Only the CPR kinds are reported from a name: a dictionary word in a name
// ("Diagnoser.xlsx") says little about a person, and the file's text is scanned anyway.
// Whatever is reported, every number in a name that could be a CPR number is masked where it is shown.
// Pure functions apart from the caller's MatchSession; thread-safe with one session per thread.
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.h"

namespace datavagt {

class MatchSession;

// Where a name finding is, as its `part`.
inline constexpr std::string_view kFileNamePart = "file name";
inline constexpr std::string_view kFolderNamePart = "folder name";

struct NameFindings {
  std::vector<Finding> findings;  // cpr, cpr-replacement; where.part = the part given, offset in the name,
                                  // context = the masked name, members empty (the caller places them)
  std::string masked;             // mask_cpr_numbers(name)
};

// Scans `name` (raw bytes; invalid UTF-8 is read as U+FFFD) with the calling thread's `session`, which must
// not be in the middle of another item (begin() and finish() are called here). A name with fewer than ten
// digits costs a count of its digits.
NameFindings scan_name(MatchSession& session, std::string_view name, std::string_view part);

// `text` (any bytes: a path, a location, a message) with the last four digits of every number that could
// be a CPR number replaced by X: ten digits DDMMYY[sep]SSSS not touching other digits — the shape the
// CPR detector looks at, with the separators of names (-, space, " - ", ., tab, _; not /, which separates
// names in a path) — whose DDMMYY and seventh digit make a real birth date (a replacement number's, day + 60,
// too), future dates included. Other numbers and all other bytes are kept.
// "Ansøgning 030485-1007.txt" -> "Ansøgning 030485-XXXX.txt".
std::string mask_cpr_numbers(std::string_view text);

// True when mask_cpr_numbers would change `text`.
bool has_cpr_number(std::string_view text);

}  // namespace datavagt
