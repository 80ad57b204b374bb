#include "reports/policy_json.h"

#include "reports/json_text.h"

namespace datavagt {

void append_overdue(std::string& r, const Overdue& o) {
  r += ",\"overdue\":{\"rule\":";
  json::append_string(r, o.rule);
  r += ",\"days\":" + std::to_string(o.days) + ",\"days_over\":" + std::to_string(o.days_over) + "}";
}

void append_policy_fields(std::string& r, const FileVerdict& v) {
  if (!v.misplaced.empty()) {
    r += ",\"misplaced\":[";
    for (std::size_t i = 0; i < v.misplaced.size(); ++i) {
      if (i) r += ',';
      json::append_string(r, v.misplaced[i]);
    }
    r += ']';
  }
  auto field = [&](const char* name, const std::string& value) {
    if (value.empty()) return;
    r += ",\"";
    r += name;
    r += "\":";
    json::append_string(r, value);
  };
  field("owner", v.owner);
  field("department", v.department);
  field("responsible", v.responsible);
  field("responsible_email", v.responsible_email);
}

}  // namespace datavagt
