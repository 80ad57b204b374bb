#pragma once
// What the store's commands (report, review, lookup, purge) share: opening an existing store with a message
// worded for the user, the key check, and the review view of the present files. Errors are values.
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "detectors/fingerprint.h"
#include "reports/store/review_book.h"
#include "reports/store/store.h"

namespace datavagt {

// Prints "datavagt: MESSAGE" on stderr; returns exit code 2 (the user's mistake or an unusable store).
int command_error(const std::string& message);

// The store at `path`, which must exist (a typo never creates an empty store).
Result<std::unique_ptr<store::Store>> open_existing_store(const std::string& path, bool read_only);

// The key (--key-file, else the installation key or the user's own, as scanner/key_file.h says; never created
// here; its warnings on stderr) as a Fingerprinter, refused unless it is the key the store was made with.
Result<Fingerprinter> key_for_store(store::Store& db, const std::string& db_path, const std::string& key_file);

// Every present file, and the review decisions as they apply to them now.
struct ReviewView {
  std::vector<store::StoredFile> files;
  std::optional<store::ReviewBook> book;
  store::ReviewState state(const store::StoredFile& f, std::size_t finding) const;
  const store::ReviewRecord* decision(const store::StoredFile& f, std::size_t finding) const;
};
Result<ReviewView> load_review_view(store::Store& db, const store::FileQuery& query);

// "030485-XXXX" style states for the command line: open, handled, false-positive, deleted, moved, accepted.
Result<std::vector<store::ReviewState>> parse_states(const std::vector<std::string>& names);

}  // namespace datavagt
