#pragma once
// `datavagt purge --db FILE`: the store is personal data too, kept no longer than needed. Deletes the runs
// older than --older-than DAYS (default kDefaultRetentionDays) or beyond the newest --keep-runs N, the history
// only they needed (earlier findings of files that changed since, files gone since), and review decisions about
// content no longer held; then vacuums, so nothing deleted stays in the file or its WAL. The current state (every
// present file's findings and review states, and the newest complete run) is never purged; the lookup audit is
// kept. Takes the scan lock: not while a scan runs. Exit code 0, or 2 on an error.
#include <cstdint>
#include <optional>
#include <string>

namespace datavagt {

inline constexpr std::uint64_t kDefaultRetentionDays = 400;  // a year of nightly history, plus a month

struct PurgeOptions {
  std::string db;
  std::optional<std::uint64_t> older_than_days;
  std::optional<std::uint64_t> keep_runs;
};

int run_purge(const PurgeOptions& options);

}  // namespace datavagt
