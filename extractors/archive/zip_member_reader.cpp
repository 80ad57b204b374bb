#include "extractors/archive/zip_member_reader.h"

#include <libdeflate.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace datavagt {

namespace {

constexpr std::uint64_t kMaxFastMemberBytes = std::uint64_t{16} << 20;

// One decompressor per thread (it holds ~30 KiB of tables), made on first use.
libdeflate_decompressor* decompressor() {
  struct Holder {
    libdeflate_decompressor* d = libdeflate_alloc_decompressor();
    ~Holder() { libdeflate_free_decompressor(d); }
  };
  thread_local Holder h;
  return h.d;
}

bool pread_fully(int fd, std::uint64_t offset, std::span<char> out) {
  std::size_t done = 0;
  while (done < out.size()) {
    const ssize_t n = ::pread(fd, out.data() + done, out.size() - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

// Room for `n` bytes (at least 1) in `buf`, reused from member to member.
char* reserve(std::unique_ptr<char[]>& buf, std::size_t& capacity, std::size_t n) {
  n = std::max<std::size_t>(n, 1);
  if (capacity < n) {
    buf = std::make_unique_for_overwrite<char[]>(n);
    capacity = n;
  }
  return buf.get();
}

}  // namespace

ZipMemberReader::ZipMemberReader(ByteSource& in, std::size_t read_bytes, const Limits& limits)
    : in_(in), read_bytes_(read_bytes), fd_(in.file_descriptor()) {
  struct stat st {};
  if (fd_ >= 0 && ::fstat(fd_, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
    const auto size = static_cast<std::uint64_t>(st.st_size);
    // A file no larger than one read is read once (most Office files): the directory, the headers and the
    // members then come from memory instead of a pread each.
    if (size <= read_bytes_) {
      whole_ = std::make_unique_for_overwrite<char[]>(static_cast<std::size_t>(size));
      if (!pread_fully(fd_, 0, std::span<char>(whole_.get(), static_cast<std::size_t>(size)))) whole_.reset();
      whole_size_ = whole_ ? static_cast<std::size_t>(size) : 0;
    }
    const std::uint64_t bound = std::min<std::uint64_t>(
        {kMaxFastMemberBytes, limits.max_buffered_member_bytes, limits.max_unpacked_bytes});
    members_ = read_plain_zip_directory(
        [this](std::uint64_t offset, std::span<char> out) { return read_at(offset, out); }, size, bound);
  }
  if (!members_ || decompressor() == nullptr) archive_ = std::make_unique<ArchiveReader>(in_, read_bytes_, ArchiveKind::Zip);
}

bool ZipMemberReader::read_at(std::uint64_t offset, std::span<char> out) const {
  if (!whole_) return pread_fully(fd_, offset, out);
  if (offset > whole_size_ || whole_size_ - offset < out.size()) return false;
  std::memcpy(out.data(), whole_.get() + offset, out.size());
  return true;
}

ZipMemberReader::~ZipMemberReader() = default;

Result<std::optional<ArchiveEntry>> ZipMemberReader::next() {
  if (archive_) return archive_->next();
  inflated_ = false;
  out_size_ = out_pos_ = 0;
  if (current_ >= members_->size()) return std::optional<ArchiveEntry>();
  const ZipMember& m = (*members_)[current_++];
  // As libarchive tells a member from its local header: a directory by its name's trailing '/'.
  ArchiveEntry e;
  e.name = m.name;
  if (m.size_known) e.size = m.size;
  e.directory = !m.name.empty() && m.name.back() == '/';
  return std::optional<ArchiveEntry>(std::move(e));
}

bool ZipMemberReader::inflate_current() {
  const ZipMember& m = (*members_)[current_ - 1];
  char* out = reserve(out_, out_capacity_, m.size);
  if (m.method == 0) {
    if (!read_at(m.data_offset, std::span<char>(out, m.size))) return false;
  } else {
    const char* packed = nullptr;
    if (whole_ && m.data_offset <= whole_size_ && whole_size_ - m.data_offset >= m.compressed_size) {
      packed = whole_.get() + m.data_offset;
    } else {
      char* buf = reserve(packed_, packed_capacity_, m.compressed_size);
      if (!read_at(m.data_offset, std::span<char>(buf, m.compressed_size))) return false;
      packed = buf;
    }
    std::size_t used = 0, made = 0;
    if (libdeflate_deflate_decompress_ex(decompressor(), packed, m.compressed_size, out, m.size, &used, &made) !=
            LIBDEFLATE_SUCCESS ||
        used != m.compressed_size || made != m.size)
      return false;
  }
  if (libdeflate_crc32(0, out, m.size) != m.crc32) return false;
  out_size_ = m.size;
  out_pos_ = 0;
  inflated_ = true;
  return true;
}

Result<std::optional<ArchiveEntry>> ZipMemberReader::hand_over() {
  archive_ = std::make_unique<ArchiveReader>(in_, read_bytes_, ArchiveKind::Zip);
  if (auto r = in_.rewind(); !r) return r.problem();
  std::optional<ArchiveEntry> entry;
  for (std::size_t k = 0; k < current_; ++k) {
    auto e = archive_->next();
    if (!e) return e.problem();
    if (!*e) return std::optional<ArchiveEntry>();
    entry = std::move(*e);
  }
  return entry;
}

Result<std::size_t> ZipMemberReader::read(std::span<char> buf) {
  if (archive_) return archive_->read(buf);
  if (current_ == 0) return std::size_t{0};
  if (!inflated_ && !inflate_current()) {
    // Damaged (or unreadable): libarchive reads this member and the rest, and says what is wrong.
    auto entry = hand_over();
    if (!entry) return entry.problem();
    if (!*entry) return std::size_t{0};
    return archive_->read(buf);
  }
  const std::size_t n = std::min(buf.size(), out_size_ - out_pos_);
  if (n > 0) std::memcpy(buf.data(), out_.get() + out_pos_, n);
  out_pos_ += n;
  return n;
}

}  // namespace datavagt
