// Helper processes (core/helper_process.h): a process started as a helper runs its role and exits with its
// status; any other returns from run_helper_if_asked() at once. Spawned helpers are this test program started
// afresh (its main() runs the roles, tests/support/test_main.cpp), with the descriptors they are given.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/helper_process.h"
#include "extractors/mail/pst_walk.h"
#include "tests/support/temp_dir.h"

namespace datavagt {
namespace {

int role_counting_args(std::span<char* const> args) {
  if (args.size() == 2 && std::string(args[0]) == "a" && std::string(args[1]) == "b c") return 42;
  return 1;
}

constexpr HelperRole kRoles[] = {{"count", &role_counting_args}};

// run_helper_if_asked() in a child of this (single-threaded) test process, as main() would call it: the exit
// status of the child.
int exit_status_of(std::vector<std::string> args) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    run_helper_if_asked(static_cast<int>(args.size()), argv.data(), kRoles);
    ::_exit(99);  // not a helper: returned
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(HelperProcess, AHelperRunsItsRoleWithItsArgumentsAndExits) {
  EXPECT_EQ(exit_status_of({"datavagt-count", std::string(kHelperFlag), "count", "a", "b c"}), 42);
  EXPECT_EQ(exit_status_of({"datavagt-count", std::string(kHelperFlag), "count"}), 1);
  EXPECT_EQ(exit_status_of({"datavagt-x", std::string(kHelperFlag), "no-such-role"}), 127);
}

TEST(HelperProcess, AnyOtherProcessGoesOn) {
  EXPECT_EQ(exit_status_of({"datavagt", "scan", "/srv/share"}), 99);
  EXPECT_EQ(exit_status_of({"datavagt"}), 99);
  EXPECT_EQ(exit_status_of({"datavagt", std::string(kHelperFlag)}), 99);  // no role named: not a helper
}

// This test program started as the PST reader (a role every datavagt program knows): arguments it does not
// understand end it with status 4, a role it does not know with 127.
TEST(HelperProcess, SpawnedHelperIsThisProgramInItsRole) {
  auto bad_args = HelperProcess::spawn(pst::kReaderRole, {"not", "a", "number"}, {});
  ASSERT_TRUE(bad_args) << bad_args.problem().detail;
  EXPECT_GT(bad_args->pid(), 0);
  int status = bad_args->wait();
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 4);

  auto unknown = HelperProcess::spawn("no-such-role", {}, {});
  ASSERT_TRUE(unknown);
  status = unknown->wait();
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 127);
}

// The descriptors asked for arrive at their numbers: the reader reads the "PST" on 4 (not one: it says so
// on the pipe, 3) and ends; its end of the pipe is the only one, so the pipe then reads as closed.
TEST(HelperProcess, DescriptorsArriveAtTheirNumbers) {
  testing::TempDir t;
  const int copy = ::open(t.write("not.pst", std::string(4096, 'x')).c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(copy, 0);
  int p[2];
  ASSERT_EQ(::pipe2(p, O_CLOEXEC), 0);
  const PassedDescriptor fds[] = {{p[1], pst::kReaderPipeFd}, {copy, pst::kReaderCopyFd}};
  auto reader = HelperProcess::spawn(pst::kReaderRole, {"1000", "0", "0"}, fds);
  ::close(p[1]);
  ::close(copy);
  ASSERT_TRUE(reader) << reader.problem().detail;
  std::string said;
  char buf[4096];
  for (ssize_t n; (n = ::read(p[0], buf, sizeof buf)) > 0;) said.append(buf, static_cast<std::size_t>(n));
  ::close(p[0]);
  EXPECT_NE(said.find("header unreadable"), std::string::npos) << said;
  const int status = reader->wait();
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST(HelperProcess, StopKillsARunningHelper) {
  // A reader given an empty pipe as its "PST" copy (this process keeps the pipe's other end open) blocks on
  // it for ever: stop() kills it.
  int block[2];
  ASSERT_EQ(::pipe2(block, O_CLOEXEC), 0);
  int out[2];
  ASSERT_EQ(::pipe2(out, O_CLOEXEC), 0);
  const PassedDescriptor fds[] = {{out[1], pst::kReaderPipeFd}, {block[0], pst::kReaderCopyFd}};
  auto reader = HelperProcess::spawn(pst::kReaderRole, {"1000", "0", "0"}, fds);
  ::close(out[1]);
  ::close(block[0]);
  ASSERT_TRUE(reader);
  const int status = reader->stop();
  ::close(block[1]);
  ::close(out[0]);
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGKILL);
  EXPECT_EQ(reader->pid(), -1);
}

}  // namespace
}  // namespace datavagt
