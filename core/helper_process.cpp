#include "core/helper_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

extern char** environ;

namespace datavagt {

void run_helper_if_asked(int argc, char** argv, std::span<const HelperRole> roles) {
  if (argc < 3 || argv[1] != kHelperFlag) return;
  const std::string_view name = argv[2];
  int status = 127;
  for (const HelperRole& r : roles)
    if (r.name == name) status = r.main(std::span<char* const>(argv + 3, static_cast<std::size_t>(argc - 3)));
  ::_exit(status);
}

HelperProcess& HelperProcess::operator=(HelperProcess&& o) noexcept {
  if (this != &o) {
    stop();
    pid_ = o.pid_;
    status_ = o.status_;
    o.pid_ = -1;
  }
  return *this;
}

int HelperProcess::stop() {
  if (pid_ <= 0) return status_;
  if (::waitpid(pid_, &status_, WNOHANG) == 0) {
    ::kill(pid_, SIGKILL);
    while (::waitpid(pid_, &status_, 0) < 0 && errno == EINTR) {
    }
  }
  pid_ = -1;
  return status_;
}

int HelperProcess::wait(struct rusage* usage) {
  if (pid_ <= 0) return status_;
  while (::wait4(pid_, &status_, 0, usage) < 0 && errno == EINTR) {
  }
  pid_ = -1;
  return status_;
}

Result<HelperProcess> HelperProcess::spawn(std::string_view role, const std::vector<std::string>& args,
                                           std::span<const PassedDescriptor> descriptors) {
  int highest = 2;
  for (const auto& d : descriptors) highest = std::max(highest, d.as);
  // Out of the way of the target numbers first, so that one dup2 cannot overwrite another's source.
  std::vector<int> high;
  int err = 0;
  for (const auto& d : descriptors) {
    const int h = ::fcntl(d.fd, F_DUPFD_CLOEXEC, highest + 1);
    if (h < 0) {
      err = errno;
      break;
    }
    high.push_back(h);
  }
  pid_t pid = -1;
  posix_spawn_file_actions_t fa;
  if (err == 0) err = ::posix_spawn_file_actions_init(&fa);
  if (err == 0) {
    ::posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    ::posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    ::posix_spawn_file_actions_adddup2(&fa, 1, 2);
    for (std::size_t i = 0; i < high.size(); ++i)
      ::posix_spawn_file_actions_adddup2(&fa, high[i], descriptors[i].as);  // the copy is not close-on-exec
    ::posix_spawn_file_actions_addclosefrom_np(&fa, highest + 1);
    std::string name = "datavagt-" + std::string(role);
    std::string flag(kHelperFlag);
    std::string role_arg(role);
    std::vector<std::string> owned = args;
    std::vector<char*> argv{name.data(), flag.data(), role_arg.data()};
    for (auto& a : owned) argv.push_back(a.data());
    argv.push_back(nullptr);
    err = ::posix_spawn(&pid, "/proc/self/exe", &fa, nullptr, argv.data(), environ);
    ::posix_spawn_file_actions_destroy(&fa);
  }
  for (int h : high) ::close(h);
  if (err != 0)
    return Problem::make(ProblemKind::Internal,
                         "cannot start the " + std::string(role) + " process: " + std::strerror(err));
  return HelperProcess(pid);
}

}  // namespace datavagt
