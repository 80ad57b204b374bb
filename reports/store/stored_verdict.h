#pragma once
// A stored file as the sinks know it: the FileVerdict a scan would have delivered for it (JSON Lines from the
// store and from a scan are the same records), policy verdict included. The path is the raw bytes when the
// store kept them, else the masked display path. Pure.
#include <cstdint>
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

// What decides whether an unchanged file's stored record must be written again: its owner, department,
// responsible, flags (as the JSON text the store keeps) and policy details, summed up in 64 bits (FNV-1a over
// the five, each with its length). The rescan index keeps only this, not the five strings.
std::uint64_t verdict_digest(std::string_view owner, std::string_view department, std::string_view responsible,
                             std::string_view flags_json, std::string_view policy_json);
std::uint64_t verdict_digest(const FileRecord& f);

}  // namespace datavagt::store
