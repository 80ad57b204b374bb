#pragma once
// `datavagt lookup --db FILE`: where is this person's data? Reads CPR numbers (or their fingerprints, as
// `datavagt fingerprint` prints them) one per line from standard input or --input FILE — never from the command
// line, where shell history and `ps` would keep them — and lists every present location whose findings carry
// each number's keyed fingerprint, with its review state. Prints and stores no number in clear: the masked
// form and the fingerprint only. Every lookup is written to the store's audit table (who, when, the
// fingerprints, how many hits) before anything is printed; a store that cannot take it is not searched.
// A key other than the store's is refused (its key check value). Exit code: 0 nothing found, 1 found, 2 error.
#include <string>

namespace datavagt {

struct LookupOptions {
  std::string db;
  std::string key_file;  // "" = the per-installation key
  std::string input;     // "" or "-" = standard input
};

int run_lookup(const LookupOptions& options);

}  // namespace datavagt
