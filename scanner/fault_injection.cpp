#include "scanner/fault_injection.h"

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <cstdint>
#include <memory>
#include <vector>

namespace datavagt {

Result<FaultInjection> FaultInjection::parse(std::string_view spec) {
  FaultInjection f;
  while (!spec.empty()) {
    const auto comma = spec.find(',');
    const std::string_view rule = spec.substr(0, comma);
    spec = comma == std::string_view::npos ? std::string_view{} : spec.substr(comma + 1);
    if (rule.empty()) continue;
    const auto colon = rule.find(':');
    const std::string_view name = rule.substr(0, colon);
    const std::string_view what = colon == std::string_view::npos ? std::string_view{} : rule.substr(colon + 1);
    std::optional<Fault> fault;
    if (name == "crash") fault = Fault::Crash;
    if (name == "hang") fault = Fault::Hang;
    if (name == "oom") fault = Fault::OutOfMemory;
    if (!fault || what.empty())
      return Problem::make(ProblemKind::Internal, std::string(kFaultInjectVariable) + ": '" + std::string(rule) +
                                                      "' is not crash:TEXT, hang:TEXT or oom:TEXT");
    f.rules_.push_back({*fault, std::string(what)});
  }
  return f;
}

FaultInjection FaultInjection::from_environment() {
  const char* spec = std::getenv(kFaultInjectVariable);
  if (spec == nullptr) return {};
  auto f = parse(spec);
  return f ? std::move(*f) : FaultInjection{};
}

std::optional<FaultInjection::Fault> FaultInjection::fault_for(std::string_view location) const {
  for (const auto& r : rules_)
    if (location.find(r.substring) != std::string_view::npos) return r.fault;
  return std::nullopt;
}

void FaultInjection::raise(Fault f) {
  switch (f) {
    case Fault::Crash:
      std::signal(SIGSEGV, SIG_DFL);
      std::raise(SIGSEGV);
      break;
    case Fault::Hang:
      for (std::uint64_t spin = 0;; ++spin) asm volatile("" : "+r"(spin));  // busy, as a parser in a loop
    case Fault::OutOfMemory:
      for (;;) {
        // Kept and touched, so the memory is really used; operator new ends in the worker's limit.
        static std::vector<std::unique_ptr<char[]>> kept;
        kept.emplace_back(new char[std::size_t{32} << 20]);
        std::memset(kept.back().get(), 0x5a, std::size_t{32} << 20);
      }
  }
  std::abort();
}

}  // namespace datavagt
