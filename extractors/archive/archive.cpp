// Archives: zip (the sniffer names OOXML, ODF and EPUB apart: sniff.cpp), tar (ustar, pax, gnu), cpio, iso9660, 7z, rar,
// and compressed files: gzip, bzip2, xz, zstd (a compressed tarball is a tar; anything else is one member,
// named after the file without its suffix, or after the gzip header's original name).
//
// Every member is handed on with `out.nested()` as a stream over the libarchive entry (archive_reader.h):
// never buffered whole, except a 7z inside another archive (7z needs random access; up to
// Limits::max_buffered_member_bytes). The item scanner sniffs each member again, so archives nest to any
// depth within Limits::max_depth.
//
// Bounds (core/limits.h), each a `limit` problem that names its CLI option; the scan goes on with the next
// member where the archive allows it:
//   max_members            entries per archive; the rest are skipped
//   max_unpacked_bytes     bytes decompressed from one archive; the rest are skipped
//   max_compression_ratio  a member that unpacks more than ratio_guard_bytes at more than N:1 is cut off (a
//                          zip bomb) and the next member is read; a compressed stream (a tarball) that does is
//                          stopped as a whole (skipping the member would mean decompressing it all the same)
// The per-file byte and time budgets are the sink's (`stop_requested()`): checked before every member and
// every read of the archive's bytes, also while libarchive skips an entry.
// Encrypted members are an `encrypted` problem at the member's location; encrypted headers (7z, rar) one
// for the archive.
#include <algorithm>
#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "extractors/archive/archive_reader.h"
#include "extractors/extractor.h"
#include "extractors/format.h"

namespace datavagt {

namespace {

// Archive bytes per read: small, so a member's compressed size is known to within this many bytes (the
// ratio guard's precision).
constexpr std::size_t kReadBytes = 64 * 1024;

ArchiveKind kind_of(FormatId f) {
  switch (f) {
    case FormatId::Zip: return ArchiveKind::Zip;
    case FormatId::Tar: return ArchiveKind::Tar;
    case FormatId::Cpio: return ArchiveKind::Cpio;
    case FormatId::Iso9660: return ArchiveKind::Iso9660;
    case FormatId::SevenZip: return ArchiveKind::SevenZip;
    case FormatId::Rar: return ArchiveKind::Rar;
    default: return ArchiveKind::Compressed;
  }
}

std::string_view base_name(std::string_view path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// The container's own name: the on-disk file's, or the member's it was found as.
std::string_view container_name(const ItemInfo& info) {
  return base_name(info.location.members.empty() ? std::string_view(info.location.path)
                                                 : std::string_view(info.location.members.back()));
}

// "sag.txt.gz" -> "sag.txt", "arkiv.tgz" -> "arkiv.tar"; a name without a known suffix gets none.
std::string without_compression_suffix(std::string_view name) {
  struct Suffix {
    std::string_view from, to;
  };
  static constexpr Suffix kSuffixes[] = {{".tgz", ".tar"}, {".tbz2", ".tar"}, {".tbz", ".tar"}, {".txz", ".tar"},
                                         {".tzst", ".tar"}, {".gz", ""},      {".gzip", ""},    {".bz2", ""},
                                         {".xz", ""},       {".lzma", ""},    {".zst", ""},     {".z", ""}};
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  });
  for (const auto& s : kSuffixes)
    if (lower.size() > s.from.size() && lower.ends_with(s.from))
      return std::string(name.substr(0, name.size() - s.from.size())) + std::string(s.to);
  return std::string(name);
}

// The original file name in a gzip header (FNAME), if `head` holds it whole; printable ASCII only (it is
// ISO-8859-1, and a location must be valid UTF-8), without directories.
std::string gzip_original_name(std::string_view head) {
  if (head.size() < 10 || static_cast<unsigned char>(head[0]) != 0x1F || static_cast<unsigned char>(head[1]) != 0x8B)
    return {};
  const auto flags = static_cast<unsigned char>(head[3]);
  if (!(flags & 0x08)) return {};
  std::size_t pos = 10;
  if (flags & 0x04) {  // FEXTRA
    if (head.size() < 12) return {};
    pos += 2 + (static_cast<unsigned char>(head[10]) | static_cast<std::size_t>(static_cast<unsigned char>(head[11])) << 8);
  }
  if (pos >= head.size()) return {};
  const auto end = head.find('\0', pos);
  if (end == std::string_view::npos) return {};
  std::string name(base_name(head.substr(pos, end - pos)));
  for (char c : name)
    if (c < 0x20 || c > 0x7E) return {};
  return name;
}

class ArchiveScan;

// One entry's bytes, counted against the archive's bounds. A bound that trips makes read() fail with the
// `limit` problem (the member's extractor stops); the archive scan then reports it at the member.
class MemberSource final : public ByteSource {
 public:
  MemberSource(ArchiveReader& reader, ArchiveScan& scan) : reader_(reader), scan_(scan), raw_at_start_(reader.raw_bytes()) {}

