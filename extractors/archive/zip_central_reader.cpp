#include "extractors/archive/zip_central_reader.h"

#include <zlib.h>

#include <algorithm>
#include <string>

#include "extractors/le_bytes.h"

namespace datavagt {

namespace {

constexpr std::size_t kLocalHeaderBytes = 30;
constexpr std::size_t kPieceBytes = 64 * 1024;
constexpr std::uint16_t kEncrypted = 0x0001;

}  // namespace

// A raw-deflate zlib stream, freed with the reader.
struct ZipCentralReader::Inflater {
  z_stream z{};
  bool ok = false;
  Inflater() { ok = inflateInit2(&z, -MAX_WBITS) == Z_OK; }
  ~Inflater() {
    if (ok) inflateEnd(&z);
  }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;
  bool reset() { return ok && inflateReset(&z) == Z_OK; }
};

ZipCentralReader::ZipCentralReader(ReadAt read_at, std::uint64_t file_size, ZipCentralDirectory directory,
                                   std::size_t first)
    : read_at_(std::move(read_at)), file_size_(file_size), directory_(std::move(directory)), next_(first) {}

ZipCentralReader::~ZipCentralReader() = default;

Problem ZipCentralReader::damaged(std::string_view why) {
  current_failed_ = true;
  return Problem::make(ProblemKind::Corrupt, "zip: " + std::string(why));
}

Result<std::optional<ArchiveEntry>> ZipCentralReader::next() {
  current_ = nullptr;
  current_failed_ = current_done_ = false;
  made_ = 0;
  crc_ = 0;
  in_.clear();
  in_pos_ = 0;
  if (inflater_) inflater_->reset();
  if (next_ >= directory_.entries.size()) return std::optional<ArchiveEntry>();
  const ZipCentralEntry& e = directory_.entries[next_++];
  current_ = &e;
  ArchiveEntry a;
  a.name = e.name;
  a.size = e.size;
  a.directory = !e.name.empty() && e.name.back() == '/';
  a.encrypted = (e.flags & kEncrypted) != 0;
  // Where the data starts: after the local header's name and extra field, whose lengths may differ from
  // the central ones.
  std::string local(kLocalHeaderBytes, '\0');
  if (e.local_offset > file_size_ || file_size_ - e.local_offset < kLocalHeaderBytes ||
      !read_at_(e.local_offset, local) || local.compare(0, 4, "PK\x03\x04", 4) != 0) {
    current_failed_ = true;  // read() says so; the next member is still read
  } else {
    data_at_ = e.local_offset + kLocalHeaderBytes + le::u16(local, 26).value_or(0) + le::u16(local, 28).value_or(0);
    if (data_at_ > file_size_ || file_size_ - data_at_ < e.compressed_size) current_failed_ = true;
    packed_left_ = e.compressed_size;
  }
  return std::optional<ArchiveEntry>(std::move(a));
}

Result<std::size_t> ZipCentralReader::read(std::span<char> buf) {
  if (current_ == nullptr || current_done_ || buf.empty()) return std::size_t{0};
  if (current_failed_) return damaged("damaged member header");
  const ZipCentralEntry& e = *current_;
  if (e.flags & kEncrypted) return Problem::make(ProblemKind::Encrypted, "zip: member is encrypted, not scanned");
  if (e.method != 0 && e.method != 8)
    return Problem::make(ProblemKind::UnsupportedFormat,
                         "zip: member compressed with method " + std::to_string(e.method) + ", not scanned");
  std::size_t n = 0;
  if (e.method == 0) {
    n = static_cast<std::size_t>(std::min<std::uint64_t>(buf.size(), packed_left_));
    if (n > 0 && !read_at_(data_at_, buf.first(n))) return damaged("damaged or truncated member data");
    data_at_ += n;
    packed_left_ -= n;
    raw_bytes_ += n;
  } else {
    if (!inflater_) inflater_ = std::make_unique<Inflater>();
    if (!inflater_->ok) return Problem::make(ProblemKind::Internal, "zip: cannot inflate");
    z_stream& z = inflater_->z;
    while (n == 0) {
      if (in_pos_ == in_.size() && packed_left_ > 0) {
        in_.resize(static_cast<std::size_t>(std::min<std::uint64_t>(kPieceBytes, packed_left_)));
        if (!read_at_(data_at_, in_)) return damaged("damaged or truncated member data");
        data_at_ += in_.size();
        packed_left_ -= in_.size();
        raw_bytes_ += in_.size();
        in_pos_ = 0;
      }
      z.next_in = reinterpret_cast<Bytef*>(in_.data() + in_pos_);
      z.avail_in = static_cast<uInt>(in_.size() - in_pos_);
      z.next_out = reinterpret_cast<Bytef*>(buf.data());
      z.avail_out = static_cast<uInt>(std::min<std::size_t>(buf.size(), 1u << 30));
      const int rc = inflate(&z, Z_NO_FLUSH);
      in_pos_ = in_.size() - z.avail_in;
      n = static_cast<std::size_t>(reinterpret_cast<char*>(z.next_out) - buf.data());
      if (rc == Z_STREAM_END) break;
      if (rc != Z_OK && !(rc == Z_BUF_ERROR && n > 0)) return damaged("damaged member data");
      if (n == 0 && in_pos_ == in_.size() && packed_left_ == 0) return damaged("truncated member data");
    }
  }
  if (n > 0) {
    made_ += n;
    if (made_ > e.size) return damaged("member data longer than its directory entry says");
    crc_ = static_cast<std::uint32_t>(crc32(crc_, reinterpret_cast<const Bytef*>(buf.data()), static_cast<uInt>(n)));
    return n;
  }
  // The end: the directory's size and CRC-32.
  current_done_ = true;
  if (made_ != e.size) return damaged("member data shorter than its directory entry says");
  if (crc_ != e.crc32) return damaged("member data fails its CRC check");
  return std::size_t{0};
}

}  // namespace datavagt
