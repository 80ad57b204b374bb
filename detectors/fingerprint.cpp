#include "detectors/fingerprint.h"

#include <openssl/evp.h>

#include <array>
#include <new>
#include <stdexcept>

namespace datavagt {

namespace {

constexpr std::size_t kBlock = 64;  // SHA-256's block size
constexpr std::size_t kDigest = 32;

EVP_MD_CTX* checked(EVP_MD_CTX* c) {
  if (c == nullptr) throw std::bad_alloc();
  return c;
}

void require(int ok) {
  if (ok != 1) throw std::runtime_error("fingerprint: SHA-256 failed");
}

// A context per thread for the two hashes of one fingerprint (copies of the key's states).
EVP_MD_CTX* scratch() {
  struct Holder {
    EVP_MD_CTX* ctx = checked(EVP_MD_CTX_new());
    ~Holder() { EVP_MD_CTX_free(ctx); }
  };
  thread_local Holder h;
  return h.ctx;
}

}  // namespace

void Fingerprinter::MdCtxFree::operator()(evp_md_ctx_st* c) const { EVP_MD_CTX_free(c); }

Fingerprinter::Fingerprinter(std::string key) : inner_(checked(EVP_MD_CTX_new())), outer_(checked(EVP_MD_CTX_new())) {
  // HMAC (RFC 2104): a key longer than the block is hashed first; then zero-padded to the block.
  std::array<unsigned char, kBlock> k{};
  if (key.size() > kBlock) {
    unsigned int n = 0;
    require(EVP_Digest(key.data(), key.size(), k.data(), &n, EVP_sha256(), nullptr));
  } else {
    for (std::size_t i = 0; i < key.size(); ++i) k[i] = static_cast<unsigned char>(key[i]);
  }
  std::array<unsigned char, kBlock> pad{};
  for (std::size_t i = 0; i < kBlock; ++i) pad[i] = k[i] ^ 0x36;
  require(EVP_DigestInit_ex(inner_.get(), EVP_sha256(), nullptr));
  require(EVP_DigestUpdate(inner_.get(), pad.data(), pad.size()));
  for (std::size_t i = 0; i < kBlock; ++i) pad[i] = k[i] ^ 0x5c;
  require(EVP_DigestInit_ex(outer_.get(), EVP_sha256(), nullptr));
  require(EVP_DigestUpdate(outer_.get(), pad.data(), pad.size()));
  OPENSSL_cleanse(k.data(), k.size());
  OPENSSL_cleanse(pad.data(), pad.size());
  OPENSSL_cleanse(key.data(), key.size());
}

Fingerprinter::~Fingerprinter() = default;
Fingerprinter::Fingerprinter(Fingerprinter&&) noexcept = default;
Fingerprinter& Fingerprinter::operator=(Fingerprinter&&) noexcept = default;

std::string Fingerprinter::of(std::string_view normalised) const {
  EVP_MD_CTX* c = scratch();
  unsigned char inner[EVP_MAX_MD_SIZE];
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  require(EVP_MD_CTX_copy_ex(c, inner_.get()));
  require(EVP_DigestUpdate(c, normalised.data(), normalised.size()));
  require(EVP_DigestFinal_ex(c, inner, &len));
  require(EVP_MD_CTX_copy_ex(c, outer_.get()));
  require(EVP_DigestUpdate(c, inner, kDigest));
  require(EVP_DigestFinal_ex(c, mac, &len));
  static constexpr char hex[] = "0123456789abcdef";
  std::string out(2 * static_cast<std::size_t>(len), '\0');
  for (unsigned int i = 0; i < len; ++i) {
    out[2 * i] = hex[mac[i] >> 4];
    out[2 * i + 1] = hex[mac[i] & 0xF];
  }
  return out;
}

std::string Fingerprinter::key_check_value() const { return of("datavagt key check").substr(0, 16); }

}  // namespace datavagt
