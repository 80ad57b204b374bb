// Outlook personal folders and offline stores (PST, OST; ANSI and Unicode) through libpst:
// - every folder below the store's top, every item in it, in libpst's order; each item is a member of its
//   own, `<folder path>/<message_label(n, subject, date)>` (e.g. `Indbakke/12 Ansøgning (2019-03-01)`), with
//   the folder names as stored (`Indbakke`, `Slettet post`), n counting the items of that folder from 1, and
//   the item's delivery (else submit) time as its mtime. Its text is produced here (ExtractSink::nested_text),
//   so a finding carries the message's location:
//     subject ("subject"), sender and recipient display names ("header"), the plain body ("body"), the HTML
//     body through the HTML extractor ("html body"), the compressed RTF body decompressed and read by the
//     RTF extractor ("rtf body"; skipped when it only wraps an HTML or plain body that was read already),
//     contact fields ("contact"), an appointment's place ("appointment"), a journal entry's description;
// - attachments as nested members one level below their message, named after their file name; an attached
//   message (an embedded .msg) as a nested message `<n> <subject> (<date>)` with its own text and attachments.
// Memory: libpst keeps the file's index (node and block ids: tens of bytes per item) and one item at a time,
// parsed with pst_parse_item and freed before the next. An attachment is held while it is scanned, up to
// Limits::max_buffered_member_bytes (larger ones are read through and dropped: `limit`).
// Files: libpst opens a file by name (pst_open). For an on-disk file it reads the header from a private copy
// of the first 4 KB (a temporary file, unlinked as soon as it is open), then its FILE is swapped for one on a
// duplicate of the scanner's own O_NOATIME descriptor: every read of the PST itself goes through that
// descriptor, so its access time does not change, and it is the very file the walk opened. A PST inside
// another item (a zip) is copied to a private temporary file in $TMPDIR (mode 0600, unlinked once libpst has
// it open, so nothing is left behind even if the scan is killed), up to Limits::max_spooled_member_bytes;
// a larger one is not scanned (`limit`).
// libpst is not thread-safe (process-wide iconv descriptors; a debug list of the functions entered, which is
// switched off here), so every call into it holds one process-wide mutex; text matching and the scanning of
// attachments run outside it, on the calling thread. Its debug output is off and goes nowhere; its only other
// prints (pst_open with a null argument, fopen failing on our own temporary file) cannot happen here.
// Damage: a file libpst cannot open, or without a folder tree, is `corrupt`; items it cannot parse are
// counted and reported as one `corrupt` problem, the rest is read. "Compressible" and "high" encryption are
// undone by libpst; a PST password is only a checksum (the content is not encrypted by it), so such a file is
// read as any other, with a note.
#include <fcntl.h>
#include <sys/stat.h>
#include <libpst/libpst.h>
extern "C" {
#include <libpst/lzfu.h>  // a C header without extern "C" of its own
}
#include <libpst/timeconv.h>
#include <stdio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/utf8.h"
#include "extractors/extractor.h"
#include "extractors/message_label.h"
#include "extractors/registry.h"
#include "extractors/text_emitter.h"

// Exported by libpst, declared only in its private define.h.
extern "C" void pst_debug_setlevel(int level);

