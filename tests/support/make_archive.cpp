#include "tests/support/make_archive.h"

#include <archive.h>
#include <archive_entry.h>
#include <zlib.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <stdexcept>

namespace datavagt::testing {

namespace {

la_ssize_t append(archive*, void* out, const void* buf, size_t n) {
  static_cast<std::string*>(out)->append(static_cast<const char*>(buf), n);
  return static_cast<la_ssize_t>(n);
}

void check(int rc, archive* a) {
  if (rc < ARCHIVE_WARN) throw std::runtime_error(std::string("libarchive writer: ") + archive_error_string(a));
}

std::uint32_t u32(const std::string& s, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = v << 8 | static_cast<unsigned char>(s[at + static_cast<std::size_t>(i)]);
  return v;
}
std::uint16_t u16(const std::string& s, std::size_t at) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(s[at]) | static_cast<unsigned char>(s[at + 1]) << 8);
}
void put16(std::string& s, std::size_t at, std::uint32_t v) {
  s[at] = static_cast<char>(v & 0xFF);
  s[at + 1] = static_cast<char>(v >> 8 & 0xFF);
}
void put32(std::string& s, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) s[at + static_cast<std::size_t>(i)] = static_cast<char>(v >> (8 * i) & 0xFF);
}

}  // namespace

std::string make_archive(ArchiveFormat format, const std::vector<ArchiveMember>& members, Compression compression) {
  std::unique_ptr<archive, int (*)(archive*)> a(archive_write_new(), archive_write_free);
  archive* w = a.get();
  switch (format) {
    case ArchiveFormat::Zip: check(archive_write_set_format_zip(w), w); break;
    case ArchiveFormat::StoredZip:
      check(archive_write_set_format_zip(w), w);
      check(archive_write_set_format_option(w, "zip", "compression", "store"), w);
      break;
    case ArchiveFormat::Ustar: check(archive_write_set_format_ustar(w), w); break;
    case ArchiveFormat::Pax: check(archive_write_set_format_pax(w), w); break;
    case ArchiveFormat::GnuTar: check(archive_write_set_format_gnutar(w), w); break;
    case ArchiveFormat::CpioNewc: check(archive_write_set_format_cpio_newc(w), w); break;
    case ArchiveFormat::CpioOdc: check(archive_write_set_format_cpio_odc(w), w); break;
    case ArchiveFormat::Iso9660: check(archive_write_set_format_iso9660(w), w); break;
    case ArchiveFormat::SevenZip: check(archive_write_set_format_7zip(w), w); break;
    case ArchiveFormat::Raw: check(archive_write_set_format_raw(w), w); break;
  }
  switch (compression) {
    case Compression::None: break;
    case Compression::Gzip: check(archive_write_add_filter_gzip(w), w); break;
    case Compression::Bzip2: check(archive_write_add_filter_bzip2(w), w); break;
    case Compression::Xz: check(archive_write_add_filter_xz(w), w); break;
    case Compression::Zstd: check(archive_write_add_filter_zstd(w), w); break;
  }
  archive_write_set_bytes_in_last_block(w, 1);  // no padding after the end
  std::string out;
  check(archive_write_open(w, &out, nullptr, &append, nullptr), w);
  for (const auto& m : members) {
    std::unique_ptr<archive_entry, void (*)(archive_entry*)> e(archive_entry_new(), archive_entry_free);
    archive_entry_set_pathname(e.get(), m.name.c_str());
    archive_entry_set_size(e.get(), static_cast<la_int64_t>(m.bytes.size()));
    archive_entry_set_filetype(e.get(), AE_IFREG);
    archive_entry_set_perm(e.get(), 0644);
    archive_entry_set_mtime(e.get(), 1700000000, 0);
    check(archive_write_header(w, e.get()), w);
    std::size_t done = 0;
    while (done < m.bytes.size()) {
      const std::size_t n = std::min<std::size_t>(m.bytes.size() - done, 1 << 20);
      if (archive_write_data(w, m.bytes.data() + done, n) < 0) check(ARCHIVE_FATAL, w);
      done += n;
    }
  }
  check(archive_write_close(w), w);
  return out;
}

std::string compress(std::string_view bytes, Compression compression) {
  return make_archive(ArchiveFormat::Raw, {{"data", std::string(bytes)}}, compression);
}

