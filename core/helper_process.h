#pragma once
// Helper processes: this same program started afresh in a role of its own (the PST reader, which runs libpst
// apart from the scanner; later the extraction workers). Started with posix_spawn of /proc/self/exe, never a
// bare fork() of the scanner: a fork of a multi-threaded process can inherit a lock another thread held at
// that moment (glibc's iconv lock, taken by libpst's pst_open) and wait on it for ever; a program started
// afresh has one thread and no lock taken.
// - The parent: HelperProcess::spawn(role, args, descriptors). The child gets /dev/null on 0, 1 and 2, the
//   descriptors asked for at the numbers asked for, nothing else open, the parent's environment, and
//   argv = {"datavagt-<role>", kHelperFlag, role, args...} (what `ps` shows).
// - The child: every main() of a program that may be started so (datavagt, the test programs, the fuzz
//   targets) first calls run_helper_if_asked() with the roles it knows (scanner/helper_roles.h lists them):
//   in a helper it runs the role and ends the process with the role's exit status (_exit: nothing of the
//   program's own start-up or shut-down runs); elsewhere it returns at once. No static constructor takes over
//   a process: a program decides explicitly.
// Contract: spawn() is thread-safe; a HelperProcess is owned by one thread; failures are values.
#include <sys/resource.h>
#include <sys/types.h>

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace datavagt {

// argv[1] of a helper process.
inline constexpr std::string_view kHelperFlag = "--datavagt-helper";

// A role a helper process can be started in: its name and its main, given the arguments after the role.
struct HelperRole {
  std::string_view name;
  int (*main)(std::span<char* const> args);
};

// When this process was started as a helper (argv[1] == kHelperFlag, argv[2] a role's name): runs the role
// and exits with its status (127 for a role not in `roles`); does not return. Else returns at once.
void run_helper_if_asked(int argc, char** argv, std::span<const HelperRole> roles);

// A descriptor of the parent's handed to the child as number `as` (>= 3).
struct PassedDescriptor {
  int fd;
  int as;
};

// A started helper: killed (if still running) and reaped when it goes.
class HelperProcess {
 public:
  static Result<HelperProcess> spawn(std::string_view role, const std::vector<std::string>& args,
                                     std::span<const PassedDescriptor> descriptors);
  HelperProcess(HelperProcess&& o) noexcept : pid_(o.pid_), status_(o.status_) { o.pid_ = -1; }
  HelperProcess& operator=(HelperProcess&& o) noexcept;
  HelperProcess(const HelperProcess&) = delete;
  HelperProcess& operator=(const HelperProcess&) = delete;
  ~HelperProcess() { stop(); }

  pid_t pid() const { return pid_; }
  // Kills the process if it still runs (SIGKILL), reaps it and returns its wait status.
  int stop();
  // Waits for the process to end by itself and returns its wait status; with `usage`, what it used (wait4).
  int wait(struct rusage* usage = nullptr);

 private:
  explicit HelperProcess(pid_t pid) : pid_(pid) {}
  pid_t pid_ = -1;
  int status_ = 0;
};

}  // namespace datavagt
