#pragma once
// The report page's style sheet and script (reports/html/report.css, report.js), compiled into the program at
// build time (cmake/embed_text.cmake).
#include <string_view>

namespace datavagt::html {

std::string_view report_css();
std::string_view report_js();

}  // namespace datavagt::html
