// libFuzzer target: untrusted bytes as a file or folder name through the CPR-in-names check and the masking
// every output applies to paths. Masking keeps the length and every byte but masked serial digits, leaves no
// maskable number behind and is idempotent; findings from a name are CPR kinds with a masked value. Build with
// ./run fuzz (clang, ASan + UBSan + libFuzzer).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/utf8.h"
#include "detectors/match_session.h"
#include "detectors/name_scan.h"
#include "detectors/ruleset.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace datavagt;
  static const auto rules = Ruleset::build_default(RulesetConfig::only({FindingKind::Cpr}));
  static const DetectOptions options;
  static const Fingerprinter fp("fuzz key");
  static const Limits limits;
  static const DetectContext ctx{options, fp, limits};
  static const auto session = rules.value()->open_session(ctx);

  const std::string_view name(reinterpret_cast<const char*>(data), size);
  const std::string masked = mask_cpr_numbers(name);
  if (masked.size() != name.size()) std::abort();
  for (std::size_t i = 0; i < name.size(); ++i)
    if (masked[i] != name[i] && !(masked[i] == 'X' && name[i] >= '0' && name[i] <= '9')) std::abort();
  if (has_cpr_number(masked) || mask_cpr_numbers(masked) != masked) std::abort();

  const NameFindings found = scan_name(*session, name, "file name");
  if (found.masked != masked) std::abort();
  for (const auto& f : found.findings) {
    if (!is_identifier(f.kind) || f.masked.size() != 11 || f.masked.substr(6) != "-XXXX") std::abort();
    if (!utf8::is_valid(f.context) || f.where.part != "file name") std::abort();
  }
  return 0;
}
