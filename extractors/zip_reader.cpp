#include "extractors/zip_reader.h"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <cerrno>

namespace datavagt {

void ZipReader::ArchiveFree::operator()(archive* a) const { archive_read_free(a); }

ZipReader::ZipReader(ByteSource& in, std::size_t read_bytes)
    : in_(in),
      buf_size_(std::max<std::size_t>(read_bytes, 1)),
      buf_(std::make_unique_for_overwrite<char[]>(buf_size_)),  // not zeroed: 1 MiB per small file adds up
      a_(archive_read_new()) {}

ZipReader::~ZipReader() = default;

long ZipReader::on_read(archive* a, void* self, const void** out) {
  auto* r = static_cast<ZipReader*>(self);
  try {
    auto n = r->in_.read(std::span<char>(r->buf_.get(), r->buf_size_));
    if (!n) {
      r->source_problem_ = n.problem();
      archive_set_error(a, EIO, "read failed");
      return -1;
    }
    *out = r->buf_.get();
    return static_cast<long>(*n);
  } catch (...) {  // never let an exception cross libarchive
    r->source_problem_ = Problem::make(ProblemKind::Internal, "zip: reading the item failed");
    archive_set_error(a, EIO, "read failed");
    return -1;
  }
}

Problem ZipReader::failure(std::string_view what) {
  if (source_problem_) return *source_problem_;
  // libarchive's message is not passed on: it may quote member names, which may hold personal data.
  return Problem::make(ProblemKind::Corrupt, "zip: " + std::string(what));
}

Result<std::optional<ZipEntry>> ZipReader::next() {
  if (!a_) return Problem::make(ProblemKind::Internal, "zip: cannot create reader");
  if (open_failed_) return failure("not a readable zip archive");
  if (!opened_) {
    opened_ = true;
    archive_read_support_format_zip(a_.get());
    if (archive_read_open(a_.get(), this, nullptr, &ZipReader::on_read, nullptr) != ARCHIVE_OK) {
      open_failed_ = true;
      return failure("not a readable zip archive");
    }
  }
  archive_entry* e = nullptr;
  const int rc = archive_read_next_header(a_.get(), &e);
  if (rc == ARCHIVE_EOF) return std::optional<ZipEntry>();
  if (rc < ARCHIVE_WARN || e == nullptr) return failure("damaged or truncated member header");
  ZipEntry z;
  const char* name = archive_entry_pathname_utf8(e);
  if (name == nullptr) name = archive_entry_pathname(e);
  if (name != nullptr) z.name = name;
  if (archive_entry_size_is_set(e) && archive_entry_size(e) >= 0)
    z.size = static_cast<std::uint64_t>(archive_entry_size(e));
  z.encrypted = archive_entry_is_data_encrypted(e) != 0;
  z.directory = archive_entry_filetype(e) == AE_IFDIR;
  return std::optional<ZipEntry>(std::move(z));
}

Result<std::size_t> ZipReader::read(std::span<char> buf) {
  const la_ssize_t n = archive_read_data(a_.get(), buf.data(), buf.size());
  if (n < 0) {
    if (n == ARCHIVE_RETRY || n == ARCHIVE_WARN) return failure("damaged member data");
    return failure("damaged or truncated member data");
  }
  return static_cast<std::size_t>(n);
}

}  // namespace datavagt
