#include "scanner/policy/policy_check.h"

#include "scanner/policy/verdict.h"

namespace datavagt::policy {

PolicyCheck::PolicyCheck(const Policy* policy, std::int64_t now, ProbeOptions options, std::string wbinfo)
    : policy_(policy),
      now_(now),
      groups_(policy != nullptr ? BroadGroups(*policy) : BroadGroups()),
      names_(policy, std::move(wbinfo)),
      probe_(names_, std::move(options)) {}

void PolicyCheck::apply(FileVerdict& v, bool follow) {
  if (v.findings.empty()) return;
  const bool with_access = policy_ != nullptr && policy_->world_readable;
  const FileFacts facts = probe_.probe(v.info, with_access, follow);
  judge(policy_, groups_, facts, now_, v);
}

}  // namespace datavagt::policy
