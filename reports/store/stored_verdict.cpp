#include "reports/store/stored_verdict.h"

#include <nlohmann/json.hpp>

namespace datavagt::store {

namespace {

std::string chain_of(const std::vector<std::string>& members) {
  std::string chain;
  for (const auto& m : members) chain += (chain.empty() ? "" : "!/") + m;
  return chain;
}

nlohmann::json overdue_json(const Overdue& o) {
  return nlohmann::json{{"rule", o.rule}, {"days", o.days}, {"days_over", o.days_over}};
}

std::optional<Overdue> overdue_from(const nlohmann::json& j) {
  if (!j.is_object() || !j.contains("rule") || !j.contains("days") || !j.contains("days_over")) return std::nullopt;
  return Overdue{j["rule"].get<std::string>(), j["days"].get<std::int64_t>(), j["days_over"].get<std::int64_t>()};
}

}  // namespace

std::string policy_details_json(
    const FileVerdict& v, const std::function<std::vector<std::string>(const std::vector<std::string>&)>& display) {
  nlohmann::json j = nlohmann::json::object();
  if (v.overdue) j["overdue"] = overdue_json(*v.overdue);
  if (!v.misplaced.empty()) j["misplaced"] = v.misplaced;
  if (!v.responsible_email.empty()) j["responsible_email"] = v.responsible_email;
  nlohmann::json items = nlohmann::json::object();
  for (const Finding& f : v.findings)
    if (f.overdue && !f.members.empty()) items[chain_of(display(f.members))] = overdue_json(*f.overdue);
  if (!items.empty()) j["items"] = std::move(items);
  return j.dump();
}

void restore_policy_details(std::string_view json, FileVerdict& v) {
  const auto j = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return;  // a store of an older version, or damaged: no details, not an error
  try {
    if (j.contains("overdue")) v.overdue = overdue_from(j["overdue"]);
    if (j.contains("misplaced")) v.misplaced = j["misplaced"].get<std::vector<std::string>>();
    if (j.contains("responsible_email")) v.responsible_email = j["responsible_email"].get<std::string>();
    const auto items = j.find("items");
    for (Finding& f : v.findings) {
      if (f.members.empty()) {
        f.overdue = v.overdue;  // the file's own content
      } else if (items != j.end()) {
        const auto it = items->find(chain_of(f.members));
        f.overdue = it != items->end() ? overdue_from(*it) : std::nullopt;
      }
    }
  } catch (const nlohmann::json::exception&) {
    // Details of an unexpected shape are left out, never a reason to fail a report.
  }
}

FileVerdict verdict_of(const StoredFile& s) {
  FileVerdict v;
  v.info.location.path = s.file.path_bytes ? *s.file.path_bytes : s.file.display_path;
  v.info.size = s.file.size;
  v.info.mtime = s.file.mtime_ns / 1000000000;
  v.info.owner_uid = s.file.owner_uid;
  v.info.mode = s.file.mode;
  v.flags = s.file.flags;
  v.owner = s.file.owner;
  v.department = s.file.department;
  v.responsible = s.file.responsible;
  if (s.result) {
    v.format = s.result->format;
    v.has_text = s.result->has_text;
    v.findings = s.result->findings;
    v.problems = s.result->problems;
    v.notes = s.result->notes;
  }
  restore_policy_details(s.file.policy_json, v);
  return v;
}

std::uint64_t verdict_digest(std::string_view owner, std::string_view department, std::string_view responsible,
                             std::string_view flags_json, std::string_view policy_json) {
  std::uint64_t h = 14695981039346656037ULL;  // FNV-1a, 64 bits
  const auto add_byte = [&h](unsigned char b) {
    h ^= b;
    h *= 1099511628211ULL;
  };
  for (const std::string_view part : {owner, department, responsible, flags_json, policy_json}) {
    std::uint64_t n = part.size();  // the length first: ("ab", "c") and ("a", "bc") differ
    for (int i = 0; i < 8; ++i, n >>= 8) add_byte(static_cast<unsigned char>(n & 0xff));
    for (const char c : part) add_byte(static_cast<unsigned char>(c));
  }
  return h;
}

std::uint64_t verdict_digest(const FileRecord& f) {
  return verdict_digest(f.owner, f.department, f.responsible, nlohmann::json(f.flags).dump(), f.policy_json);
}

}  // namespace datavagt::store
