// The PST reader process's work (see pst_walk.h). It runs alone in a process of its own (one thread, and the
// heartbeat's while the index loads).
#include "extractors/mail/pst_walk.h"

#include <fcntl.h>
#include <libpst/libpst.h>
#include <libpst/timeconv.h>
#include <stdio.h>
#include <unistd.h>

extern "C" {
#include <libpst/lzfu.h>  // a C header without extern "C" of its own
}

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <thread>
#include <climits>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/problem.h"
#include "extractors/mail/message_label.h"

// Exported by libpst, declared only in its private define.h.
extern "C" void pst_debug_setlevel(int level);

namespace datavagt::pst {

namespace {

constexpr unsigned kMaxFolderDepth = 64;                 // Outlook allows far less; a damaged tree may loop
constexpr const char* kDefaultCharset = "windows-1252";  // ANSI items without a code page (Danish Outlook)

struct ItemFree {
  void operator()(pst_item* i) const { pst_freeItem(i); }
};
using ItemPtr = std::unique_ptr<pst_item, ItemFree>;

struct FileClose {
  void operator()(FILE* f) const { std::fclose(f); }
};

// A FILE that keeps what is written to it in memory up to a bound and counts the rest (fopencookie):
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
      b->written = b->bound + 1;  // out of memory: dropped like an oversized one
    }
  }
  if (b->over()) std::string().swap(b->bytes);
  return static_cast<ssize_t>(size);  // always "written": libpst reads the attachment through either way
}

std::string_view sv(const pst_string& s) { return s.str ? std::string_view(s.str) : std::string_view(); }

// Converts the strings that are sent to UTF-8 (libpst knows the item's code page).
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
  for (pst_string* s : strings) pst_convert_utf8_null(&item, s);
}

std::optional<std::int64_t> epoch_of(const FILETIME* ft) {
  if (!ft || (ft->dwHighDateTime == 0 && ft->dwLowDateTime == 0)) return std::nullopt;
  return static_cast<std::int64_t>(pst_fileTimeToUnixTime(ft));
}

// A name as one element of a member path: never empty, and a '/' in it does not read as a folder.
std::string path_element(std::string_view name, std::string_view fallback) {
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

// The RTF a PR_RTF_COMPRESSED value holds: decompressed ("LZFu") or stored ("MELA"). nullopt when it is
// damaged; `too_big` when it declares more than `bound` bytes.
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
    return std::nullopt;
  }
  if (magic == kUncompressed) return std::string(data.data + 16, std::min<std::size_t>(raw_size, data.size - 16));
  if (magic != kCompressed) return std::nullopt;
  std::size_t out_size = 0;
  char* raw = pst_lzfu_decompress(data.data, static_cast<std::uint32_t>(data.size), &out_size);
  if (!raw) return std::nullopt;
  std::string rtf(raw, std::min<std::size_t>(out_size, raw_size));
  std::free(raw);
  return rtf;
}

class Walker {
 public:
  Walker(pst_file& pf, const WalkRequest& req, RecordWriter& w) : pf_(pf), req_(req), w_(w) {}

  void folder(pst_desc_tree* node, const std::string& path, unsigned depth) {
    std::uint64_t index = 0;
    for (pst_desc_tree* d = node->child; d && ok_; d = d->next) {
      if (!seen_.insert(d->d_id).second) continue;  // a damaged tree that loops
      if (!d->desc) continue;                       // no data of its own (libpst's own readers skip these)
      ItemPtr item(pst_parse_item(&pf_, d, nullptr));
      if (!item) {
        ++unreadable_;
        continue;
      }
      if (item->folder) {
        convert_strings(*item);
        const std::string name = path_element(sv(item->file_as), "(folder)");
        item.reset();
        if (depth >= kMaxFolderDepth) {
          problem(ProblemKind::Limit, "pst: folders nested deeper than " + std::to_string(kMaxFolderDepth) +
                                          "; not read");
          continue;
        }
        folder(d, path.empty() ? name : path + "/" + name, depth + 1);
        continue;
      }
      message(*item, path, ++index);
    }
  }

