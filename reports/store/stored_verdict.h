#pragma once
// A stored file as the sinks know it: the FileVerdict a scan would have delivered for it (JSON Lines from the
// store and from a scan are the same records), policy verdict included. The path is the raw bytes when the
// store kept them, else the masked display path. Pure.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/file_verdict.h"
#include "reports/store/store.h"

namespace datavagt::store {

FileVerdict verdict_of(const StoredFile& f);

// The policy verdict's details as FileRecord::policy_json keeps them: {"overdue":{…}, "misplaced":[…],
// "responsible_email":"…", "items":{"<member chain>":{…}}} — the file's own overdue, the reasons, and each
// mail item's overdue by its member chain as the store names it (`display` masks a finding's members);
// "{}" when there is nothing. restore_policy_details() puts them back on a verdict of stored findings.
std::string policy_details_json(
    const FileVerdict& v, const std::function<std::vector<std::string>(const std::vector<std::string>&)>& display);
void restore_policy_details(std::string_view json, FileVerdict& v);

}  // namespace datavagt::store
