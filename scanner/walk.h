#pragma once
// The parallel directory walk (TBB): every directory listed once, every regular file handed to the visitor
// exactly once, on a worker thread. Never follows symlinks below a root (a root given as a symlink is
// followed, like find -H), stays on the roots' file systems unless told otherwise, never opens FIFOs or
// devices, and turns unlistable directories into visitor errors instead of stopping. A root that does not
// exist is a `not-found` error; an empty root that looks like a share not mounted gets a root_note(). Once
// WalkOptions::stop is requested, no further directory is listed and no further file handed out.
#include <sys/stat.h>
#include <sys/types.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/problem.h"

namespace datavagt {

class ScanStop;

struct WalkOptions {
  bool one_file_system = true;
  // Stat every regular file relative to the directory being listed (one path component to look up, not the
  // whole path) and hand it to WalkVisitor::file_with_stat: the findings store decides by it.
  bool stat_files = false;
  std::set<std::pair<dev_t, ino_t>> excluded;  // files never scanned (our own output)
  const ScanStop* stop = nullptr;              // asked to stop: the walk ends without handing out more
  // --exclude and the policy's excludes (scanner/policy/): asked for every file and folder below a root
  // (`folder` true for a folder, which is then not listed at all). Called concurrently. Empty = none.
  std::function<bool(const std::string& path, bool folder)> exclude;
};

struct WalkCounts {
  std::atomic<std::uint64_t> directories{0};
  std::atomic<std::uint64_t> symlinks{0};
  std::atomic<std::uint64_t> special{0};
  std::atomic<std::uint64_t> other_fs{0};
  std::atomic<std::uint64_t> unreadable_roots{0};  // roots not found, or directories that could not be listed
  std::atomic<std::uint64_t> excluded{0};  // files and folders left out by WalkOptions::exclude
};

class WalkVisitor {
 public:
  virtual ~WalkVisitor() = default;
  // A regular file (as the listing said; the visitor opens it safely). `is_root`: named on the command
  // line, so a symlink there is followed. Called concurrently.
  virtual void file(const std::string& path, bool is_root) = 0;
  // With WalkOptions::stat_files, instead of file(): `st` is the file's lstat as the walk took it, or nullptr
  // when it has none (a root).
  virtual void file_with_stat(const std::string& path, bool is_root, const struct stat* /*st*/) {
    file(path, is_root);
  }
  // A directory, root, or entry that could not be read (`is_directory`: a folder that could not be listed).
  // Called concurrently.
  virtual void error(const std::string& path, Problem p, bool is_directory) = 0;
  // A directory not entered because it is on another file system, or a file or folder left out by
  // WalkOptions::exclude. Called concurrently.
  virtual void skipped_directory(const std::string& /*path*/) {}
  // A directory about to be listed (the roots too): its name may be worth a look. Called concurrently.
  virtual void directory(const std::string& /*path*/, const struct stat& /*st*/, bool /*is_root*/) {}
  // A root directory that is empty and looks like a share that is not there (mount_point.h). Called
  // concurrently.
  virtual void root_note(const std::string& /*path*/, const struct stat& /*st*/, std::string /*note*/) {}
};

void walk(const std::vector<std::string>& roots, const WalkOptions& options, WalkVisitor& visitor,
          WalkCounts& counts);

}  // namespace datavagt
