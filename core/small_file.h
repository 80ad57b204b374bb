#pragma once
// Reading a small file the user names (a key, a policy) whole, with a bound of `max_bytes`. With
// `Only::Regular` anything but a regular file (a folder, a FIFO, a device) is refused without blocking; with
// `Only::Any` a pipe is read too (`--key-file <(secret-tool …)`). Thread-safe (only system calls). Fails with ProblemKind::Unreadable and the system's reason as detail ("No such file or directory"),
// or ProblemKind::Limit when the file is larger than `max_bytes`; callers word the message for the user.
#include <cstddef>
#include <string>

#include "core/result.h"

namespace datavagt {

enum class Only { Regular, Any };

Result<std::string> read_small_file(const std::string& path, std::size_t max_bytes, Only only = Only::Regular);

}  // namespace datavagt
