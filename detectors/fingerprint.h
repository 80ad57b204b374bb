#pragma once
// Keyed fingerprints: HMAC-SHA256 over the normalised value (the 10 ASCII digits of a CPR), as lowercase
// hex. The same person gives the same fingerprint under the same key, so a DPO can find "where is this
// person's data" without any CPR stored in clear. Immutable after construction; thread-safe.
#include <string>
#include <string_view>

namespace datavagt {

class Fingerprinter {
 public:
  explicit Fingerprinter(std::string key) : key_(std::move(key)) {}
  std::string of(std::string_view normalised) const;

 private:
  std::string key_;  // raw bytes, exactly as stored in the key file
};

}  // namespace datavagt