  Result<std::size_t> read(std::span<char> buf) override;
  Result<bool> rewind() override {
    return Problem::make(ProblemKind::Internal, "archive: a member cannot be read twice");
  }

  // Why reading stopped early: the archive failed (unusable from now on), or a bound tripped.
  const std::optional<Problem>& archive_failure() const { return archive_failure_; }
  const std::optional<Problem>& limit() const { return limit_; }

 private:
  ArchiveReader& reader_;
  ArchiveScan& scan_;
  std::uint64_t raw_at_start_;
  std::uint64_t unpacked_ = 0;
  std::optional<Problem> archive_failure_;
  std::optional<Problem> limit_;
};

class ArchiveScan {
 public:
  ArchiveScan(FormatId format, const ItemInfo& info, ExtractSink& out, const Limits& limits)
      : kind_(kind_of(format)), info_(info), out_(out), limits_(limits) {}

  void run(ByteSource& in) {
    std::string gzip_name;
    std::array<char, 4096> head{};
    std::optional<PrefixedSource> replay;
    ByteSource* src = &in;
    if (kind_ == ArchiveKind::Compressed) {  // the gzip header's name, then the bytes from the start again
      auto got = read_fully(in, head);
      if (!got) return out_.problem(got.problem());
      gzip_name = gzip_original_name(std::string_view(head.data(), *got));
      replay.emplace(std::string_view(head.data(), *got), in);
      src = &*replay;
    }
    single_name_ = !gzip_name.empty() ? gzip_name : without_compression_suffix(container_name(info_));
    if (single_name_.empty()) single_name_ = "data";

    std::string buffered;  // a 7z that is not an on-disk file
    std::unique_ptr<ArchiveReader> reader;
    if (kind_ == ArchiveKind::SevenZip) {  // needs random access
      if (src->file_descriptor() >= 0) {
        reader = ArchiveReader::over_descriptor(src->file_descriptor(), kReadBytes, kind_);
      } else {
        if (!buffer_whole(*src, buffered)) return;
        reader = ArchiveReader::over_memory(buffered, kind_);
      }
    } else {
      reader = std::make_unique<ArchiveReader>(*src, kReadBytes, kind_);
    }
    reader->set_guard([this, r = reader.get()] { return guard(*r); });
    scan_members(*reader);
  }

  // Counts `n` bytes of a member; a problem when the archive's byte bound is passed.
  std::optional<Problem> count(std::size_t n) {
    unpacked_ += n;
    if (unpacked_ <= limits_.max_unpacked_bytes) return std::nullopt;
    archive_full_ = true;
    return Problem::make(ProblemKind::Limit, "archive: more than " + std::to_string(limits_.max_unpacked_bytes) +
                                                 " bytes unpacked; the rest is not scanned (--max-archive-size)");
  }

  // `what` unpacked `unpacked` bytes from `compressed`: a problem past the ratio (`what` and the rest of the
  // sentence say what is not scanned).
  std::optional<Problem> ratio_guard(std::uint64_t unpacked, std::uint64_t compressed, std::string_view what) const {
    // `compressed` is known to within one read; counting that read makes the guard err on the safe side.
    if (unpacked <= limits_.ratio_guard_bytes || limits_.max_compression_ratio == 0) return std::nullopt;
    if (unpacked / (compressed + kReadBytes) <= limits_.max_compression_ratio) return std::nullopt;
    return Problem::make(ProblemKind::Limit, std::string(what) + " more than " +
                                                 std::to_string(limits_.max_compression_ratio) +
                                                 ":1, not scanned further (a bomb?) (--max-ratio)");
  }

 private:
  // Asked before every read of the archive's bytes.
  std::optional<Problem> guard(const ArchiveReader& r) {
    if (out_.stop_requested()) return Problem::make(ProblemKind::Limit, "archive: stopped, the file's budget is spent");
    // A compressed stream as a whole (a tarball's members are skipped by decompressing them).
    if (kind_ == ArchiveKind::Compressed) {
      if (auto p = ratio_guard(r.filtered_bytes(), r.raw_bytes(), "archive: the compressed stream unpacks")) return p;
    }
    return std::nullopt;
  }

