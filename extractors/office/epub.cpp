// EPUB e-books (EPUB 2 and 3), registered for FormatId::Epub (the sniffer names a zip whose stored `mimetype`
// says application/epub+zip, or whose first member is META-INF/container.xml). A zip read member by member
// (archive/zip_member_reader.h: libarchive's streaming read, or the fast path for a plain zip on disk):
//   META-INF/container.xml   names the package document (the OPF; epub_package.h)
//   the package document     metadata (titles, creators, subjects, descriptions …) as part "metadata";
//                            the manifest (what each member is) and the spine (the reading order)
//   XHTML content documents  through the HTML extractor (text/html.cpp: script and style skipped, entities
//                            decoded), part "chapter N" for the spine's Nth, "document" for others (the
//                            navigation document, notes outside the reading order)
//   other resources          images, PDFs, audio …: nested members (buffered up to
//                            Limits::max_buffered_member_bytes); style sheets, fonts, the NCX and media
//                            overlays are passed over
//   META-INF/encryption.xml  resources encrypted by DRM are not read: one `encrypted` problem; font
//                            obfuscation is not DRM
// Members come in zip order; those before the package document (rare: writers put mimetype, container.xml
// and the OPF first) wait in memory for it, up to Limits::max_buffered_member_bytes in all; past that, or
// without a package document, a member is judged by its name (.xhtml/.html/.htm are documents). One text
// budget for the book; decompressed bytes bounded by Limits::max_unpacked_bytes; at most Limits::max_members
// members. A content document that is not markup (encrypted without a word in encryption.xml, or damaged) is
// not parsed: `corrupt`, as is a malformed package document.
#include <algorithm>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "extractors/archive/zip_member_reader.h"
#include "extractors/body_sink.h"
#include "extractors/extractor.h"
#include "extractors/office/epub_package.h"
#include "extractors/office/odf_parts.h"
#include "extractors/registry.h"
#include "extractors/text_emitter.h"

namespace datavagt {

namespace {

constexpr std::size_t kReadBytes = 64 * 1024;

bool ends_with(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  for (std::size_t i = 0; i < suffix.size(); ++i) {
    char c = s[s.size() - suffix.size() + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != suffix[i]) return false;
  }
  return true;
}

enum class Role { Document, Resource, Skipped };

// What a member is: by its manifest media type, else (not in the manifest, or no package) by its name.
Role role_of(std::string_view name, const EpubItem* item) {
  if (item != nullptr) {
    const std::string_view m = item->media_type;
    if (m == "application/xhtml+xml" || m == "text/html") return Role::Document;
    if (m == "text/css" || m == "application/x-dtbncx+xml" || m == "application/smil+xml" ||
        m == "application/oebps-package+xml" || m == "text/javascript" || m == "application/javascript" ||
        m == "application/vnd.ms-opentype" || m.starts_with("font/") || m.starts_with("application/font") ||
        m.starts_with("application/x-font"))
      return Role::Skipped;
    return Role::Resource;
  }
  for (std::string_view ext : {".xhtml", ".html", ".htm"})
    if (ends_with(name, ext)) return Role::Document;
  for (std::string_view ext : {".css", ".ncx", ".smil", ".js", ".ttf", ".otf", ".woff", ".woff2", ".opf"})
    if (ends_with(name, ext)) return Role::Skipped;
  return Role::Resource;
}

// XHTML or HTML by its first bytes (UTF-16 with its byte order mark is left to the HTML extractor).
bool looks_like_markup(std::string_view head) {
  if (head.starts_with("\xFF\xFE") || head.starts_with("\xFE\xFF")) return true;
  return looks_like_xml(head);
}

class EpubReader {
 public:
  EpubReader(const ItemInfo& info, ExtractSink& out, const Limits& limits)
      : info_(info), out_(out), limits_(limits), emitter_(out, limits) {}

  void run(ByteSource& in) {
    ZipMemberReader zip(in, std::max<std::size_t>(limits_.read_chunk_bytes, 1), limits_);
    std::size_t entries = 0;
    for (;;) {
      // The file's budget is asked before every member and every read: the fast path reads the file itself.
      if (stopped() || out_.stop_requested()) return;
      auto entry = zip.next();
      if (!entry) {
        report(entry.problem());
        break;
      }
      if (!*entry) break;
      const ArchiveEntry& e = **entry;
      if (e.directory || !e.regular) continue;
      if (++entries > limits_.max_members) {
        out_.problem(Problem::make(ProblemKind::Limit, "epub: more than " + std::to_string(limits_.max_members) +
                                                           " members; the rest are not scanned (--max-members)"));
        break;
      }
      if (e.encrypted) {
        Problem p = Problem::make(ProblemKind::Encrypted, "epub: member is encrypted, not scanned");
        p.members = info_.location.child(e.name).members;
        out_.problem(std::move(p));
        continue;
      }
      if (unpacked_ >= limits_.max_unpacked_bytes) {
        limit_hit();
        break;
      }
      ZipStream stream(*this, zip);
      member(e.name, stream);
      if (!stream.pass_over()) break;  // what the member's reader left: the zip stream must advance
    }
    if (stopped() || out_.stop_requested()) return;
    finish();
  }

