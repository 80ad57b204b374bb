#include "core/run_status.h"

#include <cstring>

namespace datavagt {

std::string_view to_string(RunStatus s) {
  switch (s) {
    case RunStatus::Running: return "running";
    case RunStatus::Complete: return "complete";
    case RunStatus::Interrupted: return "interrupted";
    case RunStatus::Failed: return "failed";
  }
  return "failed";
}

std::optional<RunStatus> run_status_from(std::string_view s) {
  for (auto v : {RunStatus::Running, RunStatus::Complete, RunStatus::Interrupted, RunStatus::Failed})
    if (to_string(v) == s) return v;
  return std::nullopt;
}

std::string signal_name(int signal) {
  if (const char* abbrev = ::sigabbrev_np(signal)) return std::string("SIG") + abbrev;
  return "signal " + std::to_string(signal);
}

}  // namespace datavagt
