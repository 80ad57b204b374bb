#include "reports/labels.h"

namespace datavagt {

std::string_view kind_label(const i18n::Messages& m, FindingKind k) {
  switch (k) {
    case FindingKind::Cpr: return m.trc("kind", "CPR");
    case FindingKind::CprReplacement: return m.trc("kind", "CPR replacement");
    case FindingKind::Health: return m.trc("kind", "health");
    case FindingKind::Ethnicity: return m.trc("kind", "ethnic origin");
    case FindingKind::Politics: return m.trc("kind", "political opinions");
    case FindingKind::Religion: return m.trc("kind", "religious beliefs");
    case FindingKind::Union: return m.trc("kind", "union membership");
    case FindingKind::Genetic: return m.trc("kind", "genetic data");
    case FindingKind::Biometric: return m.trc("kind", "biometric data");
    case FindingKind::Sexual: return m.trc("kind", "sex life");
    case FindingKind::Criminal: return m.trc("kind", "criminal offences");
  }
  return "?";
}

std::string_view severity_label(const i18n::Messages& m, Severity s) {
  switch (s) {
    case Severity::Critical: return m.trc("severity", "critical");
    case Severity::High: return m.trc("severity", "high");
    case Severity::Medium: return m.trc("severity", "medium");
    case Severity::Low: return m.trc("severity", "low");
  }
  return "?";
}

std::string_view state_label(const i18n::Messages& m, store::ReviewState s) {
  using store::ReviewState;
  switch (s) {
    case ReviewState::Open: return m.trc("review state", "Open");
    case ReviewState::Handled: return m.trc("review state", "Handled");
    case ReviewState::Moved: return m.trc("review state", "Moved");
    case ReviewState::Deleted: return m.trc("review state", "Deleted");
    case ReviewState::FalsePositive: return m.trc("review state", "False positive");
    case ReviewState::Accepted: return m.trc("review state", "Accepted");
  }
  return "?";
}

std::string_view mixed_state_label(const i18n::Messages& m) { return m.trc("review state", "Mixed"); }

std::string_view reason_label(const i18n::Messages& m, ProblemKind k) {
  switch (k) {
    case ProblemKind::PermissionDenied: return m.trc("reason", "permission denied");
    case ProblemKind::NotFound: return m.trc("reason", "not found");
    case ProblemKind::Vanished: return m.trc("reason", "vanished during the scan");
    case ProblemKind::Unreadable: return m.trc("reason", "unreadable (I/O error)");
    case ProblemKind::Encrypted: return m.trc("reason", "encrypted");
    case ProblemKind::Truncated: return m.trc("reason", "cut short (text limit)");
    case ProblemKind::Limit: return m.trc("reason", "a limit was reached");
    case ProblemKind::Corrupt: return m.trc("reason", "damaged");
    case ProblemKind::UnsupportedFormat: return m.trc("reason", "format not supported");
    case ProblemKind::Internal: return m.trc("reason", "internal error");
    case ProblemKind::Interrupted: return m.trc("reason", "the scan was stopped");
    case ProblemKind::Crashed: return m.trc("reason", "crashed the reader");
    case ProblemKind::Timeout: return m.trc("reason", "took too long (stopped)");
    case ProblemKind::MemoryLimit: return m.trc("reason", "used too much memory");
  }
  return "?";
}

std::string_view overdue_label(const i18n::Messages& m) { return m.trc("flag", "overdue"); }
std::string_view misplaced_label(const i18n::Messages& m) { return m.trc("flag", "misplaced"); }

std::string part_label(const i18n::Messages& m, std::string_view part) {
  struct Word {
    std::string_view part;
    std::string_view label;
  };
  const Word whole[] = {
      {"body", m.trc("part", "body")},
      {"header", m.trc("part", "header")},
      {"footer", m.trc("part", "footer")},
      {"footnote", m.trc("part", "footnote")},
      {"endnote", m.trc("part", "endnote")},
      {"comment", m.trc("part", "comment")},
      {"text box", m.trc("part", "text box")},
      {"subject", m.trc("part", "subject")},
      {"sender", m.trc("part", "sender")},
      {"recipients", m.trc("part", "recipients")},
      {"attachment name", m.trc("part", "attachment name")},
      {"html body", m.trc("part", "html body")},
      {"rtf body", m.trc("part", "rtf body")},
      {"metadata", m.trc("part", "metadata")},
      {"properties", m.trc("part", "properties")},
      {"master", m.trc("part", "master")},
      {"presentation", m.trc("part", "presentation")},
      {"shared strings", m.trc("part", "shared strings")},
      {"chart", m.trc("part", "chart")},
  };
  for (const Word& w : whole)
    if (part == w.part) return std::string(w.label);
  const Word prefixes[] = {
      {"sheet ", m.trc("part", "sheet")},
      {"slide ", m.trc("part", "slide")},
      {"notes ", m.trc("part", "notes")},
  };
  for (const Word& w : prefixes)
    if (part.substr(0, w.part.size()) == w.part) return std::string(w.label) + " " + std::string(part.substr(w.part.size()));
  return std::string(part);
}

std::string position_label(const i18n::Messages& m, const Finding& f) {
  std::string out;
  for (const auto& member : f.members) out += (out.empty() ? "" : " › ") + member;
  if (f.where.page > 0)
    out += (out.empty() ? "" : ", ") + i18n::fill(m.tr("page {n}"), {{"n", std::to_string(f.where.page)}});
  if (!f.where.part.empty()) out += (out.empty() ? "" : ", ") + part_label(m, f.where.part);
  return out;
}

std::string kinds_summary(const i18n::Messages& m, const std::map<FindingKind, std::uint64_t>& counts) {
  std::string out;
  for (const auto& [kind, n] : counts) {
    if (!out.empty()) out += ", ";
    if (is_identifier(kind))
      out += std::to_string(n) + " " + std::string(kind_label(m, kind));
    else
      out += std::string(kind_label(m, kind)) + " ×" + std::to_string(n);
  }
  return out;
}

}  // namespace datavagt