 private:
  // The member at hand of `zip` as a ByteSource: its decompressed bytes counted against max_unpacked_bytes,
  // the file's budget asked before every read.
  class ZipStream final : public ByteSource {
   public:
    ZipStream(EpubReader& r, ZipMemberReader& zip) : r_(r), zip_(zip) {}
    Result<std::size_t> read(std::span<char> buf) override {
      if (failed_) return *failed_;
      if (r_.out_.stop_requested()) return fail(Problem::make(ProblemKind::Limit, "stopped: the file's budget is spent"));
      auto n = zip_.read(buf);
      if (!n) {
        r_.report(n.problem());
        return fail(n.problem());
      }
      r_.unpacked_ += *n;
      if (r_.unpacked_ > r_.limits_.max_unpacked_bytes) return fail(r_.limit_hit());
      return n;
    }
    Result<bool> rewind() override {
      return Problem::make(ProblemKind::Internal, "epub: a member cannot be read twice");
    }
    // Reads the rest of the member; false when the zip cannot be read on.
    bool pass_over() {
      char buf[kReadBytes];
      for (;;) {
        auto n = read(buf);
        if (!n) return false;
        if (*n == 0) return true;
      }
    }

   private:
    Problem fail(Problem p) {
      failed_ = p;
      return p;
    }
    EpubReader& r_;
    ZipMemberReader& zip_;
    std::optional<Problem> failed_;
  };

  struct Waiting {
    std::string name;
    std::string bytes;
  };

  bool stopped() const { return emitter_.stopped(); }

  void report(const Problem& p) {
    if (p.kind == ProblemKind::Corrupt) {
      if (reported_corrupt_) return;
      reported_corrupt_ = true;
    }
    out_.problem(p);
  }

  Problem limit_hit() {
    Problem p = Problem::make(ProblemKind::Limit, "epub: more than " + std::to_string(limits_.max_unpacked_bytes) +
                                                      " bytes decompressed; the rest is not scanned (--max-archive-size)");
    if (!limit_reported_) out_.problem(p);
    limit_reported_ = true;
    return p;
  }

  // Reads a member whole, up to `bound` bytes; nullopt (the rest passed over) when it is longer or unreadable.
  static std::optional<std::string> read_whole(ByteSource& in, std::size_t bound) {
    std::string bytes;
    auto whole = read_up_to(in, bound, bytes, kReadBytes);
    if (!whole || !*whole) return std::nullopt;
    return bytes;
  }

  void member(const std::string& name, ByteSource& in) {
    if (name == "mimetype") return;
    if (name == "META-INF/container.xml") {
      const auto bytes = read_whole(in, limits_.max_buffered_member_bytes);
      if (bytes && !package_) package_path_ = epub_package_path(*bytes);
      if (package_path_) take_waiting_package();
      return;
    }
    if (name == "META-INF/encryption.xml") {
      if (const auto bytes = read_whole(in, limits_.max_buffered_member_bytes))
        for (auto& p : epub_encrypted_paths(*bytes)) encrypted_.insert(std::move(p));
      return;
    }
    if (name.starts_with("META-INF/")) return;  // signatures, rights, the OCF manifest: not the book's text
    if (!package_ && (package_path_ ? name == *package_path_ : ends_with(name, ".opf"))) {
      read_package(name, in);
      return;
    }
    if (package_ || !waiting_room_) return handle(name, in);
    wait(name, in);
  }

  // A member that came before the package document: kept for it while there is room, else judged now (with
  // what was read of it first).
  void wait(const std::string& name, ByteSource& in) {
    const std::size_t room = limits_.max_buffered_member_bytes - waiting_bytes_;
    std::string bytes;
    char buf[kReadBytes];
    for (;;) {
      auto n = in.read(buf);
      if (!n) return;  // unreadable: reported by the stream
      if (*n == 0) {
        waiting_bytes_ += bytes.size();
        waiting_.push_back({name, std::move(bytes)});
        return;
      }
      bytes.append(buf, *n);
      if (bytes.size() > room) break;
    }
    give_up_waiting();
    PrefixedSource rest(bytes, in);
    handle(name, rest);
  }

  void give_up_waiting() {
    waiting_room_ = false;
    handle_waiting();
  }

  void handle_waiting() {
    std::vector<Waiting> waiting = std::move(waiting_);
    waiting_.clear();
    waiting_bytes_ = 0;
    for (auto& w : waiting) {
      if (stopped()) return;
      MemorySource src(w.bytes);
      handle(w.name, src);
    }
  }

