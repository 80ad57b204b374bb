#pragma once
// A fresh directory under /tmp for one test, removed (recursively, permissions restored) at the end.
#include <string>
#include <string_view>

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

std::string read_file(const std::string& path);
// A fingerprint key of 32 bytes at dir/rel, mode 0600 (a short or open key makes the scan warn on stderr).
std::string write_key(const TempDir& dir, std::string_view rel = "key");
// Runs a shell command, returns its exit status (0..255) and stdout.
int run(const std::string& command, std::string* out = nullptr);

}  // namespace datavagt::testing