  unsigned unreadable() const { return unreadable_; }
  bool ok() const { return ok_; }
  void problem(ProblemKind k, const std::string& detail, std::string_view attachment = {}) {
    send(Record::Problem, {std::to_string(static_cast<int>(k)), detail, attachment});
  }
  void send(Record r, std::initializer_list<std::string_view> fields) {
    if (ok_) ok_ = w_.write(r, fields);
  }

 private:
  // A message (or contact, appointment …): `<path>/<label>` below the file or its parent message.
  void message(pst_item& item, const std::string& path, std::uint64_t index) {
    convert_strings(item);
    std::optional<std::int64_t> date;
    if (item.email) date = epoch_of(item.email->arrival_date);
    if (!date && item.email) date = epoch_of(item.email->sent_date);
    if (!date && item.appointment) date = epoch_of(item.appointment->start);
    std::string_view subject = sv(item.subject);
    if (subject.empty()) subject = sv(item.file_as);  // contacts: "Jensen, Søren"
    const std::string label = message_label(index, subject, date);
    send(Record::Message, {path.empty() ? label : path + "/" + label, date ? std::to_string(*date) : "",
                           std::to_string(item.message_size > 0 ? item.message_size : 0)});
    texts(item);
    attachments(item);
    send(Record::End, {});
  }

  void text(std::string_view part, std::string_view s) {
    if (s.empty()) return;
    if (s.size() > req_.max_member_bytes) {
      problem(ProblemKind::Limit, "pst: " + std::string(part) + " longer than " +
                                      std::to_string(req_.max_member_bytes) +
                                      " bytes (max_buffered_member_bytes); only its start is scanned");
      s = s.substr(0, req_.max_member_bytes);
    }
    send(Record::Text, {part, s});
  }

  void texts(pst_item& item) {
    text("subject", sv(item.subject));
    std::string names;
    if (pst_item_email* e = item.email) {
      for (const pst_string* s : {&e->outlook_sender_name, &e->outlook_sender_name2, &e->sentto_address,
                                  &e->cc_address, &e->bcc_address, &e->outlook_recipient_name}) {
        const std::string_view v = sv(*s);
        if (v.empty() || names.find(v) != std::string::npos) continue;
        names.append(v);
        names += '\n';
      }
    }
    text("header", names);
    if (pst_item_contact* c = item.contact) {
      std::string fields;
      for (const pst_string* s : {&c->fullname, &c->first_name, &c->surname, &c->company_name, &c->job_title,
                                  &c->department, &c->address1, &c->address2, &c->address3, &c->home_address,
                                  &c->business_address, &c->other_address, &c->home_phone, &c->business_phone,
                                  &c->mobile_phone, &c->gov_id, &c->customer_id, &c->spouse_name, &c->nickname}) {
        if (!sv(*s).empty()) fields.append(sv(*s)).append("\n");
      }
      text("contact", fields);
    }
    if (item.appointment) text("appointment", sv(item.appointment->location));
    if (item.journal) text("journal", sv(item.journal->description));
    const std::string_view body = sv(item.body);
    text("body", body);
    text("comment", sv(item.comment));
    const pst_item_email* e = item.email;
    if (!e) return;
    text("report", sv(e->report_text));
    const std::string_view html = sv(e->htmlbody);
    if (!html.empty()) {
      if (html.size() > req_.max_member_bytes)
        problem(ProblemKind::Limit, "pst: HTML body larger than " + std::to_string(req_.max_member_bytes) +
                                        " bytes (max_buffered_member_bytes); not scanned");
      else
        send(Record::Html, {html});
    }
    if (!e->rtf_compressed.data) return;
    bool too_big = false;
    const auto rtf = decompress_rtf(e->rtf_compressed, req_.max_member_bytes, too_big);
    if (too_big) {
      problem(ProblemKind::Limit, "pst: RTF body larger than " + std::to_string(req_.max_member_bytes) +
                                      " bytes (max_buffered_member_bytes); not scanned");
      return;
    }
    if (!rtf) {
      problem(ProblemKind::Corrupt, "pst: RTF body cannot be decompressed");
      return;
    }
    // Outlook keeps an RTF copy of most HTML and plain bodies (\fromhtml, \fromtext): the same text once
    // more. It is sent only when it is the body itself, or its source was not there.
    const std::string_view head = std::string_view(*rtf).substr(0, 512);
    const bool from_html = head.find("\\fromhtml") != std::string_view::npos;
    const bool from_text = head.find("\\fromtext") != std::string_view::npos;
    const bool copy = (from_html && !html.empty()) || (from_text && !body.empty());
    if (!copy && !rtf->empty()) send(Record::Rtf, {*rtf});
  }

