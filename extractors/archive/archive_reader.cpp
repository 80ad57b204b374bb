#include "extractors/archive/archive_reader.h"

#include <archive.h>
#include <archive_entry.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <sys/stat.h>

namespace datavagt {

namespace {

std::string_view kind_name(ArchiveKind k) {
  switch (k) {
    case ArchiveKind::Zip: return "zip";
    case ArchiveKind::Tar: return "tar";
    case ArchiveKind::Cpio: return "cpio";
    case ArchiveKind::Iso9660: return "iso9660";
    case ArchiveKind::SevenZip: return "7z";
    case ArchiveKind::Rar: return "rar";
    case ArchiveKind::Compressed: return "compressed file";
  }
  return "archive";
}

void enable(archive* a, ArchiveKind k) {
  switch (k) {
    case ArchiveKind::Zip:
      archive_read_support_format_zip(a);
      break;
    case ArchiveKind::Tar:
      archive_read_support_format_tar(a);
      break;
    case ArchiveKind::Cpio:
      archive_read_support_format_cpio(a);
      break;
    case ArchiveKind::Iso9660:
      archive_read_support_format_iso9660(a);
      break;
    case ArchiveKind::SevenZip:
      archive_read_support_format_7zip(a);
      break;
    case ArchiveKind::Rar:
      archive_read_support_format_rar(a);
      archive_read_support_format_rar5(a);
      break;
    case ArchiveKind::Compressed:
      // A compressed tarball is a tar; anything else is one raw entry, sniffed again as a member. No
      // external programs: only the filters libarchive has built in.
      archive_read_support_filter_gzip(a);
      archive_read_support_filter_bzip2(a);
      archive_read_support_filter_xz(a);
      archive_read_support_filter_lzma(a);
      archive_read_support_filter_zstd(a);
      archive_read_support_format_tar(a);
      archive_read_support_format_cpio(a);
      archive_read_support_format_raw(a);
      break;
  }
}

}  // namespace

void ArchiveReader::ArchiveFree::operator()(archive* a) const { archive_read_free(a); }

ArchiveReader::ArchiveReader(ByteSource* in, std::size_t read_bytes, ArchiveKind kind)
    : in_(in), kind_(kind), buf_size_(std::max<std::size_t>(read_bytes, 1)),
      buf_(std::make_unique_for_overwrite<char[]>(buf_size_)),  // not zeroed: 1 MiB per file was 3% of a scan
      a_(archive_read_new()) {}

ArchiveReader::ArchiveReader(ByteSource& in, std::size_t read_bytes, ArchiveKind kind)
    : ArchiveReader(&in, read_bytes, kind) {}

std::unique_ptr<ArchiveReader> ArchiveReader::over_descriptor(int fd, std::size_t read_bytes, ArchiveKind kind) {
  std::unique_ptr<ArchiveReader> r(new ArchiveReader(nullptr, read_bytes, kind));
  Random rnd;
  rnd.fd = fd;
  struct stat st {};
  if (::fstat(fd, &st) == 0 && st.st_size > 0) rnd.size = static_cast<std::uint64_t>(st.st_size);
  r->random_ = rnd;
  return r;
}

std::unique_ptr<ArchiveReader> ArchiveReader::over_memory(std::string_view bytes, ArchiveKind kind) {
  std::unique_ptr<ArchiveReader> r(new ArchiveReader(nullptr, 1, kind));
  Random rnd;
  rnd.memory = bytes;
  rnd.size = bytes.size();
  r->random_ = rnd;
  return r;
}

ArchiveReader::~ArchiveReader() = default;

std::optional<Problem> ArchiveReader::check_guard(archive*) {
  if (!guard_) return std::nullopt;
  return guard_();
}

long ArchiveReader::on_read(archive* a, void* self, const void** out) {
  auto* r = static_cast<ArchiveReader*>(self);
  try {
    if (auto stop = r->check_guard(a)) {
      r->source_problem_ = std::move(stop);
      archive_set_error(a, ECANCELED, "stopped");
      return -1;
    }
    if (r->random_) {
      Random& rnd = *r->random_;
      if (rnd.pos >= rnd.size) return 0;
      const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(r->buf_size_, rnd.size - rnd.pos));
      if (rnd.fd < 0) {  // memory: no copy
        *out = rnd.memory.data() + rnd.pos;
        rnd.pos += want;
        return static_cast<long>(want);
      }
      ssize_t n;
      do n = ::pread(rnd.fd, r->buf_.get(), want, static_cast<off_t>(rnd.pos));
      while (n < 0 && errno == EINTR);
      if (n < 0) {
        r->source_problem_ = Problem::make(ProblemKind::Unreadable, std::string(kind_name(r->kind_)) +
                                                                        ": read error: " + std::strerror(errno));
        archive_set_error(a, EIO, "read failed");
        return -1;
      }
      rnd.pos += static_cast<std::uint64_t>(n);
      *out = r->buf_.get();
      return static_cast<long>(n);
    }
    auto n = r->in_->read(std::span<char>(r->buf_.get(), r->buf_size_));
    if (!n) {
      r->source_problem_ = n.problem();
      archive_set_error(a, EIO, "read failed");
      return -1;
    }
    *out = r->buf_.get();
    return static_cast<long>(*n);
  } catch (...) {  // never let an exception cross libarchive
    r->source_problem_ = Problem::make(ProblemKind::Internal, std::string(kind_name(r->kind_)) + ": reading failed");
    archive_set_error(a, EIO, "read failed");
    return -1;
  }
}

