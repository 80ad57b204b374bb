#include "reports/trend.h"

#include <algorithm>
#include <limits>
#include <map>

namespace datavagt::report {

using namespace store;

namespace {

// When the content's findings had all been decided (the earliest decision other than open for each finding,
// or for the whole file); max() when one never was.
class ReviewTimes {
 public:
  explicit ReviewTimes(const std::vector<ReviewRecord>& reviews) {
    for (const ReviewRecord& r : reviews) {
      if (r.state == ReviewState::Open) continue;
      auto& by_key = first_[r.content_hash];
      auto& t = r.finding_key ? by_key[*r.finding_key] : whole_[r.content_hash];
      t = t == 0 ? r.at : std::min(t, r.at);
    }
  }

  std::int64_t all_decided(const FindingSpan& s) const {
    constexpr std::int64_t never = std::numeric_limits<std::int64_t>::max();
    if (!s.content) return never;
    auto whole = whole_.find(*s.content);
    const std::int64_t whole_at = whole == whole_.end() ? never : whole->second;
    auto keys = first_.find(*s.content);
    std::int64_t latest = 0;
    for (const FindingKey& k : s.keys) {
      std::int64_t at = whole_at;
      if (keys != first_.end())
        if (auto it = keys->second.find(k); it != keys->second.end()) at = std::min(at, it->second);
      latest = std::max(latest, at);
    }
    return latest;
  }

 private:
  std::map<ContentHash, std::map<FindingKey, std::int64_t>> first_;
  std::map<ContentHash, std::int64_t> whole_;
};

}  // namespace

std::vector<TrendPoint> trend(const std::vector<RunRecord>& runs, const std::vector<FindingSpan>& history,
                              const std::vector<ReviewRecord>& reviews,
                              const std::function<bool(FileId)>& counts_file, bool all_files,
                              std::size_t max_points) {
  std::vector<const RunRecord*> complete;
  for (const RunRecord& r : runs)
    if (r.status == RunStatus::Complete) complete.push_back(&r);
  if (complete.size() > max_points) complete.erase(complete.begin(), complete.end() - static_cast<long>(max_points));
  const std::size_t n = complete.size();
  std::vector<TrendPoint> out(n);
  if (n == 0) return out;
  // Differences over the points: +1 where a span starts counting, -1 after it stops.
  std::vector<std::int64_t> with(n + 1, 0), reviewed(n + 1, 0);
  const ReviewTimes times(reviews);
  auto first_at_or_after = [&](RunId id) {
    return static_cast<std::size_t>(
        std::lower_bound(complete.begin(), complete.end(), id, [](const RunRecord* r, RunId v) { return r->id < v; }) -
        complete.begin());
  };
  for (const FindingSpan& s : history) {
    if (!counts_file(s.file)) continue;
    const std::size_t from = first_at_or_after(s.from);
    const std::size_t to = s.to == 0 ? n : first_at_or_after(s.to);  // the run it went away in no longer has it
    if (from >= to) continue;
    with[from]++;
    with[to]--;
    const std::int64_t decided = times.all_decided(s);
    std::size_t k = from;
    while (k < to && complete[k]->ended_at < decided) ++k;
    if (k < to) {
      reviewed[k]++;
      reviewed[to]--;
    }
  }
  std::int64_t w = 0, rv = 0;
  for (std::size_t i = 0; i < n; ++i) {
    w += with[i];
    rv += reviewed[i];
    TrendPoint& p = out[i];
    p.run = complete[i]->id;
    p.at = complete[i]->ended_at;
    p.with_findings = static_cast<std::uint64_t>(w);
    p.reviewed = static_cast<std::uint64_t>(rv);
    if (all_files) {
      p.overdue = complete[i]->counts.files_overdue;
      p.misplaced = complete[i]->counts.files_misplaced;
    }
  }
  return out;
}

}  // namespace datavagt::report