namespace datavagt {

namespace {

constexpr std::size_t kHeaderBytes = 4096;     // pst_open reads the first ~600 bytes
constexpr unsigned kMaxFolderDepth = 64;       // Outlook allows far less; a damaged tree may loop
constexpr const char* kDefaultCharset = "windows-1252";  // ANSI items without a code page (Danish Outlook)

// ---- libpst, wrapped once ----

std::mutex& libpst_mutex() {
  static std::mutex m;
  return m;
}
using LibpstLock = std::lock_guard<std::mutex>;

void quiet_libpst() {
  static std::once_flag once;
  // Levels at or below this are not recorded: no debug output, and no process-wide list of the functions
  // entered (which libpst would otherwise grow and shrink on every call, and exit() on when it underflows).
  std::call_once(once, [] { pst_debug_setlevel(INT_MAX); });
}

struct ItemFree {
  void operator()(pst_item* i) const {
    LibpstLock lock(libpst_mutex());
    pst_freeItem(i);
  }
};
using ItemPtr = std::unique_ptr<pst_item, ItemFree>;

ItemPtr parse_item(pst_file& pf, pst_desc_tree* d, pst_id2_tree* id2) {
  LibpstLock lock(libpst_mutex());
  return ItemPtr(pst_parse_item(&pf, d, id2));
}

// An open pst_file; closed (index and all) when it goes.
class PstFile {
 public:
  PstFile() { std::memset(&pf_, 0, sizeof pf_); }
  ~PstFile() {
    if (!open_) return;
    LibpstLock lock(libpst_mutex());
    pst_close(&pf_);
  }
  PstFile(const PstFile&) = delete;
  PstFile& operator=(const PstFile&) = delete;

  bool open(const std::string& path) {
    LibpstLock lock(libpst_mutex());
    open_ = pst_open(&pf_, path.c_str(), kDefaultCharset) == 0;
    return open_;
  }
  pst_file& get() { return pf_; }

