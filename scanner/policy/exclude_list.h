#pragma once
// The globs of files and folders a scan leaves out (--exclude GLOB, repeatable, and the policy's [scan]
// exclude): snapshots, recycle bins, backup copies. A folder that matches is not listed at all. Immutable,
// thread-safe.
#include <string>
#include <vector>

#include "core/result.h"
#include "scanner/policy/glob.h"

namespace datavagt::policy {

class ExcludeList {
 public:
  ExcludeList() = default;
  explicit ExcludeList(std::vector<Glob> globs) : globs_(std::move(globs)) {}
  // The policy's globs and the command line's (a malformed one is a Problem naming it).
  static Result<ExcludeList> make(const std::vector<Glob>& from_policy, const std::vector<std::string>& command_line);

  bool empty() const { return globs_.empty(); }
  // `path` as the walk reached it; `folder`: a directory (excluded when the glob matches it or everything in it).
  bool excludes(const std::string& path, bool folder) const;

 private:
  std::vector<Glob> globs_;
};

}  // namespace datavagt::policy