  void attachments(pst_item& item) {
    unsigned n = 0;
    for (pst_item_attach* a = item.attach; a && ok_; a = a->next) {
      if (!a->data.data && (a->i_id == 0 || a->i_id == UINT64_MAX)) continue;  // a record without content
      ++n;
      if (a->method == PST_ATTACH_BY_REF || a->method == PST_ATTACH_BY_REF_RESOLV ||
          a->method == PST_ATTACH_BY_REF_ONLY)
        continue;  // a path to a file elsewhere, not content
      if (a->method == PST_ATTACH_EMBEDDED) {
        embedded_message(*a, n);
        continue;
      }
      std::string_view raw_name = sv(a->filename2);
      if (raw_name.empty()) raw_name = sv(a->filename1);
      const std::string name = path_element(raw_name, "attachment" + std::to_string(n));
      BoundedBuffer buf;
      buf.bound = req_.max_member_bytes;
      cookie_io_functions_t io{};
      io.write = &bounded_write;
      std::unique_ptr<FILE, FileClose> f(fopencookie(&buf, "w", io));
      if (!f) {
        problem(ProblemKind::Internal, "pst: cannot buffer an attachment", name);
        continue;
      }
      pst_attach_to_file(&pf_, a, f.get());
      f.reset();  // flushes into buf
      if (buf.over()) {
        problem(ProblemKind::Limit, "pst: attachment larger than " + std::to_string(buf.bound) +
                                        " bytes (max_buffered_member_bytes); not scanned",
                name);
        continue;
      }
      send(Record::Attachment, {name, buf.bytes});
    }
  }

  // An attached message: a nested message below the current one, numbered by its place among the attachments.
  void embedded_message(pst_item_attach& a, unsigned n) {
    pst_index_ll* id = pst_getID(&pf_, a.i_id);
    ItemPtr inner;
    if (id) {
      pst_desc_tree d;
      std::memset(&d, 0, sizeof d);
      d.desc = id;
      inner.reset(pst_parse_item(&pf_, &d, a.id2_head));
    }
    if (!inner) {
      problem(ProblemKind::Corrupt, "pst: attached message " + std::to_string(n) + " unreadable");
      return;
    }
    message(*inner, "", n);
  }

  pst_file& pf_;
  const WalkRequest& req_;
  RecordWriter& w_;
  bool ok_ = true;
  unsigned unreadable_ = 0;
  std::unordered_set<std::uint64_t> seen_;
};

// Bytes this process has read so far (/proc/self/io "rchar"), or 0 when it cannot tell.
std::uint64_t bytes_read_so_far() {
  std::ifstream io("/proc/self/io");
  std::string key;
  std::uint64_t value = 0;
  while (io >> key >> value)
    if (key == "rchar:") return value;
  return 0;
}

// While libpst loads the index (of a 20 GB file on a slow share that can take minutes in one call), a second
// thread sends a heartbeat whenever the process has read at least kProgressBytes more since the last one
// (reading /proc/self/io itself counts ~100 bytes). A libpst spinning without reading falls silent, and the
// extractor stops it (Limits::max_silent_seconds). The items are walked without it: each is quick.
constexpr std::uint64_t kProgressBytes = 64 * 1024;
class Heartbeat {
 public:
  Heartbeat(RecordWriter& w, unsigned seconds) : w_(w) {
    if (seconds == 0) return;
    thread_ = std::thread([this, seconds] {
      std::unique_lock<std::mutex> lock(m_);
      std::uint64_t last = bytes_read_so_far();
      while (!cv_.wait_for(lock, std::chrono::seconds(seconds), [this] { return done_; })) {
        const std::uint64_t now = bytes_read_so_far();
        if (now < last + kProgressBytes) continue;
        if (!w_.write(Record::Alive, {})) return;
        last = now;
      }
    });
  }
  ~Heartbeat() {
    {
      std::lock_guard<std::mutex> lock(m_);
      done_ = true;
    }
    cv_.notify_one();
    if (thread_.joinable()) thread_.join();
  }
  Heartbeat(const Heartbeat&) = delete;
  Heartbeat& operator=(const Heartbeat&) = delete;

