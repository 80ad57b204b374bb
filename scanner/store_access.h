#pragma once
// What the store's commands (report, review, lookup, purge) share: opening an existing store with a message
// worded for the user, the key check, and review states typed on the command line. Errors are values.
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "detectors/fingerprint.h"
#include "reports/store/review_view.h"
#include "reports/store/store.h"

namespace datavagt {

// Prints "datavagt: MESSAGE" on stderr; returns exit code 2 (the user's mistake or an unusable store).
int command_error(const std::string& message);

// The store at `path`, which must exist (a typo never creates an empty store).
Result<std::unique_ptr<store::Store>> open_existing_store(const std::string& path, bool read_only);

// The key (--key-file, else the installation key or the user's own, as scanner/key_file.h says; never created
// here; its warnings on stderr) as a Fingerprinter, refused unless it is the key the store was made with.
Result<Fingerprinter> key_for_store(store::Store& db, const std::string& db_path, const std::string& key_file);

// "030485-XXXX" style states for the command line: open, handled, false-positive, deleted, moved, accepted.
Result<std::vector<store::ReviewState>> parse_states(const std::vector<std::string>& names);

}  // namespace datavagt
