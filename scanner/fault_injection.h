#pragma once
// Faults a worker process (worker_pool.h) raises on purpose, so that tests, and anyone who wants to check a
// deployment, can see that one bad file costs only itself. Read from the environment variable
// DATAVAGT_FAULT_INJECT="crash:SUBSTR,hang:SUBSTR,oom:SUBSTR" (any number of rules, any order): the worker
// that starts extracting an item whose location (path!/member...) contains SUBSTR raises SIGSEGV, loops for
// ever, or allocates and touches memory without end. Only worker processes act on it (`--workers
// in-process` would take the scan down). A value, thread-safe to read.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace datavagt {

inline constexpr const char* kFaultInjectVariable = "DATAVAGT_FAULT_INJECT";

class FaultInjection {
 public:
  enum class Fault { Crash, Hang, OutOfMemory };
  // "crash:a,hang:b" -> rules; a rule without a known fault or without a substring is the user's mistake.
  static Result<FaultInjection> parse(std::string_view spec);
  // The variable's rules; none when it is unset or empty (a bad value: none, the scanner said so first).
  static FaultInjection from_environment();

  bool empty() const { return rules_.empty(); }
  std::optional<Fault> fault_for(std::string_view location) const;
  // Does what `f` says; never returns.
  [[noreturn]] static void raise(Fault f);

 private:
  struct Rule {
    Fault fault;
    std::string substring;
  };
  std::vector<Rule> rules_;
};

}  // namespace datavagt
