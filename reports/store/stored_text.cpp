#include "reports/store/stored_text.h"

#include "core/utf8.h"
#include "detectors/name_scan.h"
#include "reports/store/identity.h"

namespace datavagt::store {

std::string stored_text(std::string_view raw) {
  std::string masked = mask_cpr_numbers(raw);
  if (utf8::is_valid(masked)) return masked;
  std::string out;
  utf8::append_lossy(out, masked);
  return out;
}

std::vector<std::string> stored_texts(const std::vector<std::string>& raw) {
  std::vector<std::string> out;
  out.reserve(raw.size());
  for (const auto& s : raw) out.push_back(stored_text(s));
  return out;
}

void set_records(ResultRecord& r, const std::vector<Finding>& findings, const std::vector<Problem>& problems,
                 const std::vector<std::string>& notes) {
  r.findings.clear();
  r.finding_keys.clear();
  r.problems.clear();
  r.findings.reserve(findings.size());
  r.finding_keys.reserve(findings.size());
  for (const Finding& f : findings) {
    Finding stored = f;
    stored.members = stored_texts(f.members);
    r.finding_keys.push_back(finding_key(stored));
    r.findings.push_back(std::move(stored));
  }
  for (const Problem& p : problems) r.problems.push_back(Problem{p.kind, stored_text(p.detail), stored_texts(p.members)});
  r.notes = stored_texts(notes);
}

}  // namespace datavagt::store
