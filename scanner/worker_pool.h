#pragma once
// Supervised worker processes: every on-disk file is extracted in one (scan_worker.h), so that nothing one
// file does to a parser — a crash, an endless loop, memory without end — costs more than that file.
// - Workers are started afresh (/proc/self/exe in the role "scan-worker", core/helper_process.h: never a fork
//   of this threaded process), on demand, one per walk thread at most, and live for many files; a worker
//   retires after Limits::worker_recycle_files files or Limits::worker_recycle_rss_bytes of peak memory and the
//   next file starts a fresh one.
// - scan_batch() sends several files (paths) to an idle worker in one request, scan() one file (its path, or
//   the findings store's open descriptor); the results stream in (verdict_wire.h) and each file's become the
//   same FileVerdict an in-process scan gives, handed on as soon as the file is done. preferred_batch() says
//   how many files to gather: as many as take the workers about kBatchSeconds (from the seconds per file seen
//   so far), so small files share a request and large ones go alone (no file waits behind a long one).
// - Which file a worker is on, and since when, it writes into a slot of shared memory (worker_progress.h).
// - The watchdog: a worker still on one file Limits::worker_watchdog_grace_seconds past
//   Limits::max_seconds_per_file is killed (`timeout`). A worker that dies is reaped and the file it was on
//   gets `crashed` (with the signal), `timeout` (SIGXCPU: its CPU limit) or `memory-limit` (its RLIMIT_DATA);
//   what it had sent for that file before is kept. Every other file of the request that it had not answered
//   is scanned again by a fresh worker (so one bad file costs only itself, wherever it is in a request).
// - The scan's stop (core/scan_stop.h): the worker is told (SIGUSR1) and stops as an in-process scan would;
//   one that has not ended a few seconds past the grace is killed and the file is `interrupted`.
// Thread-safe: scan() from any number of threads at once (each gets a worker of its own); kill_all() from any
// thread (the signal watcher's, for a second Ctrl-C). Workers are killed and reaped when the pool goes.
#include <sys/types.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "core/file_verdict.h"
#include "core/result.h"
#include "core/scan_stop.h"
#include "scanner/file_scanner.h"
#include "scanner/file_source.h"
#include "scanner/scan_worker.h"

namespace datavagt {

// What the workers of a scan went through (bench/, tests).
struct WorkerCounts {
  std::uint64_t started = 0;
  std::uint64_t recycled = 0;   // retired after their files or their memory (worker_recycle_*)
  std::uint64_t replaced = 0;   // died on a file: crashed, timeout, memory-limit
};

class WorkerPool {
 public:
  // `stop`: the scan's (may be null).
  WorkerPool(const WorkerSettings& settings, const ScanStop* stop);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Scans `path` in a worker: opened there (`follow_symlink` for a root), or, with `open`, read through that
  // descriptor from its start (the content hash is left in `open` when it is hashing).
  FileVerdict scan(const std::string& path, bool follow_symlink, FileSource* open);
  // Scans every file of `files` (at most kMaxBatchFiles), each exactly once, telling `done` each verdict
  // (on this thread, as each is complete: not in order when a worker died and the rest were scanned again).
  void scan_batch(std::span<const FileRequest> files, const FileScanner::FileDone& done);
  // How many files to gather for the next scan_batch (1 until a file has been seen).
  std::size_t preferred_batch() const;
  // Kills every worker at once (the scan ends now); scans waiting on one end with `crashed`.
  void kill_all();
  WorkerCounts counts() const;

 private:
  struct Worker;
  // Scans `files` (with `open` for the one file of an open descriptor): one request after another, each to
  // a worker, until each file has its verdict.
  void run(std::span<const FileRequest> files, FileSource* open, const FileScanner::FileDone& done);
  Result<std::unique_ptr<Worker>> start();
  std::unique_ptr<Worker> take_idle();
  void give_back(std::unique_ptr<Worker> w);
  // Reaps a worker that ended or is killed now; returns its wait status, and the peak memory it used.
  int end(std::unique_ptr<Worker> w, bool kill, std::uint64_t* peak_rss = nullptr);
  Problem failure(int status, std::uint64_t peak_rss) const;

  std::string settings_frame_;
  Limits limits_;
  const ScanStop* stop_;
  std::atomic<double> seconds_per_file_{0};  // a moving average over the requests answered
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Worker>> idle_;
  std::set<pid_t> alive_;
  WorkerCounts counts_;
};

// A FileScanner that scans in the pool's workers.
class WorkerScanner final : public FileScanner {
 public:
  explicit WorkerScanner(WorkerPool& pool) : pool_(pool) {}
  FileVerdict scan_file(const std::string& path, bool follow_symlink = false) override {
    return pool_.scan(path, follow_symlink, nullptr);
  }
  FileVerdict scan_open_file(const std::string& path, FileSource& src) override { return pool_.scan(path, false, &src); }
  void scan_files(std::span<const FileRequest> files, const FileDone& done) override {
    for (std::size_t at = 0; at < files.size(); at += kMaxBatchFiles) {
      const auto part = files.subspan(at, std::min(kMaxBatchFiles, files.size() - at));
      pool_.scan_batch(part, [&](std::size_t i, FileVerdict& v) { done(at + i, v); });
    }
  }
  std::size_t preferred_batch() const override { return pool_.preferred_batch(); }

 private:
  WorkerPool& pool_;
};

}  // namespace datavagt
