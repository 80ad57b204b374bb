#pragma once
// Keyed fingerprints: HMAC-SHA256 over the normalised value (the 10 ASCII digits of a CPR), as lowercase
// hex. The same person gives the same fingerprint under the same key, so a DPO can find "where is this
// person's data" without any CPR stored in clear. Immutable after construction; thread-safe.
// The key's inner and outer SHA-256 states are computed once: a fingerprint then costs two short hashes
// (OpenSSL's one-shot HMAC() looked the algorithm up by name on every call: 9 % of a CPR-dense scan).
#include <memory>
#include <string>
#include <string_view>

struct evp_md_ctx_st;

namespace datavagt {

class Fingerprinter {
 public:
  explicit Fingerprinter(std::string key);
  ~Fingerprinter();
  Fingerprinter(Fingerprinter&&) noexcept;
  Fingerprinter& operator=(Fingerprinter&&) noexcept;
  std::string of(std::string_view normalised) const;
  // The key's identity, safe to store and show: the first 8 bytes of HMAC-SHA256(key, "datavagt key check"),
  // as 16 lowercase hex digits. Two keys give the same value only by chance (2^-64); it tells nothing about
  // the key itself. A store keeps it instead of the key to see "these fingerprints were made with another key".
  std::string key_check_value() const;

 private:
  struct MdCtxFree {
    void operator()(evp_md_ctx_st* c) const;
  };
  using MdCtx = std::unique_ptr<evp_md_ctx_st, MdCtxFree>;
  MdCtx inner_;  // SHA-256 after the key XOR ipad block
  MdCtx outer_;  // SHA-256 after the key XOR opad block
};

}  // namespace datavagt
