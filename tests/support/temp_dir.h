#pragma once
// A fresh directory under /tmp for one test, removed (recursively, permissions restored) at the end.
#include <string>
#include <string_view>
#include <vector>

namespace datavagt::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string operator/(std::string_view rel) const { return path_ + "/" + std::string(rel); }
  // Writes `bytes` to path()/rel, creating parent folders.
  std::string write(std::string_view rel, std::string_view bytes) const;
  void mkdir(std::string_view rel) const;

 private:
  std::string path_;
};

// $TMPDIR set to `dir` while it lives, then back to what it was.
class TmpdirOverride {
 public:
  explicit TmpdirOverride(const std::string& dir);
  ~TmpdirOverride();
  TmpdirOverride(const TmpdirOverride&) = delete;
  TmpdirOverride& operator=(const TmpdirOverride&) = delete;

 private:
  bool had_ = false;
  std::string old_;
};

// The regular files (and anything else but directories) below `dir`, recursively: what a scan left behind.
std::vector<std::string> files_below(const std::string& dir);

std::string read_file(const std::string& path);
// A fingerprint key of 32 bytes at dir/rel, mode 0600 (a short or open key makes the scan warn on stderr).
std::string write_key(const TempDir& dir, std::string_view rel = "key");
// Runs a shell command, returns its exit status (0..255) and stdout.
int run(const std::string& command, std::string* out = nullptr);

}  // namespace datavagt::testing