 private:
  pst_file pf_;
  bool open_ = false;
};

// A private temporary file (mode 0600 in $TMPDIR, else /tmp), removed when it goes or on unlink().
class TempFile {
 public:
  TempFile() = default;
  ~TempFile() {
    unlink();
    if (fd_ >= 0) ::close(fd_);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  bool create() {
    const char* dir = std::getenv("TMPDIR");
    std::string tmpl = std::string(dir && *dir ? dir : "/tmp") + "/datavagt-pst-XXXXXX";
    fd_ = ::mkostemp(tmpl.data(), O_CLOEXEC);  // mode 0600
    if (fd_ < 0) return false;
    path_ = std::move(tmpl);
    return true;
  }
  bool write_all(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }
  const std::string& path() const { return path_; }
  void unlink() {
    if (path_.empty()) return;
    ::unlink(path_.c_str());
    path_.clear();
  }

 private:
  int fd_ = -1;
  std::string path_;
};

// A FILE that keeps what is written to it in memory up to a bound, and counts the rest (fopencookie):
// libpst writes attachments only to a FILE or to an unbounded buffer.
struct BoundedBuffer {
  std::string bytes;
  std::size_t bound = 0;
  std::uint64_t written = 0;
  bool over() const { return written > bound; }
};

ssize_t bounded_write(void* cookie, const char* buf, size_t size) noexcept {
  auto* b = static_cast<BoundedBuffer*>(cookie);
  b->written += size;
  if (!b->over()) {
    try {
      b->bytes.append(buf, size);
    } catch (...) {
      b->written = b->bound + 1;  // out of memory: drop it like an oversized one
    }
  }
  if (b->over()) std::string().swap(b->bytes);
  return static_cast<ssize_t>(size);  // always "written": libpst reads the attachment through either way
}

struct FileClose {
  void operator()(FILE* f) const { std::fclose(f); }
};

// The string as UTF-8 (libpst converted it already where it could; anything else is replaced).
std::string utf8_of(const pst_string& s) {
  std::string out;
  if (s.str) utf8::append_lossy(out, s.str);
  return out;
}

// Converts the item's strings that are read below to UTF-8, under the libpst lock.
void convert_strings(pst_item& item) {
  std::vector<pst_string*> strings{&item.subject, &item.body, &item.file_as, &item.comment};
  if (pst_item_email* e = item.email) {
    for (pst_string* s : {&e->htmlbody, &e->outlook_sender_name, &e->outlook_sender_name2, &e->sentto_address,
                          &e->cc_address, &e->bcc_address, &e->outlook_recipient_name, &e->report_text})
      strings.push_back(s);
  }
  if (pst_item_contact* c = item.contact) {
    for (pst_string* s : {&c->fullname, &c->first_name, &c->surname, &c->company_name, &c->job_title,
                          &c->department, &c->address1, &c->address2, &c->address3, &c->home_address,
                          &c->business_address, &c->other_address, &c->home_phone, &c->business_phone,
                          &c->mobile_phone, &c->gov_id, &c->customer_id, &c->spouse_name, &c->nickname})
      strings.push_back(s);
  }
  if (item.appointment) strings.push_back(&item.appointment->location);
  if (item.journal) strings.push_back(&item.journal->description);
  for (pst_item_attach* a = item.attach; a; a = a->next) {
    strings.push_back(&a->filename1);
    strings.push_back(&a->filename2);
  }
  LibpstLock lock(libpst_mutex());
  for (pst_string* s : strings) pst_convert_utf8_null(&item, s);
}

std::optional<std::int64_t> epoch_of(const FILETIME* ft) {
  if (!ft || (ft->dwHighDateTime == 0 && ft->dwLowDateTime == 0)) return std::nullopt;
  return static_cast<std::int64_t>(pst_fileTimeToUnixTime(ft));
}

// A name as one element of a member path: never empty, and a '/' in it does not read as a folder.
std::string path_element(std::string name, std::string_view fallback) {
  if (name.empty()) name = fallback;
  std::string out;
  for (char c : name) {
    if (c == '/')
      out += "\u2215";
    else if (c == '\n' || c == '\r' || c == '\t')
      out += ' ';
    else
      out += c;
  }
  return out;
}

// The RTF a PR_RTF_COMPRESSED value holds: decompressed ("LZFu") or stored ("MELA"), bounded by `bound`.
// nullopt when it is damaged; an empty string when it is larger than `bound`.
std::optional<std::string> decompress_rtf(const pst_binary& data, std::size_t bound, bool& too_big) {
  constexpr std::uint32_t kCompressed = 0x75465a4c;    // "LZFu"
  constexpr std::uint32_t kUncompressed = 0x414c454d;  // "MELA"
  too_big = false;
  if (!data.data || data.size < 16 || data.size > UINT32_MAX) return std::nullopt;
  auto u32 = [&](std::size_t off) {
    const auto* p = reinterpret_cast<const unsigned char*>(data.data) + off;
    return std::uint32_t{p[0]} | std::uint32_t{p[1]} << 8 | std::uint32_t{p[2]} << 16 | std::uint32_t{p[3]} << 24;
  };
  const std::uint32_t raw_size = u32(4);
  const std::uint32_t magic = u32(8);
  if (raw_size > bound) {
    too_big = true;
    return std::string();
  }
  if (magic == kUncompressed) {
    const std::size_t n = std::min<std::size_t>(raw_size, data.size - 16);
    return std::string(data.data + 16, n);
  }
  if (magic != kCompressed) return std::nullopt;
  std::size_t out_size = 0;
  char* raw = nullptr;
  {
    LibpstLock lock(libpst_mutex());
    raw = pst_lzfu_decompress(data.data, static_cast<std::uint32_t>(data.size), &out_size);
  }
  if (!raw) return std::nullopt;
  std::string rtf(raw, std::min<std::size_t>(out_size, raw_size));
  std::free(raw);
  return rtf;
}

// Everything a message's sink is told passes through this on its way to the message's own sink: text is
// counted against the PST's text budget, and text without a part (an HTML body) gets one.
class PartSink final : public ExtractSink {
 public:
  PartSink(ExtractSink& to, std::string part) : to_(to), part_(std::move(part)) {}

  bool text(const TextChunk& c) override {
    bytes_ += c.utf8.size();
    if (c.where.part.empty() || c.where.part == "body") {
      TextChunk named{c.utf8, Position{c.where.page, part_}};
      return wanted_ = to_.text(named);
    }
    return wanted_ = to_.text(c);
  }
  void nested(const ItemInfo& member, ByteSource& bytes) override { to_.nested(member, bytes); }
  void nested_text(const ItemInfo& member, const std::function<void(ExtractSink&)>& produce) override {
    to_.nested_text(member, produce);
  }
  void problem(Problem p) override {
    if (p.kind == ProblemKind::Truncated) truncated_ = true;
    to_.problem(std::move(p));
  }
  void note(std::string n) override { to_.note(std::move(n)); }