std::int64_t ArchiveReader::on_seek(archive*, void* self, std::int64_t offset, int whence) {
  auto* r = static_cast<ArchiveReader*>(self);
  Random& rnd = *r->random_;
  std::int64_t base = 0;
  if (whence == SEEK_CUR) base = static_cast<std::int64_t>(rnd.pos);
  if (whence == SEEK_END) base = static_cast<std::int64_t>(rnd.size);
  const std::int64_t to = base + offset;
  if (to < 0) return ARCHIVE_FATAL;
  rnd.pos = std::min<std::uint64_t>(static_cast<std::uint64_t>(to), rnd.size);
  return static_cast<std::int64_t>(rnd.pos);
}

std::int64_t ArchiveReader::on_skip(archive*, void* self, std::int64_t request) {
  auto* r = static_cast<ArchiveReader*>(self);
  Random& rnd = *r->random_;
  if (request <= 0) return 0;
  const std::uint64_t step = std::min<std::uint64_t>(static_cast<std::uint64_t>(request), rnd.size - rnd.pos);
  rnd.pos += step;
  return static_cast<std::int64_t>(step);
}

Problem ArchiveReader::failure(std::string_view what) {
  if (source_problem_) return *source_problem_;
  if (saw_encryption())
    return Problem::make(ProblemKind::Encrypted, std::string(kind_name(kind_)) + ": encrypted, not scanned");
  return Problem::make(ProblemKind::Corrupt, std::string(kind_name(kind_)) + ": " + std::string(what));
}

bool ArchiveReader::saw_encryption() const {
  // Only once a format was chosen (a successful open): libarchive dereferences it.
  return a_ && opened_ && !open_failed_ && archive_read_has_encrypted_entries(a_.get()) > 0;
}

std::uint64_t ArchiveReader::raw_bytes() const {
  if (!a_ || !opened_ || open_failed_) return 0;
  const auto n = archive_filter_bytes(a_.get(), -1);
  return n > 0 ? static_cast<std::uint64_t>(n) : 0;
}

std::uint64_t ArchiveReader::filtered_bytes() const {
  if (!a_ || !opened_ || open_failed_) return 0;
  const auto n = archive_filter_bytes(a_.get(), 0);
  return n > 0 ? static_cast<std::uint64_t>(n) : 0;
}

Result<std::optional<ArchiveEntry>> ArchiveReader::next() {
  const std::string what(kind_name(kind_));
  if (!a_) return Problem::make(ProblemKind::Internal, what + ": cannot create reader");
  if (open_failed_) return failure("not readable");
  if (!opened_) {
    opened_ = true;
    if (raw_only_) {
      archive_read_support_filter_all(a_.get());
      archive_read_support_format_raw(a_.get());
    } else {
      enable(a_.get(), kind_);
    }
    archive_read_set_callback_data(a_.get(), this);
    archive_read_set_read_callback(a_.get(), &ArchiveReader::on_read);
    if (random_) {
      archive_read_set_seek_callback(a_.get(), &ArchiveReader::on_seek);
      archive_read_set_skip_callback(a_.get(), &ArchiveReader::on_skip);
    }
    if (archive_read_open1(a_.get()) != ARCHIVE_OK) {
      open_failed_ = true;
      return failure(kind_ == ArchiveKind::Zip ? "not a readable zip archive" : "not a readable archive");
    }
  }
  archive_entry* e = nullptr;
  const int rc = archive_read_next_header(a_.get(), &e);
  if (rc == ARCHIVE_EOF && kind_ == ArchiveKind::Compressed && !raw_only_ && entries_ == 0 &&
      (archive_format(a_.get()) & ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_TAR) {
    // Decompressed data that starts with 1024 zero bytes is a valid empty tar to libarchive (a disk image,
    // a bomb of zeros): read it again as one raw stream, if the source can start over.
    if (in_ == nullptr || !in_->rewind())
      return Problem::make(ProblemKind::UnsupportedFormat,
                           what + ": starts with zeros (an empty tar?) and cannot be re-read; not scanned");
    raw_only_ = true;
    opened_ = false;
    a_.reset(archive_read_new());
    return next();
  }
  if (rc == ARCHIVE_EOF) return std::optional<ArchiveEntry>();
  ++entries_;
  if (rc < ARCHIVE_WARN || e == nullptr) return failure("damaged or truncated member header");
  ArchiveEntry z;
  if (archive_format(a_.get()) == ARCHIVE_FORMAT_RAW) {
    // Raw means "not a tar or cpio": only sensible when a filter decompressed something.
    if (archive_filter_code(a_.get(), 0) == ARCHIVE_FILTER_NONE) return failure("not compressed data");
    z.whole_stream = true;
  }
  const char* name = archive_entry_pathname_utf8(e);
  if (name == nullptr) name = archive_entry_pathname(e);
  if (name != nullptr) z.name = name;
  if (archive_entry_size_is_set(e) && archive_entry_size(e) >= 0)
    z.size = static_cast<std::uint64_t>(archive_entry_size(e));
  z.encrypted = archive_entry_is_encrypted(e) != 0;
  const auto type = archive_entry_filetype(e);
  z.directory = type == AE_IFDIR;
  z.regular = (type == AE_IFREG || type == 0) && archive_entry_hardlink(e) == nullptr &&
              archive_entry_symlink(e) == nullptr;
  return std::optional<ArchiveEntry>(std::move(z));
}

Result<std::size_t> ArchiveReader::read(std::span<char> buf) {
  const la_ssize_t n = archive_read_data(a_.get(), buf.data(), buf.size());
  if (n < 0) {
    if (n == ARCHIVE_RETRY || n == ARCHIVE_WARN) return failure("damaged member data");
    return failure("damaged or truncated member data");
  }
  return static_cast<std::size_t>(n);
}

}  // namespace datavagt