  // container.xml named a package document that already waits in memory.
  void take_waiting_package() {
    for (std::size_t i = 0; i < waiting_.size(); ++i) {
      if (waiting_[i].name != *package_path_) continue;
      Waiting opf = std::move(waiting_[i]);
      waiting_bytes_ -= opf.bytes.size();
      waiting_.erase(waiting_.begin() + static_cast<long>(i));
      MemorySource src(opf.bytes);
      read_package(opf.name, src);
      return;
    }
  }

  void read_package(const std::string& name, ByteSource& in) {
    const auto bytes = read_whole(in, limits_.max_buffered_member_bytes);
    if (!bytes) {
      out_.problem(Problem::make(ProblemKind::Limit, "epub: the package document is larger than " +
                                                         std::to_string(limits_.max_buffered_member_bytes) +
                                                         " bytes or unreadable; documents judged by their names"));
      package_.emplace();
    } else {
      package_ = parse_epub_package(*bytes, name);
      if (package_->malformed)
        report(Problem::make(ProblemKind::Corrupt, "epub: the package document is not well-formed UTF-8 XML; "
                                                   "what was read of it is used"));
      if (!package_->metadata.empty()) emitter_.emit(package_->metadata + "\n", Position{0, "metadata"});
    }
    handle_waiting();
  }

  void handle(const std::string& name, ByteSource& in) {
    if (stopped()) return;
    if (encrypted_.count(name)) {
      ++encrypted_members_;
      return;
    }
    const EpubItem* item = package_ ? package_->item(name) : nullptr;
    switch (role_of(name, item)) {
      case Role::Skipped:
        return;
      case Role::Document:
        return document(name, in);
      case Role::Resource:
        return resource(name, in);
    }
  }

  void document(const std::string& name, ByteSource& in) {
    std::string head(512, '\0');
    auto got = read_fully(in, head);
    if (!got) return;
    head.resize(*got);
    if (!looks_like_markup(head)) {
      ++unreadable_documents_;
      return;
    }
    const std::size_t chapter = package_ ? package_->chapter(name) : 0;
    BodySink sink(out_, emitter_, chapter > 0 ? "chapter " + std::to_string(chapter) : "document");
    PrefixedSource whole(head, in);
    ItemInfo doc = info_;
    doc.size = 0;  // not known: the HTML extractor reads it to its end
    html_->extract(whole, doc, sink, limits_);
  }

  // Buffered and handed on whole: a member cut short is not, its format would be misjudged.
  void resource(const std::string& name, ByteSource& in) {
    std::string bytes;
    auto whole = read_up_to(in, limits_.max_buffered_member_bytes, bytes, kReadBytes);
    if (!whole) return;
    const Location where = info_.location.child(name);
    if (!*whole) {
      Problem p = Problem::make(ProblemKind::Limit, "epub: member larger than " +
                                                        std::to_string(limits_.max_buffered_member_bytes) +
                                                        " bytes, not scanned");
      p.members = where.members;
      out_.problem(std::move(p));
      return;
    }
    MemorySource src(bytes);
    out_.nested(info_.member(where, bytes.size()), src);
  }

  void finish() {
    if (!waiting_.empty()) handle_waiting();  // no package document came
    if (!package_)
      out_.note("EPUB without a package document (META-INF/container.xml, OPF): its documents were read in zip "
                "order");
    if (encrypted_members_ > 0)
      out_.problem(Problem::make(ProblemKind::Encrypted, "epub: " + std::to_string(encrypted_members_) +
                                                             " of its files are encrypted (DRM); not scanned"));
    else if (unreadable_documents_ > 0)
      report(Problem::make(ProblemKind::Corrupt, "epub: " + std::to_string(unreadable_documents_) +
                                                     " documents are not XHTML (damaged or encrypted); not scanned"));
  }

  const ItemInfo& info_;
  ExtractSink& out_;
  const Limits& limits_;
  TextEmitter emitter_;  // one text budget for the book
  std::unique_ptr<Extractor> html_ = make_extractor(FormatId::Html);
  std::optional<std::string> package_path_;
  std::optional<EpubPackage> package_;
  std::set<std::string> encrypted_;
  std::vector<Waiting> waiting_;
  std::size_t waiting_bytes_ = 0;
  bool waiting_room_ = true;
  std::uint64_t unpacked_ = 0;
  std::size_t encrypted_members_ = 0;
  std::size_t unreadable_documents_ = 0;
  bool reported_corrupt_ = false;
  bool limit_reported_ = false;
};

class EpubExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "epub"; }
  void extract(ByteSource& in, const ItemInfo& info, ExtractSink& out, const Limits& limits) override {
    EpubReader(info, out, limits).run(in);
  }
};

}  // namespace

std::unique_ptr<Extractor> make_epub_extractor() { return std::make_unique<EpubExtractor>(); }

}  // namespace datavagt
