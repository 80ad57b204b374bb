#pragma once
// The words for Datavagt's machine values in the reader's language: kinds, severities, review states,
// reasons a file was not fully scanned, policy flags. One place for the terminal summary, the HTML and the
// CSV report (the JSON Lines keep the machine values). Pure, thread-safe.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "core/finding.h"
#include "core/problem.h"
#include "reports/i18n/messages.h"
#include "reports/store/store.h"

namespace datavagt {

// Every kind, in the order reports list them (CPR kinds first, then the special categories).
inline constexpr FindingKind kReportKinds[] = {
    FindingKind::Cpr,      FindingKind::CprReplacement, FindingKind::Health,   FindingKind::Ethnicity,
    FindingKind::Politics, FindingKind::Religion,       FindingKind::Union,    FindingKind::Genetic,
    FindingKind::Biometric, FindingKind::Sexual,        FindingKind::Criminal};

std::string_view kind_label(const i18n::Messages& m, FindingKind k);         // "helbred"
std::string_view severity_label(const i18n::Messages& m, Severity s);        // "kritisk"
std::string_view state_label(const i18n::Messages& m, store::ReviewState s); // "Redigeret"
std::string_view mixed_state_label(const i18n::Messages& m);                 // "Blandet"
std::string_view reason_label(const i18n::Messages& m, ProblemKind k);       // "krypteret"
std::string_view overdue_label(const i18n::Messages& m);                     // "for gammel"
std::string_view misplaced_label(const i18n::Messages& m);                   // "forkert placeret"
// Where in a document, as extractors name it ("sheet Budget", "slide 3", "header"): "ark Budget", "dias 3",
// "sidehoved"; a part Datavagt has no word for is shown as it is.
std::string part_label(const i18n::Messages& m, std::string_view part);
// The position of a finding for people: member chain (a mail folder and message, a zip entry), page, part.
std::string position_label(const i18n::Messages& m, const Finding& f);
// "3 CPR, helbred ×6": distinct values of CPR kinds, term occurrences of special categories.
std::string kinds_summary(const i18n::Messages& m, const std::map<FindingKind, std::uint64_t>& counts);

}  // namespace datavagt
