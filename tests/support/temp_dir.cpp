#include "tests/support/temp_dir.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace datavagt::testing {

namespace fs = std::filesystem;

TempDir::TempDir() {
  std::string tmpl = "/tmp/datavagt-test-XXXXXX";
  if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
  ::chmod(path_.c_str(), 0755);  // tests that drop privileges must be able to enter it
}

TempDir::~TempDir() {
  std::error_code ec;
  // Restore permissions a test took away, so removal works.
  for (auto it = fs::recursive_directory_iterator(path_, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_symlink()) ::chmod(it->path().c_str(), 0755);
  }
  fs::remove_all(path_, ec);
}

std::string TempDir::write(std::string_view rel, std::string_view bytes) const {
  const fs::path p = fs::path(path_) / fs::path(std::string(rel));
  fs::create_directories(p.parent_path());
  std::ofstream f(p, std::ios::binary);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return p.string();
}

void TempDir::mkdir(std::string_view rel) const { fs::create_directories(fs::path(path_) / std::string(rel)); }

std::string write_key(const TempDir& dir, std::string_view rel) {
  const std::string p = dir.write(rel, "datavagt test key of 32 bytes..");
  ::chmod(p.c_str(), 0600);
  return p;
}

TmpdirOverride::TmpdirOverride(const std::string& dir) {
  if (const char* old = std::getenv("TMPDIR")) {
    had_ = true;
    old_ = old;
  }
  ::setenv("TMPDIR", dir.c_str(), 1);
}

TmpdirOverride::~TmpdirOverride() {
  if (had_)
    ::setenv("TMPDIR", old_.c_str(), 1);
  else
    ::unsetenv("TMPDIR");
}

std::vector<std::string> files_below(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec))
    if (!it->is_directory() || it->is_symlink()) out.push_back(it->path().string());
  return out;
}

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

int run(const std::string& command, std::string* out) {
  FILE* p = ::popen(command.c_str(), "r");
  if (!p) return -1;
  std::string text;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) text.append(buf, n);
  const int status = ::pclose(p);
  if (out) *out = std::move(text);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace datavagt::testing
