#include "tests/support/scanner_fixture.h"

#include <sstream>

namespace datavagt::testing {

namespace {

std::string joined(const std::vector<std::string>& members) {
  std::string out;
  for (const auto& m : members) out += "!/" + m;
  return out;
}

}  // namespace

std::vector<std::string> verdict_lines(const FileVerdict& v) {
  std::vector<std::string> out;
  out.push_back("format " + v.format);
  for (const auto& f : v.findings) {
    std::ostringstream s;
    s << "finding " << to_string(f.kind) << ' ' << joined(f.members) << ' ' << f.masked << ' ' << f.fingerprint << ' '
      << f.confidence << ' ' << f.where.page << ' ' << f.where.part << ' ' << f.offset << ' ' << f.context << ' '
      << f.count << ' ' << f.member_time;
    for (const auto& t : f.terms) s << ' ' << t.term << '=' << t.count;
    out.push_back(s.str());
  }
  for (const auto& p : v.problems)
    out.push_back("problem " + std::string(to_string(p.kind)) + ' ' + joined(p.members) + ' ' + p.detail);
  for (const auto& n : v.notes) out.push_back("note " + n);
  return out;
}

}  // namespace datavagt::testing
