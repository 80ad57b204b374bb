#pragma once
// What the scanner calls once per on-disk file, after the file's findings are known: a file without
// findings costs nothing; one with findings gets its owner, and with a policy its department, misplaced and
// overdue verdicts (access_probe.h gathers the facts, verdict.h judges them). Thread-safe: called
// concurrently from the scanning threads; the caches it keeps are shared.
#include <cstdint>
#include <memory>

#include "core/file_verdict.h"
#include "scanner/policy/access_check.h"
#include "scanner/policy/access_probe.h"
#include "scanner/policy/owner_names.h"
#include "scanner/policy/policy.h"

namespace datavagt::policy {

class PolicyCheck {
 public:
  // `policy` (may be null: owners only) must outlive this; `now`: the time ages are counted to (the start of
  // the scan, the same for every file).
  PolicyCheck(const Policy* policy, std::int64_t now, ProbeOptions options = {}, std::string wbinfo = OwnerNames::find_on_path("wbinfo"));

  // `follow`: the file was named on the command line (a symlink there is followed).
  void apply(FileVerdict& v, bool follow = false);

 private:
  const Policy* policy_;
  std::int64_t now_;
  BroadGroups groups_;
  OwnerNames names_;
  AccessProbe probe_;
};

}  // namespace datavagt::policy