  std::uint64_t bytes() const { return bytes_; }
  bool wanted() const { return wanted_; }
  bool truncated() const { return truncated_; }

 private:
  ExtractSink& to_;
  std::string part_;
  std::uint64_t bytes_ = 0;
  bool wanted_ = true;
  bool truncated_ = false;
};

// One PST being read: the walk over folders, messages and attachments.
class PstReader {
 public:
  PstReader(pst_file& pf, const ItemInfo& info, const Limits& limits)
      : pf_(pf), info_(info), limits_(limits), text_left_(limits.max_text_bytes) {}

  void folder(pst_desc_tree* node, const std::string& path, unsigned depth, ExtractSink& out) {
    std::uint64_t index = 0;
    for (pst_desc_tree* d = node->child; d && !stopped_; d = d->next) {
      if (!seen_.insert(d->d_id).second) continue;  // a damaged tree that loops
      if (!d->desc) continue;                       // no data of its own (libpst's readers skip these too)
      ItemPtr item = parse_item(pf_, d, nullptr);
      if (!item) {
        ++unreadable_;
        continue;
      }
      if (item->folder) {
        convert_strings(*item);
        const std::string name = path_element(utf8_of(item->file_as), "(folder)");
        item.reset();
        if (depth >= kMaxFolderDepth) {
          out.problem(Problem::make(ProblemKind::Limit, "pst: folders nested deeper than " +
                                                            std::to_string(kMaxFolderDepth) + "; not read"));
          continue;
        }
        folder(d, path.empty() ? name : path + "/" + name, depth + 1, out);
        continue;
      }
      message(*item, info_, path, ++index, out);
    }
  }

  unsigned unreadable() const { return unreadable_; }

 private:
  // A message (or contact, appointment …) as a member of `parent` named `<path>/<label>`.
  void message(pst_item& item, const ItemInfo& parent, const std::string& path, std::uint64_t index,
               ExtractSink& out) {
    convert_strings(item);
    std::optional<std::int64_t> date;
    if (item.email) date = epoch_of(item.email->arrival_date);
    if (!date && item.email) date = epoch_of(item.email->sent_date);
    if (!date && item.appointment) date = epoch_of(item.appointment->start);
    std::string subject = utf8_of(item.subject);
    if (subject.empty()) subject = utf8_of(item.file_as);  // contacts: "Jensen, Søren"
    const std::string label = message_label(index, subject, date);
    ItemInfo m = parent.member(parent.location.child(path.empty() ? label : path + "/" + label),
                               item.message_size > 0 ? static_cast<std::uint64_t>(item.message_size) : 0);
    if (date) m.mtime = *date;
    out.nested_text(m, [&](ExtractSink& mout) {
      if (message_text(item, m, mout)) attachments(item, m, mout);
    });
  }

  // Sends `text` as `part`; false when no more text is wanted.
  bool put(ExtractSink& out, std::string_view text, const std::string& part) {
    if (stopped_) return false;
    if (text.empty()) return true;
    PartSink fwd(out, part);
    Limits l = limits_;
    l.max_text_bytes = text_left_;
    TextEmitter emitter(fwd, l);
    std::string piece;
    utf8::append_lossy(piece, text);
    piece += '\n';
    emitter.emit(piece, Position{0, part});
    return account(fwd);
  }

  // Runs another format's extractor over `bytes` (a body), as part of the message.
  bool run(FormatId format, std::string_view bytes, const ItemInfo& m, ExtractSink& out, const std::string& part) {
    if (stopped_) return false;
    auto extractor = make_extractor(format);
    if (!extractor) return true;
    PartSink fwd(out, part);
    Limits l = limits_;
    l.max_text_bytes = text_left_;
    MemorySource src(bytes);
    ItemInfo body = m;
    body.size = bytes.size();
    extractor->extract(src, body, fwd, l);
    return account(fwd);
  }

