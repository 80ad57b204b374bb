#pragma once
// What scans one on-disk file and everything in it, for the walk's visitor and the findings store: in this
// process (ItemScanner, `--workers in-process`) or in a supervised worker process (worker_pool.h). Either
// way the verdict is the same for a file that scans cleanly; only the worker can also answer `crashed`,
// `timeout` or `memory-limit` for a file that took its process down. One FileScanner is used by one thread
// at a time; failures are problems in the verdict, never exceptions.
#include <string>

#include "core/file_verdict.h"
#include "scanner/file_source.h"

namespace datavagt {

class FileScanner {
 public:
  virtual ~FileScanner() = default;
  // Opens `path` (following a symlink only when asked: a root named on the command line) and scans it.
  virtual FileVerdict scan_file(const std::string& path, bool follow_symlink = false) = 0;
  // The same for a file already open (the findings store opens it to hash it first), read from its start.
  // When `src` is hashing its content (FileSource::hash_content) and the hash is not complete, the hash of
  // the bytes read by the scan is left in `src` (content_hash() then reads nothing again).
  virtual FileVerdict scan_open_file(const std::string& path, FileSource& src) = 0;
};

}  // namespace datavagt
