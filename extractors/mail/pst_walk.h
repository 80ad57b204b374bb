#pragma once
// The libpst side of the PST extractor (pst.cpp), run in a process of its own that pst.cpp starts for each
// PST: libpst crashes and hangs on some damaged files, keeps process-wide state that is not thread-safe
// (iconv descriptors, a debug list of the functions entered), and holds the file's whole index. In its own
// process a crash costs the rest of that one file, and several PSTs are read in parallel.
// It walks every folder and item, one item in memory at a time, and writes what it finds as records
// (pst_records.h). It reports only what it read; naming, text budgets and scanning are the extractor's.
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "extractors/mail/pst_records.h"

namespace datavagt::pst {

struct WalkRequest {
  int copy_fd = -1;   // what pst_open reads (as /proc/self/fd/N): a private copy of the header, or of the whole PST
  int file_fd = -1;   // >= 0: the PST itself, read through a duplicate of this descriptor once it is open
  std::size_t max_member_bytes = 0;  // attachments and bodies larger than this are not sent (a problem is)
  unsigned heartbeat_seconds = 0;    // > 0: an Alive record this often while the process keeps reading
};

// Reads the PST and writes its records; returns when it is done or the pipe is gone.
void walk(const WalkRequest& req, RecordWriter& w);

// The reader process is the helper role "pst-reader" (core/helper_process.h; scanner/helper_roles.cpp lists
// it): the pipe on kReaderPipeFd, the copy on kReaderCopyFd, the PST itself (when on disk) on kReaderFileFd.
inline constexpr std::string_view kReaderRole = "pst-reader";
inline constexpr int kReaderPipeFd = 3;
inline constexpr int kReaderCopyFd = 4;
inline constexpr int kReaderFileFd = 5;
// The role's arguments for `req` (its descriptors are the parent's; the process gets them at the numbers above).
std::vector<std::string> reader_arguments(const WalkRequest& req);
// The role's main: reads the request from `args`, walks, and returns the exit status (0; 3 after an exception,
// 4 for arguments it does not understand).
int run_reader(std::span<char* const> args);

}  // namespace datavagt::pst
