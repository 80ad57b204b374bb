#include "scanner/lookup_command.h"

#include <ctime>
#include <fstream>
#include <iostream>

#include "core/location.h"
#include "core/masking.h"
#include "detectors/cpr_validator.h"
#include "reports/store/identity.h"
#include "scanner/scan_store.h"
#include "scanner/store_access.h"

namespace datavagt {

using namespace store;

namespace {

bool is_fingerprint(const std::string& s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

struct Wanted {
  std::string fingerprint;
  std::string masked;  // "" when given as a fingerprint
};

}  // namespace

int run_lookup(const LookupOptions& o) {
  auto opened = open_existing_store(o.db, false);
  if (!opened) return command_error(opened.problem().detail);
  Store& db = **opened;
  auto keyed = key_for_store(db, o.db, o.key_file);
  if (!keyed) return command_error(keyed.problem().detail);

  std::ifstream file;
  std::istream* in = &std::cin;
  if (!o.input.empty() && o.input != "-") {
    file.open(o.input);
    if (!file) return command_error("cannot read " + o.input);
    in = &file;
  }
  std::vector<Wanted> wanted;
  std::string line;
  for (std::size_t n = 1; std::getline(*in, line); ++n) {
    const auto b = line.find_first_not_of(" \t\r");
    if (b == std::string::npos || line[b] == '#') continue;
    line = line.substr(b, line.find_last_not_of(" \t\r") - b + 1);
    if (is_fingerprint(line)) {
      wanted.push_back({line, ""});
      continue;
    }
    const auto digits = normalise_cpr(line);
    if (!digits)  // the line is not repeated: it may be a mistyped number
      return command_error("line " + std::to_string(n) + " is neither a CPR number (DDMMYY-SSSS) nor a fingerprint");
    wanted.push_back({keyed->of(*digits), mask_cpr(*digits)});
  }
  if (wanted.empty()) return command_error("no CPR number on the input (one per line)");

  // Found first, printed after the audit record is safely stored.
  std::string report;
  std::uint64_t hits = 0;
  std::vector<std::string> fingerprints;
  for (const Wanted& w : wanted) {
    fingerprints.push_back(w.fingerprint);
    FileQuery q;
    q.fingerprint = w.fingerprint;
    auto view = load_review_view(db, q);
    if (!view) return command_error(view.problem().detail);
    std::string lines;
    std::size_t found = 0;
    std::string masked = w.masked;
    for (const StoredFile& f : view->files) {
      if (!f.result) continue;
      for (std::size_t i = 0; i < f.result->findings.size(); ++i) {
        const Finding& x = f.result->findings[i];
        if (x.fingerprint != w.fingerprint) continue;
        if (masked.empty()) masked = x.masked;
        char confidence[16];
        std::snprintf(confidence, sizeof confidence, "%.2f", x.confidence);
        lines += "  " + Location{f.file.display_path, x.members}.display() + "  " + std::string(to_string(x.kind)) +
                 ", confidence " + confidence + ", " + std::to_string(x.count) + "x, " +
                 std::string(to_string(view->state(f, i))) + "\n";
        found++;
      }
    }
    hits += found;
    report += (masked.empty() ? std::string("(fingerprint)") : masked) + "  " + w.fingerprint.substr(0, 16) + "…  " +
              (found == 0 ? std::string("not found") : std::to_string(found) + (found == 1 ? " location" : " locations")) +
              "\n" + lines;
  }
  LookupRecord audit{static_cast<std::int64_t>(std::time(nullptr)), current_user(), fingerprints, hits};
  if (auto r = db.add_lookup(audit); !r)
    return command_error("the lookup could not be written to the audit table, so it is not shown: " + r.problem().detail);
  std::fputs(report.c_str(), stdout);
  return hits > 0 ? 1 : 0;
}

}  // namespace datavagt
