#pragma once
// What scans one on-disk file and everything in it, for the walk's visitor and the findings store: in this
// process (ItemScanner, `--workers in-process`) or in a supervised worker process (worker_pool.h). Either
// way the verdict is the same for a file that scans cleanly; only the worker can also answer `crashed`,
// `timeout` or `memory-limit` for a file that took its process down. Several files can be asked for at once
// (scan_files): a worker then gets them in one request and answers them as one stream, which is what makes
// a share of many small files cost no more in workers than in this process. One FileScanner is used by one
// thread at a time; failures are problems in the verdict, never exceptions.
#include <cstddef>
#include <functional>
#include <span>
#include <string>

#include "core/file_verdict.h"
#include "scanner/file_source.h"

namespace datavagt {

// A file to scan: its path, and whether a symlink there is followed (a root named on the command line).
struct FileRequest {
  std::string path;
  bool follow_symlink = false;
};

class FileScanner {
 public:
  // Called once per file of a batch, on the calling thread, as soon as its verdict is complete (in any order):
  // the file's index in the batch and its verdict (the callee may move from it).
  using FileDone = std::function<void(std::size_t index, FileVerdict& verdict)>;

  virtual ~FileScanner() = default;
  // Opens `path` (following a symlink only when asked: a root named on the command line) and scans it.
  virtual FileVerdict scan_file(const std::string& path, bool follow_symlink = false) = 0;
  // The same for a file already open (the findings store opens it to hash it first), read from its start.
  // When `src` is hashing its content (FileSource::hash_content) and the hash is not complete, the hash of
  // the bytes read by the scan is left in `src` (content_hash() then reads nothing again).
  virtual FileVerdict scan_open_file(const std::string& path, FileSource& src) = 0;
  // Scans every file of `files`, each exactly once, telling `done` each verdict. Here: one after the other.
  virtual void scan_files(std::span<const FileRequest> files, const FileDone& done) {
    for (std::size_t i = 0; i < files.size(); ++i) {
      FileVerdict v = scan_file(files[i].path, files[i].follow_symlink);
      done(i, v);
    }
  }
  // How many files the caller should gather before scan_files (1: no gain in gathering).
  virtual std::size_t preferred_batch() const { return 1; }
};

}  // namespace datavagt
