#include "detectors/database_cache.h"

#include <fcntl.h>
#include <hs/hs.h>
#include <openssl/evp.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <memory>

#include "core/private_directories.h"
#include "detectors/prebuilt_databases.h"

namespace datavagt {

namespace {

constexpr std::size_t kMaxDatabaseBytes = std::size_t{256} << 20;

struct MdFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

bool is_directory(const char* path) {
  struct stat st;
  return ::stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool write_all(int fd, const char* p, std::size_t n) {
  while (n > 0) {
    const ssize_t w = ::write(fd, p, n);
    if (w <= 0) return false;
    p += w;
    n -= static_cast<std::size_t>(w);
  }
  return true;
}

}  // namespace

std::string DatabaseCache::key(const std::vector<std::string>& expressions, const std::vector<unsigned>& flags,
                               unsigned mode) {
  std::unique_ptr<EVP_MD_CTX, MdFree> ctx(EVP_MD_CTX_new());
  EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
  const auto add = [&](const void* p, std::size_t n) { EVP_DigestUpdate(ctx.get(), p, n); };
  const std::string version = hs_version();
  add(version.data(), version.size() + 1);
  hs_platform_info_t platform{};
  hs_populate_platform(&platform);
  add(&platform.tune, sizeof platform.tune);
  add(&platform.cpu_features, sizeof platform.cpu_features);
  add(&mode, sizeof mode);
  for (std::size_t i = 0; i < expressions.size(); ++i) {
    add(expressions[i].data(), expressions[i].size() + 1);  // with the terminating NUL: unambiguous
    add(&flags[i], sizeof flags[i]);
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx.get(), digest, &len);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < len; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 15];
  }
  return out;
}

std::string DatabaseCache::path(const std::string& key) const { return dir_ + "/hyperscan-" + key + ".db"; }

hs_database* DatabaseCache::load(const std::string& key) const {
  // The databases built with the program first: the same key means the same Hyperscan, CPU features and rules.
  if (const std::string_view prebuilt = find_in_bundle(embedded_bundle(), key); !prebuilt.empty()) {
    hs_database_t* db = nullptr;
    if (hs_deserialize_database(prebuilt.data(), prebuilt.size(), &db) == HS_SUCCESS) return db;
  }
  if (dir_.empty()) return nullptr;
  const int fd = ::open(path(key).c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return nullptr;
  // Mapped, not read into a buffer: the database is copied once, by Hyperscan.
  struct stat st;
  void* map = MAP_FAILED;
  if (::fstat(fd, &st) == 0 && st.st_size > 0 && static_cast<std::size_t>(st.st_size) <= kMaxDatabaseBytes)
    map = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (map == MAP_FAILED) return nullptr;
  hs_database_t* db = nullptr;
  if (hs_deserialize_database(static_cast<const char*>(map), static_cast<std::size_t>(st.st_size), &db) != HS_SUCCESS)
    db = nullptr;
  ::munmap(map, static_cast<std::size_t>(st.st_size));
  return db;
}

void DatabaseCache::store(const std::string& key, const hs_database* db) const {
  // ~/.cache often does not exist for a service user: make the chain (0700), or do not cache.
  if (dir_.empty() || !make_private_directories(dir_)) return;
  char* bytes = nullptr;
  std::size_t size = 0;
  if (hs_serialize_database(db, &bytes, &size) != HS_SUCCESS) return;
  std::string tmp = dir_ + "/.hyperscan-XXXXXX";
  const int fd = ::mkstemp(tmp.data());
  if (fd >= 0) {
    ::fchmod(fd, 0600);
    const bool ok = write_all(fd, bytes, size);
    ::close(fd);
    if (!ok || ::rename(tmp.c_str(), path(key).c_str()) != 0) ::unlink(tmp.c_str());
  }
  std::free(bytes);  // Hyperscan allocates with its misc allocator, malloc by default
}

std::string DatabaseCache::default_dir() {
  if (const char* d = std::getenv("DATAVAGT_CACHE_DIR"); d) return d;  // "" disables the cache
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return std::string(x) + "/datavagt";
  // A HOME that does not exist (a service user's /nonexistent) is not created: no cache then.
  if (const char* h = std::getenv("HOME"); h && *h && is_directory(h)) return std::string(h) + "/.cache/datavagt";
  return {};
}

}  // namespace datavagt
