#pragma once
// Output files are personal data too: created 0600, or 0640 with a group (--group, the DPO's: a nightly job's
// reports readable without a manual step), and tightened if a regular file already existed. A device or pipe
// (`--jsonl /dev/null`, `/dev/stdout`) keeps its mode: chmod'ing /dev/null would break every other program
// on the machine. Reports written whole (HTML, CSV) replace the file atomically, so a reader never sees half
// of one.
#include <sys/types.h>

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace datavagt {

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using OutputFile = std::unique_ptr<std::FILE, FileCloser>;

// nullptr with errno set when it cannot be opened (or given to the group).
OutputFile open_private_output(const std::string& path, std::optional<gid_t> group = std::nullopt);

// Writes `content` to `path` ("-" = standard output) through a temporary file in the same folder and a
// rename. A Problem names the path and the reason.
Result<bool> write_private_file(const std::string& path, std::string_view content,
                                std::optional<gid_t> group = std::nullopt);

}  // namespace datavagt
