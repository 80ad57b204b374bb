#include "reports/store/identity.h"

#include <openssl/sha.h>

namespace datavagt::store {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string to_hex(const unsigned char* data, std::size_t size) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out(size * 2, '0');
  for (std::size_t i = 0; i < size; ++i) {
    out[2 * i] = digits[data[i] >> 4];
    out[2 * i + 1] = digits[data[i] & 0xF];
  }
  return out;
}

bool from_hex(std::string_view hex, unsigned char* out, std::size_t size) {
  if (hex.size() != size * 2) return false;
  for (std::size_t i = 0; i < size; ++i) {
    const int hi = hex_value(hex[2 * i]);
    const int lo = hex_value(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[i] = static_cast<unsigned char>(hi << 4 | lo);
  }
  return true;
}

PathKey path_key(const Fingerprinter& keyed, std::string_view raw_path) {
  std::string input = "datavagt path\n";
  input += raw_path;
  PathKey key{};
  from_hex(std::string_view(keyed.of(input)).substr(0, key.size() * 2), key.data(), key.size());
  return key;
}

FindingKey finding_key(const Finding& f) {
  std::string input(to_string(f.kind));
  input += '\0';
  for (const auto& m : f.members) {
    input += m;
    input += '\0';
  }
  input += '\1';
  input += f.fingerprint;
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest);
  FindingKey key{};
  std::copy(digest, digest + key.size(), key.begin());
  return key;
}

std::string finding_id(const ContentHash& content, const FindingKey& key) {
  unsigned char input[sizeof(ContentHash) + sizeof(FindingKey)];
  std::copy(content.begin(), content.end(), input);
  std::copy(key.begin(), key.end(), input + content.size());
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(input, sizeof input, digest);
  return to_hex(digest, 8);
}

}  // namespace datavagt::store