  bool buffer_whole(ByteSource& src, std::string& bytes) {
    std::array<char, kReadBytes> buf;
    for (;;) {
      auto n = src.read(buf);
      if (!n) {
        out_.problem(n.problem());
        return false;
      }
      if (*n == 0) return true;
      if (*n > limits_.max_buffered_member_bytes - std::min(bytes.size(), limits_.max_buffered_member_bytes)) {
        out_.problem(Problem::make(ProblemKind::Limit, "7z: inside another item and larger than " +
                                                           std::to_string(limits_.max_buffered_member_bytes) +
                                                           " bytes, not scanned"));
        return false;
      }
      bytes.append(buf.data(), *n);
    }
  }

  void report_at(Problem p, const Location& where) {
    p.members = where.members;
    out_.problem(std::move(p));
  }

  void scan_members(ArchiveReader& reader) {
    std::size_t entries = 0;
    for (;;) {
      if (out_.stop_requested()) return;
      auto entry = reader.next();
      if (!entry) {
        if (!out_.stop_requested()) out_.problem(entry.problem());
        return;
      }
      if (!*entry) return;
      if (++entries > limits_.max_members) {
        out_.problem(Problem::make(ProblemKind::Limit, "archive: more than " + std::to_string(limits_.max_members) +
                                                           " members; the rest are not scanned (--max-members)"));
        return;
      }
      const ArchiveEntry& e = **entry;
      if (e.directory || !e.regular) continue;
      const Location where = info_.location.child(e.whole_stream ? single_name_ : e.name);
      if (e.encrypted) {
        report_at(Problem::make(ProblemKind::Encrypted, "archive: member is encrypted (password), not scanned"), where);
        continue;
      }
      if (archive_full_) return;
      MemberSource member(reader, *this);
      out_.nested(info_.member(where, e.size.value_or(0)), member);
      if (member.limit()) report_at(*member.limit(), where);  // once: the sink drops a repeat
      if (member.archive_failure()) {
        if (!out_.stop_requested()) report_at(*member.archive_failure(), where);
        return;
      }
      if (archive_full_) return;
    }
  }

  ArchiveKind kind_;
  const ItemInfo& info_;
  ExtractSink& out_;
  const Limits& limits_;
  std::string single_name_;  // a compressed single file's member
  std::uint64_t unpacked_ = 0;
  bool archive_full_ = false;
};

Result<std::size_t> MemberSource::read(std::span<char> buf) {
  if (archive_failure_) return *archive_failure_;
  if (limit_) return *limit_;
  auto n = reader_.read(buf);
  if (!n) {
    archive_failure_ = n.problem();
    return n;
  }
  unpacked_ += *n;
  if (auto p = scan_.count(*n)) {
    limit_ = std::move(p);
    return *limit_;
  }
  if (auto p = scan_.ratio_guard(unpacked_, reader_.raw_bytes() - raw_at_start_, "archive: the member unpacks")) {
    limit_ = std::move(p);
    return *limit_;
  }
  return n;
}

class ArchiveExtractor final : public Extractor {
 public:
  explicit ArchiveExtractor(FormatId format) : format_(format) {}
  std::string_view name() const override { return "archive"; }

  void extract(ByteSource& in, const ItemInfo& info, ExtractSink& out, const Limits& limits) override {
    ArchiveScan(format_, info, out, limits).run(in);
  }

 private:
  FormatId format_;
};

}  // namespace

template <FormatId F>
std::unique_ptr<Extractor> make_archive_extractor() {
  return std::make_unique<ArchiveExtractor>(F);
}
// The formats registry.cpp names.
template std::unique_ptr<Extractor> make_archive_extractor<FormatId::Zip>();
template std::unique_ptr<Extractor> make_archive_extractor<FormatId::Tar>();
template std::unique_ptr<Extractor> make_archive_extractor<FormatId::Cpio>();
template std::unique_ptr<Extractor> make_archive_extractor<FormatId::Iso9660>();
template std::unique_ptr<Extractor> make_archive_extractor<FormatId::SevenZip>();
template std::unique_ptr<Extractor> make_archive_extractor<FormatId::Rar>();
template std::unique_ptr<Extractor> make_archive_extractor<FormatId::Gzip>();
template std::unique_ptr<Extractor> make_archive_extractor<FormatId::Bzip2>();
template std::unique_ptr<Extractor> make_archive_extractor<FormatId::Xz>();
template std::unique_ptr<Extractor> make_archive_extractor<FormatId::Zstd>();

}  // namespace datavagt
