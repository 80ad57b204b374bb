#include "scanner/policy/owner_names.h"

#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <vector>

extern char** environ;

namespace datavagt::policy {

namespace {

constexpr int kWbinfoTimeoutMs = 5000;  // winbind answers in milliseconds; a hung one must not stall the scan

std::string lookup_user(uid_t uid) {
  std::vector<char> buf(16384);
  passwd pw{};
  passwd* found = nullptr;
  if (::getpwuid_r(uid, &pw, buf.data(), buf.size(), &found) == 0 && found != nullptr && pw.pw_name != nullptr)
    return pw.pw_name;
  return "uid " + std::to_string(uid);
}

std::string lookup_group(gid_t gid) {
  std::vector<char> buf(65536);  // a group entry lists its members: can be long
  group gr{};
  group* found = nullptr;
  if (::getgrgid_r(gid, &gr, buf.data(), buf.size(), &found) == 0 && found != nullptr && gr.gr_name != nullptr)
    return gr.gr_name;
  return "";
}

}  // namespace

OwnerNames::OwnerNames(const Policy* policy, std::string wbinfo) : policy_(policy), wbinfo_(std::move(wbinfo)) {}

std::string OwnerNames::find_on_path(const std::string& name) {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return "";
  std::string_view rest(path);
  for (;;) {
    const auto colon = rest.find(':');
    std::string dir(rest.substr(0, colon));
    if (!dir.empty()) {
      const std::string candidate = dir + "/" + name;
      struct stat st {};
      if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(candidate.c_str(), X_OK) == 0)
        return candidate;
    }
    if (colon == std::string_view::npos) return "";
    rest.remove_prefix(colon + 1);
  }
}

std::string OwnerNames::user(uid_t uid) {
  {
    std::lock_guard lock(mutex_);
    if (auto it = users_.find(uid); it != users_.end()) return it->second;
  }
  std::string name = lookup_user(uid);  // outside the lock: NSS may ask a directory server
  std::lock_guard lock(mutex_);
  return users_.emplace(uid, std::move(name)).first->second;
}

std::string OwnerNames::group(gid_t gid) {
  {
    std::lock_guard lock(mutex_);
    if (auto it = groups_.find(gid); it != groups_.end()) return it->second;
  }
  std::string name = lookup_group(gid);
  std::lock_guard lock(mutex_);
  return groups_.emplace(gid, std::move(name)).first->second;
}

std::string OwnerNames::sid(const Sid& s) {
  if (policy_ != nullptr)
    if (const std::string* name = policy_->name_of(s)) return *name;
  const std::string text = s.to_string();
  {
    std::lock_guard lock(mutex_);
    if (auto it = sids_.find(text); it != sids_.end()) return it->second;
  }
  std::string name = wbinfo_.empty() ? "" : ask_wbinfo(text);
  if (name.empty()) name = text;
  std::lock_guard lock(mutex_);
  return sids_.emplace(text, std::move(name)).first->second;
}

// `wbinfo --sid-to-name S-1-…` prints "DOMAIN\name <type>"; anything else (winbind down, unknown SID) is "".
std::string OwnerNames::ask_wbinfo(const std::string& sid) const {
  int pipefd[2];
  if (::pipe2(pipefd, O_CLOEXEC) != 0) return "";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipefd[1], STDOUT_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  std::string program = wbinfo_, flag = "--sid-to-name", arg = sid;
  char* argv[] = {program.data(), flag.data(), arg.data(), nullptr};
  pid_t pid = 0;
  const int spawned = ::posix_spawn(&pid, program.c_str(), &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipefd[1]);
  if (spawned != 0) {
    ::close(pipefd[0]);
    return "";
  }
  std::string out;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kWbinfoTimeoutMs);
  bool timed_out = false;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    pollfd p{pipefd[0], POLLIN, 0};
    const int r = ::poll(&p, 1, static_cast<int>(left.count()));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) {
      timed_out = r == 0;
      break;
    }
    char buf[512];
    const ssize_t n = ::read(pipefd[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    if (out.size() < 4096) out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(pipefd[0]);
  if (timed_out) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return "";
  out = out.substr(0, out.find('\n'));
  // Drop the SID type wbinfo appends (" 1" for a user).
  const auto space = out.rfind(' ');
  if (space != std::string::npos && space + 1 < out.size() &&
      out.find_first_not_of("0123456789", space + 1) == std::string::npos)
    out.resize(space);
  return out;
}

}  // namespace datavagt::policy
