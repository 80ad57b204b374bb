#pragma once
// Output files are personal data too: created 0600 (0640 with a group), and tightened if a regular file already
// existed. A device or pipe (`--jsonl /dev/null`, `/dev/stdout`) keeps its mode: chmod'ing /dev/null would
// break every other program on the machine.
#include <cstdio>
#include <memory>
#include <string>

namespace datavagt {

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using OutputFile = std::unique_ptr<std::FILE, FileCloser>;

// nullptr with errno set when it cannot be opened.
OutputFile open_private_output(const std::string& path);

}  // namespace datavagt
