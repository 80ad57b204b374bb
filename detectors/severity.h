#pragma once
// Severity of an item's findings, decided from all of them together: a CPR number next to a diagnosis,
// a criminal record or a union membership is what the DPO looks at first. Pure, thread-safe.
#include <vector>

#include "core/finding.h"

namespace datavagt {

// Sets `severity` on every finding of one item (one text stream):
//   critical  identifier (cpr, cpr-replacement) and a sensitive kind scoring >= kCriticalWithCpr in the item
//   high      an identifier without such a sensitive finding
//   medium    a sensitive kind scoring >= kMedium, no identifier
//   low       a sensitive kind below that, no identifier
void assign_severity(std::vector<Finding>& item_findings);

}  // namespace datavagt