  bool account(const PartSink& fwd) {
    text_left_ -= std::min(text_left_, fwd.bytes());
    if (!fwd.wanted() || fwd.truncated() || text_left_ == 0) stopped_ = true;
    return !stopped_;
  }

  bool message_text(pst_item& item, const ItemInfo& m, ExtractSink& out) {
    if (!put(out, utf8_of(item.subject), "subject")) return false;
    std::string names;
    auto add = [&](const pst_string& s) {
      std::string v = utf8_of(s);
      if (v.empty() || names.find(v) != std::string::npos) return;
      names += v;
      names += '\n';
    };
    if (pst_item_email* e = item.email) {
      add(e->outlook_sender_name);
      add(e->outlook_sender_name2);
      add(e->sentto_address);
      add(e->cc_address);
      add(e->bcc_address);
      add(e->outlook_recipient_name);
    }
    if (!put(out, names, "header")) return false;
    if (pst_item_contact* c = item.contact) {
      std::string fields;
      for (const pst_string* s : {&c->fullname, &c->first_name, &c->surname, &c->company_name, &c->job_title,
                                  &c->department, &c->address1, &c->address2, &c->address3, &c->home_address,
                                  &c->business_address, &c->other_address, &c->home_phone, &c->business_phone,
                                  &c->mobile_phone, &c->gov_id, &c->customer_id, &c->spouse_name, &c->nickname}) {
        const std::string v = utf8_of(*s);
        if (!v.empty()) fields += v + '\n';
      }
      if (!put(out, fields, "contact")) return false;
    }
    if (item.appointment && !put(out, utf8_of(item.appointment->location), "appointment")) return false;
    if (item.journal && !put(out, utf8_of(item.journal->description), "journal")) return false;
    const std::string body = utf8_of(item.body);
    if (!put(out, body, "body")) return false;
    if (!put(out, utf8_of(item.comment), "comment")) return false;
    std::string html;
    if (item.email && item.email->htmlbody.str && *item.email->htmlbody.str) {
      html = "\xEF\xBB\xBF";  // the body is UTF-8 now, whatever its <meta> says
      html += utf8_of(item.email->htmlbody);
      if (!run(FormatId::Html, html, m, out, "html body")) return false;
    }
    if (item.email && !put(out, utf8_of(item.email->report_text), "report")) return false;
    if (item.email && item.email->rtf_compressed.data) {
      bool too_big = false;
      const auto rtf = decompress_rtf(item.email->rtf_compressed, limits_.max_buffered_member_bytes, too_big);
      if (too_big) {
        out.problem(Problem::make(ProblemKind::Limit, "pst: RTF body larger than " +
                                                          std::to_string(limits_.max_buffered_member_bytes) +
                                                          " bytes (max_buffered_member_bytes); not scanned"));
      } else if (!rtf) {
        out.problem(Problem::make(ProblemKind::Corrupt, "pst: RTF body cannot be decompressed"));
      } else {
        // Outlook keeps an RTF copy of most HTML and plain bodies (\fromhtml, \fromtext): the same text once
        // more. It is read only when it is the body itself, or its source was not there.
        const std::string_view head = std::string_view(*rtf).substr(0, 512);
        const bool from_html = head.find("\\fromhtml") != std::string_view::npos;
        const bool from_text = head.find("\\fromtext") != std::string_view::npos;
        const bool copy = (from_html && html.size() > 3) || (from_text && !body.empty());
        if (!copy && !rtf->empty() && !run(FormatId::Rtf, *rtf, m, out, "rtf body")) return false;
      }
    }
    return !stopped_;
  }

