#include "scanner/member_tasks.h"

#include <algorithm>
#include <exception>
#include <iterator>
#include <vector>

#include "scanner/item_scanner.h"

namespace datavagt {

ScannerPool::ScannerPool(Factory make) : make_(std::move(make)) {}
ScannerPool::~ScannerPool() = default;

std::unique_ptr<ItemScanner> ScannerPool::take() {
  std::unique_ptr<ItemScanner> s;
  if (idle_.try_pop(s)) return s;
  return make_();
}

void ScannerPool::give_back(std::unique_ptr<ItemScanner> s) { idle_.push(std::move(s)); }

MemberTasks::MemberTasks(ScannerPool& pool, const Limits& limits, FileBudget& budget, SeenMembers& seen)
    : pool_(pool), limits_(limits), budget_(budget), seen_(seen) {}

MemberTasks::~MemberTasks() { group_.wait(); }

bool MemberTasks::reserve(std::uint64_t size) {
  const std::uint64_t now = pending_.load(std::memory_order_acquire);
  if (now + size > limits_.parallel_pending_bytes) return false;
  // Only the owner adds, so the pending bytes can only have gone down since the check.
  const std::uint64_t after = pending_.fetch_add(size, std::memory_order_acq_rel) + size;
  counts_.peak_pending_bytes = std::max(counts_.peak_pending_bytes, after);
  return true;
}

MemberTasks::Task& MemberTasks::add(const ItemInfo& info, std::uint64_t pending, const FileVerdict& verdict) {
  ++counts_.tasks;
  const std::size_t index = tasks_.size();
  Task& t = tasks_.emplace_back();
  t.info = info;
  t.pending = pending;
  t.result.info = verdict.info;  // finding times are relative to the file's
  slots_.push_back(Slot{verdict.findings.size(), verdict.problems.size(), verdict.notes.size(), index, {}});
  return t;
}

bool MemberTasks::dispatch(const ItemInfo& info, std::string& bytes, bool rewindable,
                           std::optional<SeenMembers::Digest> digest, const FileVerdict& verdict) {
  if (!reserve(bytes.size())) return false;
  Task& t = add(info, bytes.size(), verdict);
  t.bytes = std::move(bytes);
  t.rewindable = rewindable;
  t.digest = digest;
  if (digest) by_digest_.emplace(*digest, tasks_.size() - 1);
  t.handed_over.store(true, std::memory_order_release);
  group_.run([this, &t] { run(t); });
  return true;
}

bool MemberTasks::copy_if_pending(const SeenMembers::Digest& d, const ItemInfo& at, const FileVerdict& verdict) {
  auto it = by_digest_.find(d);
  if (it == by_digest_.end()) return false;
  ++counts_.copies;
  slots_.push_back(Slot{verdict.findings.size(), verdict.problems.size(), verdict.notes.size(), it->second, at});
  return true;
}

void MemberTasks::run(Task& t) {
  while (!t.handed_over.load(std::memory_order_acquire)) {
  }
  try {
    auto scanner = pool_.take();
    scanner->scan_task(t.bytes, t.rewindable, t.info, budget_, seen_, t.result);
    pool_.give_back(std::move(scanner));
    if (t.digest && !budget_.spent()) seen_.remember(*t.digest, t.info, t.result, 0, 0, 0);
  } catch (const std::exception& e) {
    Problem p = Problem::make(ProblemKind::Internal, std::string("scan failed: ") + e.what());
    p.members = t.info.location.members;
    t.result.problems.push_back(std::move(p));
  } catch (...) {
    Problem p = Problem::make(ProblemKind::Internal, "scan failed");
    p.members = t.info.location.members;
    t.result.problems.push_back(std::move(p));
  }
  std::string().swap(t.bytes);  // the pending bytes are freed: free the memory too
  pending_.fetch_sub(t.pending, std::memory_order_acq_rel);
  t.done.store(true, std::memory_order_release);
}

void MemberTasks::finish(FileVerdict& verdict) {
  group_.wait();
  for (const Task& t : tasks_)
    while (!t.done.load(std::memory_order_acquire)) {
    }
  if (slots_.empty()) return;
  FileVerdict merged;
  merged.info = verdict.info;
  // Each task's results are moved at their last use (a copy met later in the file uses them too), into vectors
  // reserved whole: a container full of findings does not hold them twice, nor in a vector grown by doubling.
  std::vector<std::size_t> uses(tasks_.size(), 0);
  std::size_t findings = verdict.findings.size();
  for (const Slot& s : slots_) {
    ++uses[s.task];
    findings += tasks_[s.task].result.findings.size();
  }
  merged.findings.reserve(findings);
  std::size_t f = 0, p = 0, n = 0;
  auto take_owner_until = [&](std::size_t fi, std::size_t pi, std::size_t ni) {
    for (; f < fi; ++f) merged.findings.push_back(std::move(verdict.findings[f]));
    for (; p < pi; ++p) merged.problems.push_back(std::move(verdict.problems[p]));
    for (; n < ni; ++n) merged.notes.push_back(std::move(verdict.notes[n]));
  };
  const auto append = [](auto& to, auto& from, bool move) {
    if (move)
      to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
    else
      to.insert(to.end(), from.begin(), from.end());
  };
  for (const Slot& s : slots_) {
    take_owner_until(s.findings_at, s.problems_at, s.notes_at);
    Task& t = tasks_[s.task];
    const bool last_use = --uses[s.task] == 0;
    if (s.copy_at) {
      ScannedMember::from(t.info, t.result, 0, 0, 0).append_as(*s.copy_at, merged);
      continue;
    }
    append(merged.findings, t.result.findings, last_use);
    append(merged.problems, t.result.problems, last_use);
    append(merged.notes, t.result.notes, last_use);
    verdict.text_bytes += t.result.text_bytes;
    if (last_use) t.result.findings = {};
  }
  take_owner_until(verdict.findings.size(), verdict.problems.size(), verdict.notes.size());
  verdict.findings = std::move(merged.findings);
  verdict.problems = std::move(merged.problems);
  verdict.notes = std::move(merged.notes);
  slots_.clear();
  tasks_.clear();
  by_digest_.clear();
}

}  // namespace datavagt
