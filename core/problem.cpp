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

}  // namespace datavagt
