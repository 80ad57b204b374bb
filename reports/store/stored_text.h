#pragma once
// Text as the store keeps it: CPR-like numbers masked (detectors/name_scan.h), always valid UTF-8. Every
// member name, note and problem detail passes through here on its way into the store (store.h: the store
// keeps no CPR number in clear). Pure functions.
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.h"
#include "core/problem.h"
#include "reports/store/store.h"

namespace datavagt::store {

std::string stored_text(std::string_view raw);
std::vector<std::string> stored_texts(const std::vector<std::string>& raw);

// `r`'s findings (with their keys), problems and notes: these, as the store keeps them.
void set_records(ResultRecord& r, const std::vector<Finding>& findings, const std::vector<Problem>& problems,
                 const std::vector<std::string>& notes);

}  // namespace datavagt::store