  void attachments(pst_item& item, const ItemInfo& m, ExtractSink& out) {
    unsigned n = 0;
    for (pst_item_attach* a = item.attach; a && !stopped_; a = a->next) {
      if (!a->data.data && (a->i_id == 0 || a->i_id == UINT64_MAX)) continue;  // a record without content
      ++n;
      if (a->method == PST_ATTACH_BY_REF || a->method == PST_ATTACH_BY_REF_RESOLV ||
          a->method == PST_ATTACH_BY_REF_ONLY)
        continue;  // a path to a file elsewhere, not content
      if (a->method == PST_ATTACH_EMBEDDED) {
        embedded_message(*a, m, n, out);
        continue;
      }
      std::string name = utf8_of(a->filename2);
      if (name.empty()) name = utf8_of(a->filename1);
      const Location where = m.location.child(path_element(name, "attachment" + std::to_string(n)));
      auto problem = [&](ProblemKind k, std::string detail) {
        Problem p = Problem::make(k, std::move(detail));
        p.members = where.members;
        out.problem(std::move(p));
      };
      BoundedBuffer buf;
      buf.bound = limits_.max_buffered_member_bytes;
      cookie_io_functions_t io{};
      io.write = &bounded_write;
      std::unique_ptr<FILE, FileClose> f(fopencookie(&buf, "w", io));
      if (!f) {
        problem(ProblemKind::Internal, "pst: cannot buffer an attachment");
        continue;
      }
      {
        LibpstLock lock(libpst_mutex());
        pst_attach_to_file(&pf_, a, f.get());
      }
      f.reset();  // flushes into buf
      if (buf.over()) {
        problem(ProblemKind::Limit, "pst: attachment larger than " + std::to_string(buf.bound) +
                                        " bytes (max_buffered_member_bytes); not scanned");
        continue;
      }
      MemorySource src(buf.bytes);
      out.nested(m.member(where, buf.bytes.size()), src);
    }
  }

  // An attached message: a nested message below `m`, numbered by its place among the attachments.
  void embedded_message(pst_item_attach& a, const ItemInfo& m, unsigned n, ExtractSink& out) {
    pst_index_ll* id = nullptr;
    {
      LibpstLock lock(libpst_mutex());
      id = pst_getID(&pf_, a.i_id);
    }
    ItemPtr inner;
    if (id) {
      pst_desc_tree d;
      std::memset(&d, 0, sizeof d);
      d.desc = id;
      inner = parse_item(pf_, &d, a.id2_head);
    }
    if (!inner) {
      Problem p = Problem::make(ProblemKind::Corrupt, "pst: attached message " + std::to_string(n) + " unreadable");
      p.members = m.location.members;
      out.problem(std::move(p));
      return;
    }
    message(*inner, m, "", n, out);
  }

  pst_file& pf_;
  const ItemInfo& info_;
  const Limits& limits_;
  std::uint64_t text_left_;
  bool stopped_ = false;
  unsigned unreadable_ = 0;
  std::unordered_set<std::uint64_t> seen_;
};

class PstExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "pst"; }

  void extract(ByteSource& in, const ItemInfo& info, ExtractSink& out, const Limits& limits) override {
    quiet_libpst();
    PstFile pst;
    std::uint64_t actual_size = 0;
    if (!open(in, info, out, limits, pst, actual_size)) return;
    pst_file& pf = pst.get();
    if (actual_size < pf.size)
      out.problem(Problem::make(ProblemKind::Corrupt, "pst: " + std::to_string(pf.size - actual_size) +
                                                          " bytes shorter than its header says (truncated); "
                                                          "read as far as possible"));
    {
      LibpstLock lock(libpst_mutex());
      pst_load_index(&pf);
      pst_load_extended_attributes(&pf);
    }
    if (!pf.d_head) {
      out.problem(Problem::make(ProblemKind::Corrupt, "pst: no readable index (damaged or truncated)"));
      return;
    }
    ItemPtr root = parse_item(pf, pf.d_head, nullptr);
    pst_desc_tree* top = nullptr;
    if (root && root->message_store) {
      LibpstLock lock(libpst_mutex());
      top = pst_getTopOfFolders(&pf, root.get());
    }
    if (!top) {
      out.problem(Problem::make(ProblemKind::Corrupt, "pst: no folder tree (damaged or truncated)"));
      return;
    }
    if (root->message_store->pwd_chksum != 0)
      out.note("password-protected PST, read without the password (it does not encrypt the content)");
    root.reset();

    PstReader reader(pf, info, limits);
    reader.folder(top, "", 0, out);
    if (reader.unreadable() > 0)
      out.problem(Problem::make(ProblemKind::Corrupt,
                                "pst: " + std::to_string(reader.unreadable()) +
                                    (reader.unreadable() == 1 ? " item" : " items") + " unreadable (damaged)"));
  }

