#pragma once
// The parallel directory walk (TBB): every directory listed once, every regular file handed to the visitor
// exactly once, on a worker thread. Never follows symlinks below a root (a root given as a symlink is
// followed, like find -H), stays on the roots' file systems unless told otherwise, never opens FIFOs or
// devices, and turns unlistable directories into visitor errors instead of stopping.
#include <sys/types.h>

#include <atomic>
#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/problem.h"

namespace datavagt {

struct WalkOptions {
  bool one_file_system = true;
  std::set<std::pair<dev_t, ino_t>> excluded;  // files never scanned (our own output)
};

struct WalkCounts {
  std::atomic<std::uint64_t> directories{0};
  std::atomic<std::uint64_t> symlinks{0};
  std::atomic<std::uint64_t> special{0};
  std::atomic<std::uint64_t> other_fs{0};
  std::atomic<std::uint64_t> unreadable_roots{0};
};

class WalkVisitor {
 public:
  virtual ~WalkVisitor() = default;
  // A regular file (as the listing said; the visitor opens it safely). `is_root`: named on the command
  // line, so a symlink there is followed. Called concurrently.
  virtual void file(const std::string& path, bool is_root) = 0;
  // A directory or root that could not be read. Called concurrently.
  virtual void error(const std::string& path, Problem p) = 0;
  // A directory not entered because it is on another file system. Called concurrently.
  virtual void skipped_directory(const std::string& /*path*/) {}
};

void walk(const std::vector<std::string>& roots, const WalkOptions& options, WalkVisitor& visitor,
          WalkCounts& counts);

}  // namespace datavagt
