#pragma once
// How a mail message is named in a location, the same for mbox, EML, PST and MSG:
//   "<index> <subject> (<YYYY-MM-DD>)"   e.g. "12 Ansøgning om boligstøtte (2019-03-01)"
// so a finding reads `export.pst!/Indbakke/12 Ansøgning om boligstøtte (2019-03-01)!/bilag.pdf`.
// A subject is content and may hold personal data: every CPR shape in it is masked as in report snippets
// (core/masking.h), it is cut to a readable length, and '/' becomes U+2215 so it never reads as a folder.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace datavagt {

// `index`: the message's number in its folder or mbox (1-based). `subject_utf8`: the decoded subject (invalid
// UTF-8 is replaced). `date`: the message's Date in seconds since the epoch, if it has one (shown in UTC).
std::string message_label(std::uint64_t index, std::string_view subject_utf8, std::optional<std::int64_t> date);

// "YYYY-MM-DD" (UTC) of seconds since the epoch.
std::string iso_date(std::int64_t epoch_seconds);

}  // namespace datavagt
