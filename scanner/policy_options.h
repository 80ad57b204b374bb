#pragma once
// The policy file's [scan] and [limits] as scan options: each applies unless the same option was given on
// the command line (ScanOptions::given), which always wins. No I/O.
#include "scanner/policy/policy.h"
#include "scanner/scan_command.h"

namespace datavagt {

void apply_policy_settings(const policy::ScanSettings& s, ScanOptions& o);

}  // namespace datavagt
