#include "core/problem.h"

namespace datavagt {

std::string_view to_string(ProblemKind k) {
  switch (k) {
    case ProblemKind::PermissionDenied: return "permission-denied";
    case ProblemKind::NotFound: return "not-found";
    case ProblemKind::Vanished: return "vanished";
    case ProblemKind::Unreadable: return "unreadable";
    case ProblemKind::Encrypted: return "encrypted";
    case ProblemKind::Truncated: return "truncated";
    case ProblemKind::Limit: return "limit";
    case ProblemKind::Corrupt: return "corrupt";
    case ProblemKind::UnsupportedFormat: return "unsupported-format";
    case ProblemKind::Internal: return "internal";
    case ProblemKind::Interrupted: return "interrupted";
    case ProblemKind::Crashed: return "crashed";
    case ProblemKind::Timeout: return "timeout";
    case ProblemKind::MemoryLimit: return "memory-limit";
  }
  return "internal";
}

bool is_transient(const Problem& p) {
  switch (p.kind) {
    case ProblemKind::PermissionDenied:
    case ProblemKind::NotFound:
    case ProblemKind::Vanished:
    case ProblemKind::Interrupted:  // cut off by a stopped scan: read to the end next time
    case ProblemKind::Unreadable:
    case ProblemKind::Internal:
    case ProblemKind::Timeout: return true;  // a busy machine, like --max-seconds; a crash is the file's own
    case ProblemKind::Limit: return p.detail.find("--max-seconds") != std::string::npos;
    default: return false;
  }
}

}  // namespace datavagt
