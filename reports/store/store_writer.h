#pragma once
// The one thread that writes a scan's results into the store, so the scanning threads never wait for the
// disk: they hand over FileWrites (add(), blocking only while `queue_files` are waiting), and the writer
// commits them in transactions of up to `batch_files` files or `batch_time`, whichever comes first. A
// committed batch survives a crash; a rerun skips what it holds. After the first failed transaction (disk
// full, I/O error) the writer keeps nothing more: add() drops, finish() returns the Problem, and the store
// holds the last committed state. Thread-safe: add() from any thread; finish() once, from one.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "reports/store/store.h"

namespace datavagt::store {

struct WriterOptions {
  std::size_t batch_files = 1000;
  std::chrono::milliseconds batch_time{500};
  std::size_t queue_files = 4096;
};

class StoreWriter {
 public:
  // Called on the writer thread after each commit, with the batch and the ids its new results got (in order).
  using Committed = std::function<void(const std::vector<FileWrite>&, const std::vector<ResultId>&)>;

  StoreWriter(std::unique_ptr<Store> store, RunId run, WriterOptions options = {}, Committed committed = {});
  ~StoreWriter();
  StoreWriter(const StoreWriter&) = delete;
  StoreWriter& operator=(const StoreWriter&) = delete;

  void add(FileWrite w);
  void add_gone(std::vector<FileId> ids);
  // Members for later runs (Store::write_members), committed with the next batch. A cache: past `queue_files`
  // waiting, more are dropped rather than waited for.
  void add_member(MemberRecord m);
  bool failed() const;
  // Commits what is waiting, stops the thread, returns the first failure. Gives the connection back (for the
  // run's last words, e.g. marking it failed) unless it is closed.
  Result<bool> finish();
  std::unique_ptr<Store> release_store();

 private:
  void loop();

  std::unique_ptr<Store> store_;
  RunId run_;
  WriterOptions options_;
  Committed committed_;
  mutable std::mutex mutex_;
  std::condition_variable wake_writer_;
  std::condition_variable wake_adders_;
  std::deque<FileWrite> queue_;
  std::vector<FileId> gone_;
  std::vector<MemberRecord> members_;
  bool stopping_ = false;
  std::optional<Problem> failure_;
  std::thread thread_;
};

}  // namespace datavagt::store