 private:
  RecordWriter& w_;
  std::mutex m_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;
};

}  // namespace

void walk(const WalkRequest& req, RecordWriter& w) {
  pst_debug_setlevel(INT_MAX);  // no debug output, and no list of the functions entered
  auto heartbeat = std::make_unique<Heartbeat>(w, req.heartbeat_seconds);
  auto problem = [&](ProblemKind k, const std::string& detail) {
    w.write(Record::Problem, {std::to_string(static_cast<int>(k)), detail, ""});
  };
  pst_file pf;
  std::memset(&pf, 0, sizeof pf);
  // libpst opens a file by name: the private copy's descriptor, which has no name of its own (spool_file.h).
  const std::string copy = "/proc/self/fd/" + std::to_string(req.copy_fd);
  if (pst_open(&pf, copy.c_str(), kDefaultCharset) != 0) {
    problem(ProblemKind::Corrupt, "pst: header unreadable (damaged, or not a PST)");
    return;
  }
  if (req.file_fd >= 0) {
    // From here on libpst reads the PST itself, through the scanner's own (O_NOATIME) open file.
    const int dup = ::fcntl(req.file_fd, F_DUPFD_CLOEXEC, 0);
    FILE* f = dup >= 0 ? ::fdopen(dup, "rb") : nullptr;
    if (!f) {
      if (dup >= 0) ::close(dup);
      problem(ProblemKind::Internal, "pst: cannot reopen the file");
      pst_close(&pf);
      return;
    }
    std::fclose(pf.fp);
    pf.fp = f;
  }
  w.write(Record::Opened, {std::to_string(pf.size)});
  pst_load_index(&pf);
  pst_load_extended_attributes(&pf);
  pst_desc_tree* top = nullptr;
  ItemPtr root;
  if (pf.d_head) root.reset(pst_parse_item(&pf, pf.d_head, nullptr));
  if (root && root->message_store) top = pst_getTopOfFolders(&pf, root.get());
  if (!top) {
    problem(ProblemKind::Corrupt, pf.d_head ? "pst: no folder tree (damaged or truncated)"
                                            : "pst: no readable index (damaged or truncated)");
    pst_close(&pf);
    return;
  }
  heartbeat.reset();
  if (root->message_store->pwd_chksum != 0)
    w.write(Record::Note, {"password-protected PST, read without the password (it does not encrypt the content)"});
  root.reset();
  Walker walker(pf, req, w);
  walker.folder(top, "", 0);
  if (walker.ok()) {
    if (walker.unreadable() > 0)
      walker.problem(ProblemKind::Corrupt, "pst: " + std::to_string(walker.unreadable()) +
                                               (walker.unreadable() == 1 ? " item" : " items") +
                                               " unreadable (damaged)");
    walker.send(Record::Done, {});
  }
  pst_close(&pf);
}

std::vector<std::string> reader_arguments(const WalkRequest& req) {
  return {std::to_string(req.max_member_bytes), std::to_string(req.heartbeat_seconds), req.file_fd >= 0 ? "1" : "0"};
}

int run_reader(std::span<char* const> args) {
  WalkRequest req;
  unsigned long long max_member = 0;
  unsigned heartbeat = 0;
  int has_file = 0;
  if (args.size() != 3 || std::sscanf(args[0], "%llu", &max_member) != 1 ||
      std::sscanf(args[1], "%u", &heartbeat) != 1 || std::sscanf(args[2], "%d", &has_file) != 1)
    return 4;
  req.max_member_bytes = static_cast<std::size_t>(max_member);
  req.heartbeat_seconds = heartbeat;
  req.copy_fd = kReaderCopyFd;
  req.file_fd = has_file ? kReaderFileFd : -1;
  try {
    RecordWriter w(kReaderPipeFd);
    walk(req, w);
  } catch (...) {
    return 3;
  }
  return 0;
}

}  // namespace datavagt::pst