std::string with_encrypted_flag(std::string zip) {
  for (std::size_t at = 0; (at = zip.find("PK", at)) != std::string::npos; at += 2) {
    if (at + 10 > zip.size()) break;
    if (zip.compare(at, 4, std::string("PK\x03\x04", 4)) == 0) put16(zip, at + 6, u16(zip, at + 6) | 1);
    if (zip.compare(at, 4, std::string("PK\x01\x02", 4)) == 0) put16(zip, at + 8, u16(zip, at + 8) | 1);
  }
  return zip;
}

std::string with_overlapping_entries(std::string zip, int extra) {
  const std::size_t eocd = zip.rfind(std::string("PK\x05\x06", 4));
  if (eocd == std::string::npos) throw std::runtime_error("no end of central directory");
  const std::uint32_t cd_size = u32(zip, eocd + 12), cd_offset = u32(zip, eocd + 16);
  const std::string entry = zip.substr(cd_offset, cd_size);  // one member: one entry
  const std::uint16_t name_len = u16(entry, 28);
  std::string cd = entry;
  for (int i = 0; i < extra; ++i) {
    std::string copy = entry;
    // Same length name, different text: "k" + number, padded (names must differ for some readers).
    std::string name = std::to_string(i);
    name.resize(name_len, '_');
    copy.replace(46, name_len, name.substr(0, name_len));
    cd += copy;
  }
  std::string out = zip.substr(0, cd_offset) + cd + zip.substr(eocd);
  const std::size_t new_eocd = cd_offset + cd.size();
  const auto entries = static_cast<std::uint32_t>(1 + extra);
  put16(out, new_eocd + 8, entries & 0xFFFF);
  put16(out, new_eocd + 10, entries & 0xFFFF);
  put32(out, new_eocd + 12, static_cast<std::uint32_t>(cd.size()));
  return out;
}

std::string with_gzip_name(std::string gz, std::string_view name) {
  gz[3] = static_cast<char>(gz[3] | 0x08);
  gz.insert(10, std::string(name) + '\0');
  return gz;
}

namespace {

void put_le(std::string& out, std::uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
}

std::uint32_t crc32_of(std::string_view b) {
  return static_cast<std::uint32_t>(
      ::crc32(0L, reinterpret_cast<const Bytef*>(b.data()), static_cast<uInt>(b.size())));
}

// A RAR 4 block: HEAD_CRC (low 16 bits of the CRC-32 of the rest), HEAD_TYPE, HEAD_FLAGS, HEAD_SIZE, body.
std::string rar_block(std::uint8_t type, std::uint16_t flags, std::string_view body) {
  std::string rest;
  put_le(rest, type, 1);
  put_le(rest, flags, 2);
  put_le(rest, 7 + body.size(), 2);
  rest += body;
  std::string out;
  put_le(out, crc32_of(rest) & 0xFFFF, 2);
  return out + rest;
}

}  // namespace

std::string stored_rar(const std::vector<ArchiveMember>& members, bool encrypted) {
  std::string out("Rar!\x1A\x07\x00", 7);
  out += rar_block(0x73, 0, std::string(6, '\0'));  // archive header: RESERVED1 (2), RESERVED2 (4)
  for (const auto& m : members) {
    std::string body;
    put_le(body, m.bytes.size(), 4);  // PACK_SIZE
    put_le(body, m.bytes.size(), 4);  // UNP_SIZE
    put_le(body, 0, 1);               // HOST_OS: MS-DOS
    put_le(body, crc32_of(m.bytes), 4);
    put_le(body, 0x5A8E3020, 4);  // FTIME (DOS date and time)
    put_le(body, 29, 1);          // UNP_VER 2.9
    put_le(body, 0x30, 1);        // METHOD: store
    put_le(body, m.name.size(), 2);
    put_le(body, 0x20, 4);  // ATTR: archive
    body += m.name;
    // LONG_BLOCK (the data follows the header), and PASSWORD when asked.
    out += rar_block(0x74, static_cast<std::uint16_t>(0x8000 | (encrypted ? 0x04 : 0)), body) + m.bytes;
  }
  return out + rar_block(0x7B, 0x4000, "");  // end of archive
}

}  // namespace datavagt::testing
