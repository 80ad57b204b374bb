#pragma once
// Archives for tests, written in memory with libarchive's own writer (nothing else to install): one call per
// archive, members given as name and bytes. Plus the hand-made variants a writer refuses to produce
// (encrypted flag, overlapping central directory, a gzip header's original name).
#include <string>
#include <string_view>
#include <vector>

namespace datavagt::testing {

struct ArchiveMember {
  std::string name;
  std::string bytes;
};

enum class ArchiveFormat { Zip, StoredZip, Ustar, Pax, GnuTar, CpioNewc, CpioOdc, Iso9660, SevenZip, Raw };
enum class Compression { None, Gzip, Bzip2, Xz, Zstd };

std::string make_archive(ArchiveFormat format, const std::vector<ArchiveMember>& members,
                         Compression compression = Compression::None);
// A compressed single file (gzip, bzip2, xz, zstd), no archive inside.
std::string compress(std::string_view bytes, Compression compression);

// A zip whose every member has the "encrypted" flag set (its data is not really encrypted).
std::string with_encrypted_flag(std::string zip);
// A zip with one real member and `extra` more central-directory entries that all point at its local header
// (the overlapping-entries bomb).
std::string with_overlapping_entries(std::string zip, int extra);
// A gzip file whose header names the original file.
std::string with_gzip_name(std::string gz, std::string_view name);

// A RAR 4 archive with stored (uncompressed) members, written by hand: no tool on Debian main writes RAR.
// With `encrypted`, every member has the "encrypted" flag set (its data is not really encrypted).
std::string stored_rar(const std::vector<ArchiveMember>& members, bool encrypted = false);

}  // namespace datavagt::testing
