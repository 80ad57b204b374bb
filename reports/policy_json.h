#pragma once
// The policy verdict's fields in a JSON Lines record (the contract table in README.md): `overdue` as an
// object, and the file's `misplaced`, `owner`, `department`, `responsible`, `responsible_email` — each only
// when it has a value, so records of a scan without a policy are unchanged. Pure, thread-safe.
#include <string>

#include "core/file_verdict.h"

namespace datavagt {

// ,"overdue":{"rule":"share/Jobcenter/**","days":1095,"days_over":212}
void append_overdue(std::string& r, const Overdue& o);
// ,"misplaced":[…],"owner":"…","department":"…","responsible":"…","responsible_email":"…"
void append_policy_fields(std::string& r, const FileVerdict& v);

}  // namespace datavagt
