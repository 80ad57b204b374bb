#include "reports/store/store_writer.h"

namespace datavagt::store {

StoreWriter::StoreWriter(std::unique_ptr<Store> store, RunId run, WriterOptions options, Committed committed)
    : store_(std::move(store)), run_(run), options_(options), committed_(std::move(committed)) {
  thread_ = std::thread([this] { loop(); });
}

StoreWriter::~StoreWriter() {
  if (thread_.joinable()) (void)finish();
}

void StoreWriter::add(FileWrite w) {
  std::unique_lock lock(mutex_);
  wake_adders_.wait(lock, [&] { return queue_.size() < options_.queue_files || failure_ || stopping_; });
  if (failure_ || stopping_) return;
  queue_.push_back(std::move(w));
  if (queue_.size() >= options_.batch_files) wake_writer_.notify_one();
}

void StoreWriter::add_gone(std::vector<FileId> ids) {
  std::lock_guard lock(mutex_);
  if (failure_ || stopping_) return;
  gone_.insert(gone_.end(), ids.begin(), ids.end());
  wake_writer_.notify_one();
}

void StoreWriter::add_member(MemberRecord m) {
  std::lock_guard lock(mutex_);
  if (failure_ || stopping_ || members_.size() >= options_.queue_files) return;
  members_.push_back(std::move(m));
}

bool StoreWriter::failed() const {
  std::lock_guard lock(mutex_);
  return failure_.has_value();
}

void StoreWriter::loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_writer_.wait_for(lock, options_.batch_time,
                          [&] { return stopping_ || queue_.size() >= options_.batch_files || !gone_.empty(); });
    if (queue_.empty() && gone_.empty() && members_.empty()) {
      if (stopping_) return;
      continue;
    }
    std::vector<FileWrite> batch;
    const std::size_t n = std::min(queue_.size(), options_.batch_files);
    batch.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      batch.push_back(std::move(queue_.front()));
      queue_.pop_front();
    }
    std::vector<FileId> gone;
    gone.swap(gone_);
    std::vector<MemberRecord> members;
    members.swap(members_);
    wake_adders_.notify_all();
    lock.unlock();
    auto ids = store_->write(run_, batch, gone);
    if (ids && committed_) committed_(batch, *ids);
    if (ids && !members.empty())
      if (auto kept = store_->write_members(run_, members); !kept) ids = kept.problem();
    lock.lock();
    if (!ids) {
      failure_ = ids.problem();
      queue_.clear();
      gone_.clear();
      wake_adders_.notify_all();
      return;
    }
  }
}

Result<bool> StoreWriter::finish() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_writer_.notify_one();
  wake_adders_.notify_all();
  if (thread_.joinable()) thread_.join();
  std::lock_guard lock(mutex_);
  if (failure_) return *failure_;
  return true;
}

std::unique_ptr<Store> StoreWriter::release_store() { return std::move(store_); }

}  // namespace datavagt::store
