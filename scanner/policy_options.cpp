#include "scanner/policy_options.h"

namespace datavagt {

void apply_policy_settings(const policy::ScanSettings& s, ScanOptions& o) {
  // `option` is the command-line flag's long name: the file's value applies when that flag was not given.
  auto take = [&](const char* option, const auto& from, auto& to) {
    if (from && !o.given.count(option)) to = *from;
  };
  take("key-file", s.key_file, o.key_file);
  take("min-confidence", s.min_confidence, o.detect.min_confidence);
  take("min-score", s.min_score, o.detect.min_score);
  take("kinds", s.kinds, o.kinds);
  take("terms", s.terms, o.term_paths);
  take("no-builtin-terms", s.builtin_terms, o.builtin_terms);
  take("threads", s.threads, o.threads);
  take("max-text-size", s.max_text_size, o.limits.max_text_bytes);
  take("max-depth", s.max_depth, o.limits.max_depth);
  take("max-archive-size", s.max_archive_size, o.limits.max_unpacked_bytes);
  take("max-unpacked-size", s.max_unpacked_size, o.limits.max_file_unpacked_bytes);
  take("max-ratio", s.max_ratio, o.limits.max_compression_ratio);
  take("max-seconds", s.max_seconds, o.limits.max_seconds_per_file);
  if (s.max_members && !o.given.count("max-members")) o.limits.max_members = static_cast<std::size_t>(*s.max_members);
  if (s.cross_filesystems && !o.given.count("cross-filesystems")) o.one_file_system = !*s.cross_filesystems;
  if (s.member_tasks && !o.given.count("member-tasks"))
    o.limits.parallel_member_bytes = *s.member_tasks ? Limits{}.parallel_member_bytes : 0;
}

}  // namespace datavagt
