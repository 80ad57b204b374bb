#include "extractors/mail/message_label.h"

#include <ctime>

#include "core/masking.h"
#include "core/utf8.h"

namespace datavagt {

namespace {

constexpr std::size_t kMaxSubjectBytes = 80;

}  // namespace

std::string iso_date(std::int64_t epoch_seconds) {
  const std::time_t t = static_cast<std::time_t>(epoch_seconds);
  std::tm tm{};
  if (::gmtime_r(&t, &tm) == nullptr) return "unknown date";
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

std::string message_label(std::uint64_t index, std::string_view subject_utf8, std::optional<std::int64_t> date) {
  std::string subject;
  utf8::append_lossy(subject, subject_utf8);
  // Padded with spaces so a number at the subject's start or end is judged like one inside it (mask_snippet
  // masks digit runs that touch its edges whole, for text cut out of a longer document).
  subject = mask_snippet(" " + subject + " ");
  while (!subject.empty() && subject.front() == ' ') subject.erase(0, 1);
  while (!subject.empty() && subject.back() == ' ') subject.pop_back();
  if (subject.size() > kMaxSubjectBytes) {
    subject.resize(utf8::floor_boundary(subject, kMaxSubjectBytes));
    subject += "…";
  }
  std::string label = std::to_string(index);
  if (!subject.empty()) label += ' ';
  for (char c : subject) {
    if (c == '/')
      label += "\u2215";
    else
      label += c;
  }
  if (date) label += " (" + iso_date(*date) + ")";
  return label;
}

}  // namespace datavagt
