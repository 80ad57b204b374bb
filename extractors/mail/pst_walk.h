#pragma once
// The libpst side of the PST extractor (pst.cpp), run in a process of its own that pst.cpp forks for each
// PST: libpst crashes and hangs on some damaged files, keeps process-wide state that is not thread-safe
// (iconv descriptors, a debug list of the functions entered), and holds the file's whole index. In its own
// process a crash costs the rest of that one file, and several PSTs are read in parallel.
// It walks every folder and item, one item in memory at a time, and writes what it finds as records
// (pst_records.h). It reports only what it read; naming, text budgets and scanning are the extractor's.
#include <cstddef>
#include <string>

#include "extractors/mail/pst_records.h"

namespace datavagt::pst {

struct WalkRequest {
  std::string path;   // what pst_open reads: a private copy of the header, or of the whole PST
  int file_fd = -1;   // >= 0: the PST itself, read through a duplicate of this descriptor once it is open
  std::size_t max_member_bytes = 0;  // attachments and bodies larger than this are not sent (a problem is)
  unsigned heartbeat_seconds = 0;    // > 0: an Alive record this often while the process keeps reading
};

// Reads the PST and writes its records; returns when it is done or the pipe is gone.
void walk(const WalkRequest& req, RecordWriter& w);

}  // namespace datavagt::pst