 private:
  // Opens the PST for libpst (see the top of this file); false with a problem told when it cannot.
  // `actual_size`: the bytes there are, to compare with the size the header declares.
  static bool open(ByteSource& in, const ItemInfo& info, ExtractSink& out, const Limits& limits, PstFile& pst,
                   std::uint64_t& actual_size) {
    auto internal = [&](const std::string& what) {
      out.problem(Problem::make(ProblemKind::Internal, "pst: " + what + ": " + std::strerror(errno)));
      return false;
    };
    auto not_pst = [&] {
      out.problem(Problem::make(ProblemKind::Corrupt, "pst: header unreadable (damaged, or not a PST)"));
      return false;
    };
    TempFile tmp;
    if (!tmp.create()) return internal("cannot create a temporary file");
    if (const int fd = in.file_descriptor(); fd >= 0) {
      std::string head(kHeaderBytes, '\0');
      std::size_t got = 0;
      while (got < head.size()) {
        const ssize_t n = ::pread(fd, head.data() + got, head.size() - got, static_cast<off_t>(got));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
          out.problem(Problem::make(ProblemKind::Unreadable, std::string("pst: ") + std::strerror(errno)));
          return false;
        }
        if (n == 0) break;
        got += static_cast<std::size_t>(n);
      }
      head.resize(got);
      struct stat st;
      actual_size = ::fstat(fd, &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : info.size;
      if (!tmp.write_all(head)) return internal("cannot write a temporary file");
      const bool opened = pst.open(tmp.path());
      tmp.unlink();
      if (!opened) return not_pst();
      const int dup = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);  // shares the O_NOATIME open file description
      FILE* f = dup >= 0 ? ::fdopen(dup, "rb") : nullptr;
      if (!f) {
        if (dup >= 0) ::close(dup);
        return internal("cannot reopen the file");
      }
      LibpstLock lock(libpst_mutex());
      std::fclose(pst.get().fp);
      pst.get().fp = f;
      return true;
    }
    // Not a file of its own: a private copy, bounded.
    const std::uint64_t bound = limits.max_spooled_member_bytes;
    auto too_big = [&] {
      out.problem(Problem::make(ProblemKind::Limit,
                                "pst: a PST inside another item is copied to a temporary file, and this one is "
                                "larger than " +
                                    std::to_string(bound) + " bytes (max_spooled_member_bytes); not scanned"));
      return false;
    };
    if (info.size > bound) return too_big();
    std::vector<char> buf(std::max<std::size_t>(limits.read_chunk_bytes, 1));
    std::uint64_t total = 0;
    for (;;) {
      auto n = in.read(buf);
      if (!n) {
        out.problem(n.problem());
        return false;
      }
      if (*n == 0) break;
      total += *n;
      if (total > bound) return too_big();
      if (!tmp.write_all(std::string_view(buf.data(), *n))) return internal("cannot write a temporary file");
    }
    actual_size = total;
    const bool opened = pst.open(tmp.path());
    tmp.unlink();  // libpst holds it open; the copy goes with it
    return opened ? true : not_pst();
  }
};

}  // namespace

std::unique_ptr<Extractor> make_pst_extractor() { return std::make_unique<PstExtractor>(); }

}  // namespace datavagt
