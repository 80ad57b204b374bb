#pragma once
// Members kept across runs in the findings store (`scan --db`): the MemberArchive behind the run's
// KnownMembers (known_members.h), so the attachment that came in 500 mails last month, or the logo pasted
// into every letter, is not extracted (nor OCRed) again when it turns up in a new file tonight.
//
// A member is kept as the store keeps a file's result (stored_text.h): masked member names, notes and problem
// details, masked values and keyed fingerprints, never its text. It is found again by the SHA-256 of its bytes
// and the depth it was met at, among the members decided as this run decides (decided_by: rules,
// dictionaries, key, thresholds, OCR mode), so a changed rule set reads every member again. The stored keys
// are loaded once, on the first lookup (8 bytes each, sorted), so a member the store never saw costs no query.
// With --full nothing is taken from the store (what the run scans is still kept). What is kept goes to the
// run's StoreWriter and is committed with its next batch; a run that dies first only loses some reuse.
// Thread-safe: find() from any scanning thread (each through its own read connection), keep() too.
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "reports/store/store.h"
#include "reports/store/store_writer.h"
#include "scanner/known_members.h"

namespace datavagt {

class StoredMembers final : public MemberArchive {
 public:
  // This thread's read connection; nullptr when none can be opened (then nothing is found).
  using Reader = std::function<store::Store*()>;

  StoredMembers(Reader reader, store::StoreWriter& writer, std::string decided_by, bool full);

  std::optional<ScannedMember> find(const SeenMembers::Digest& d, unsigned depth) override;
  void keep(const SeenMembers::Digest& d, unsigned depth, const ScannedMember& m) override;

  // The record keep() hands to the store, and the member find() makes of it (tests).
  static store::MemberRecord to_record(const SeenMembers::Digest& d, unsigned depth, const ScannedMember& m,
                                       const std::string& decided_by);
  static ScannedMember from_record(store::MemberRecord&& r);

 private:
  void load_keys();
  bool may_be_stored(const SeenMembers::Digest& d);

  Reader reader_;
  store::StoreWriter& writer_;
  const std::string decided_by_;
  const bool full_;
  std::once_flag loaded_;
  std::vector<std::uint64_t> keys_;  // the first 8 bytes of each stored member's hash, sorted
};

}  // namespace datavagt
