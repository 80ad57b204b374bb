// A MIME message walked with GMime 3 (see mime_message.h). GMime parses the message from one stream (memory,
// or for a large on-disk .eml the file itself, read on demand) and keeps parts as ranges of it; a part's
// content is decoded (base64, quoted-printable, charset) while it is read, through GMime filter streams
// behind a ByteSource, so bodies go to our text and HTML extractors and attachments to the sink without
// another copy. GMime calls back into our code only for parser warnings, which just set flags.
#include "extractors/mail/mime_message.h"

#include <gmime/gmime.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>
#include <string>

#include "core/utf8.h"
#include "extractors/mail/message_label.h"
#include "extractors/registry.h"
#include "extractors/text_emitter.h"

namespace datavagt {

namespace {

void init_gmime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

struct GObjectUnref {
  void operator()(gpointer p) const {
    if (p) g_object_unref(p);
  }
};
template <class T>
using GRef = std::unique_ptr<T, GObjectUnref>;

struct ParserOptionsFree {
  void operator()(GMimeParserOptions* o) const { g_mime_parser_options_free(o); }
};
using ParserOptions = std::unique_ptr<GMimeParserOptions, ParserOptionsFree>;

struct GFree {
  void operator()(void* p) const { g_free(p); }
};
using GCharPtr = std::unique_ptr<char, GFree>;

std::string_view sv(const char* s) { return s ? std::string_view(s) : std::string_view(); }

std::string lower(std::string_view s) {
  std::string r(s);
  std::transform(r.begin(), r.end(), r.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return r;
}

std::string valid_utf8(std::string_view s) {
  std::string r;
  utf8::append_lossy(r, s);
  return r;
}

// What the parser complained about (set from GMime's warning callback: no allocation, no exception).
struct ParseIssues {
  bool truncated = false;
  bool malformed = false;
};

void on_parser_warning(gint64, GMimeParserWarning code, const gchar*, gpointer user) noexcept {
  auto* issues = static_cast<ParseIssues*>(user);
  switch (code) {
    case GMIME_WARN_TRUNCATED_MESSAGE:
      issues->truncated = true;
      break;
    case GMIME_WARN_MALFORMED_MESSAGE:
    case GMIME_WARN_MALFORMED_MULTIPART:
    case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY:
    case GMIME_CRIT_NESTING_OVERFLOW:
    case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT:
      issues->malformed = true;
      break;
    default:
      break;
  }
}

// A GMime stream read as a ByteSource (a part's decoded content). Holds its own reference.
class GMimeSource final : public ByteSource {
 public:
  explicit GMimeSource(GMimeStream* owned) : stream_(owned) {}

  Result<std::size_t> read(std::span<char> buf) override {
    if (buf.empty()) return std::size_t{0};
    for (;;) {  // a filter may turn a read into nothing (line breaks of base64) before the end
      const ssize_t n = g_mime_stream_read(stream_.get(), buf.data(), buf.size());
      if (n < 0) return Problem::make(ProblemKind::Corrupt, "mail: a part cannot be read");
      if (n > 0 || g_mime_stream_eos(stream_.get())) return static_cast<std::size_t>(n);
    }
  }
  Result<bool> rewind() override {
    if (g_mime_stream_reset(stream_.get()) != 0) return Problem::make(ProblemKind::Internal, "mail: cannot rewind a part");
    return true;
  }

 private:
  GRef<GMimeStream> stream_;
};

// The content of `part` as it reads decoded: transfer encoding undone, and for text with a declared
// charset other than UTF-8, converted to UTF-8 (undeclared charsets are guessed by our text decoder).
std::unique_ptr<GMimeSource> decoded_content(GMimePart* part, bool to_utf8, std::uint64_t& encoded_size) {
  encoded_size = 0;
  GMimeDataWrapper* content = g_mime_part_get_content(part);
  if (!content) return nullptr;
  GMimeStream* raw = g_mime_data_wrapper_get_stream(content);
  if (!raw) return nullptr;
  const gint64 len = g_mime_stream_length(raw);
  if (len > 0) encoded_size = static_cast<std::uint64_t>(len);
  GRef<GMimeStream> filtered(g_mime_stream_filter_new(raw));
  auto* f = GMIME_STREAM_FILTER(filtered.get());
  switch (const GMimeContentEncoding enc = g_mime_data_wrapper_get_encoding(content)) {
    case GMIME_CONTENT_ENCODING_BASE64:
    case GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE:
    case GMIME_CONTENT_ENCODING_UUENCODE: {
      GRef<GMimeFilter> basic(g_mime_filter_basic_new(enc, FALSE));
      g_mime_stream_filter_add(f, basic.get());
      break;
    }
    default:
      break;
  }
  if (to_utf8) {
    const std::string charset = lower(sv(g_mime_object_get_content_type_parameter(GMIME_OBJECT(part), "charset")));
    if (!charset.empty() && charset != "utf-8" && charset != "utf8" && charset != "us-ascii") {
      GRef<GMimeFilter> conv(g_mime_filter_charset_new(charset.c_str(), "UTF-8"));
      if (conv) g_mime_stream_filter_add(f, conv.get());  // unknown to iconv: our decoder guesses
    }
  }
  g_mime_stream_reset(filtered.get());
  return std::make_unique<GMimeSource>(filtered.release());
}

// Passes a body extractor's text on as part "body" of the message, within what is left of the text budget.
class BodySink final : public ExtractSink {
 public:
  explicit BodySink(ExtractSink& out) : out_(out) {}
  bool text(const TextChunk& c) override {
    emitted += c.utf8.size();
    if (out_.text(TextChunk{c.utf8, Position{0, "body"}})) return true;
    stopped = true;
    return false;
  }
  void nested(const ItemInfo& member, ByteSource& bytes) override { out_.nested(member, bytes); }
  void problem(Problem p) override { out_.problem(std::move(p)); }
  void note(std::string n) override { out_.note(std::move(n)); }

  std::uint64_t emitted = 0;
  bool stopped = false;

 private:
  ExtractSink& out_;
};

std::optional<std::int64_t> date_of(GMimeMessage* m) {
  GDateTime* d = g_mime_message_get_date(m);
  if (!d) return std::nullopt;
  return static_cast<std::int64_t>(g_date_time_to_unix(d));
}

// Walks one parsed message: headers, then its parts depth first.
class MessageWalk {
 public:
  MessageWalk(const ItemInfo& info, ExtractSink& out, const Limits& limits, std::optional<std::int64_t> date)
      : info_(info), out_(out), limits_(limits), date_(date), emitter_(out, limits) {}

  void headers(GMimeMessage* m) {
    std::string text;
    if (const char* subject = g_mime_message_get_subject(m)) text += "Subject: " + valid_utf8(subject) + "\n";
    const struct {
      const char* name;
      GMimeAddressType type;
    } fields[] = {{"From", GMIME_ADDRESS_TYPE_FROM},         {"Sender", GMIME_ADDRESS_TYPE_SENDER},
                  {"Reply-To", GMIME_ADDRESS_TYPE_REPLY_TO}, {"To", GMIME_ADDRESS_TYPE_TO},
                  {"Cc", GMIME_ADDRESS_TYPE_CC},             {"Bcc", GMIME_ADDRESS_TYPE_BCC}};
    for (const auto& f : fields) {
      InternetAddressList* list = g_mime_message_get_addresses(m, f.type);
      if (!list || internet_address_list_length(list) == 0) continue;
      GCharPtr s(internet_address_list_to_string(list, nullptr, FALSE));
      if (s && *s) text += std::string(f.name) + ": " + valid_utf8(s.get()) + "\n";
    }
    if (!text.empty() && !emitter_.emit(text, Position{0, "header"})) stopped_ = true;
    emitted_ += emitter_.emitted();
  }

  void object(GMimeObject* o, unsigned depth) {
    if (stopped_ || !o) return;
    if (depth > limits_.max_depth) {
      out_.problem(Problem::make(ProblemKind::Limit, "mail: parts nested deeper than " + std::to_string(limits_.max_depth)));
      stopped_ = true;
      return;
    }
    if (GMIME_IS_MULTIPART_ENCRYPTED(o)) {
      ++part_no_;
      out_.problem(Problem::make(ProblemKind::Encrypted, "mail: encrypted part (multipart/encrypted), part " +
                                                             std::to_string(part_no_)));
      return;
    }
    if (GMIME_IS_MULTIPART(o)) {
      auto* mp = GMIME_MULTIPART(o);
      const int n = g_mime_multipart_get_count(mp);
      for (int i = 0; i < n && !stopped_; ++i) object(g_mime_multipart_get_part(mp, i), depth + 1);
      return;
    }
    ++part_no_;
    if (GMIME_IS_MESSAGE_PART(o)) return attached_message(o);
    if (GMIME_IS_APPLICATION_PKCS7_MIME(o) &&
        g_mime_application_pkcs7_mime_get_smime_type(GMIME_APPLICATION_PKCS7_MIME(o)) ==
            GMIME_SECURE_MIME_TYPE_ENVELOPED_DATA) {
      out_.problem(Problem::make(ProblemKind::Encrypted, "mail: encrypted part (S/MIME), part " + std::to_string(part_no_)));
      return;
    }
    if (GMIME_IS_PART(o)) part(GMIME_PART(o));
  }

  bool stopped() const { return stopped_; }

 private:
  ItemInfo member_info(const std::string& name, std::uint64_t size, std::optional<std::int64_t> date) const {
    ItemInfo m = info_.member(info_.location.child(name), size);
    if (date) m.mtime = *date;
    return m;
  }

  std::string part_name(GMimeObject* o) const {
    const char* filename = GMIME_IS_PART(o) ? g_mime_part_get_filename(GMIME_PART(o))
                                            : g_mime_object_get_content_disposition_parameter(o, "filename");
    if (filename && *filename) return valid_utf8(filename);
    return "part " + std::to_string(part_no_);
  }

  void part(GMimePart* p) {
    GMimeContentType* ct = g_mime_object_get_content_type(GMIME_OBJECT(p));
    const std::string type = lower(sv(ct ? g_mime_content_type_get_media_type(ct) : nullptr));
    const std::string subtype = lower(sv(ct ? g_mime_content_type_get_media_subtype(ct) : nullptr));
    // Signatures carry no text of the message.
    if (type == "application" &&
        (subtype == "pgp-signature" || subtype == "pkcs7-signature" || subtype == "x-pkcs7-signature"))
      return;
    const bool attachment = g_mime_part_is_attachment(p) || !sv(g_mime_part_get_filename(p)).empty();
    const bool body = !attachment && type == "text" && (subtype == "plain" || subtype == "html" || subtype.empty());
    std::uint64_t size = 0;
    auto content = decoded_content(p, body, size);
    if (!content) return;
    if (!body) {
      out_.nested(member_info(part_name(GMIME_OBJECT(p)), size, date_), *content);
      return;
    }
    auto extractor = make_extractor(subtype == "html" ? FormatId::Html : FormatId::Text);
    if (!extractor) return;
    Limits left = limits_;
    left.max_text_bytes = limits_.max_text_bytes > emitted_ ? limits_.max_text_bytes - emitted_ : 0;
    BodySink sink(out_);
    ItemInfo body_info = info_;
    body_info.size = size;
    extractor->extract(*content, body_info, sink, left);
    emitted_ += sink.emitted;
    if (sink.stopped || emitted_ >= limits_.max_text_bytes) stopped_ = true;
  }

  // message/rfc822 (a forwarded message): handed on whole as a member, which is then read as a message.
  void attached_message(GMimeObject* o) {
    GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(o));
    if (!inner) return;
    GRef<GMimeStream> mem(g_mime_stream_mem_new());
    if (g_mime_object_write_to_stream(GMIME_OBJECT(inner), nullptr, mem.get()) < 0) {
      out_.problem(Problem::make(ProblemKind::Corrupt, "mail: attached message " + std::to_string(part_no_) + " cannot be read"));
      return;
    }
    GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem.get()));
    const std::string_view view(reinterpret_cast<const char*>(bytes->data), bytes->len);
    const std::optional<std::int64_t> date = date_of(inner);
    const char* filename = g_mime_object_get_content_disposition_parameter(o, "filename");
    const std::string name = filename && *filename ? valid_utf8(filename)
                                                   : message_label(part_no_, sv(g_mime_message_get_subject(inner)), date);
    MemorySource src(view);
    out_.nested(member_info(name, view.size(), date ? date : date_), src);
  }

  const ItemInfo& info_;
  ExtractSink& out_;
  const Limits& limits_;
  std::optional<std::int64_t> date_;
  TextEmitter emitter_;
  std::uint64_t emitted_ = 0;
  unsigned part_no_ = 0;
  bool stopped_ = false;
};

// The message's bytes as a GMime stream: from memory up to max_buffered_member_bytes; an on-disk file larger
// than that is read by GMime through a duplicate of its descriptor (parts stay ranges of the file).
GMimeStream* open_stream(ByteSource& in, const ItemInfo& info, ExtractSink& out, const Limits& limits) {
  const std::size_t max = limits.max_buffered_member_bytes;
  if (const int fd = in.file_descriptor(); fd >= 0 && info.size > max) {
    // A duplicate keeps O_NOATIME; GMime closes it. It shares the file offset, which GMime's file stream takes
    // as its position: it starts at the file's start (the sniffer has read the head). `in` is not read again.
    const int copy = ::dup(fd);
    if (copy >= 0 && ::lseek(copy, 0, SEEK_SET) == 0) return g_mime_stream_fs_new_with_bounds(copy, 0, -1);
    if (copy >= 0) ::close(copy);
  }
  GByteArray* bytes = g_byte_array_new();
  const std::size_t chunk = std::max<std::size_t>(limits.read_chunk_bytes, 1);
  for (;;) {
    const std::size_t have = bytes->len;
    if (have >= max) {
      char probe;
      auto more = in.read(std::span<char>(&probe, 1));
      if (more && *more > 0)
        out.problem(Problem::make(ProblemKind::Limit, "mail: message larger than " + std::to_string(max >> 20) +
                                                          " MiB; only its start was read"));
      break;
    }
    const std::size_t want = std::min(chunk, max - have);
    g_byte_array_set_size(bytes, static_cast<guint>(have + want));
    auto n = in.read(std::span<char>(reinterpret_cast<char*>(bytes->data) + have, want));
    if (!n) {
      g_byte_array_set_size(bytes, static_cast<guint>(have));
      out.problem(n.problem());
      break;
    }
    g_byte_array_set_size(bytes, static_cast<guint>(have + *n));
    if (*n == 0) break;
  }
  GMimeStream* s = g_mime_stream_mem_new_with_byte_array(bytes);
  g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(s), TRUE);
  return s;
}

}  // namespace

MessageSummary summarize_message_headers(std::string_view message) {
  init_gmime();
  std::size_t end = message.size();
  for (std::string_view sep : {"\n\n", "\n\r\n"}) {
    const auto at = message.find(sep);
    if (at != std::string_view::npos) end = std::min(end, at + 1);
  }
  ParserOptions options(g_mime_parser_options_new());
  GRef<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(message.data(), end));
  GRef<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  g_mime_parser_set_format(parser.get(), GMIME_FORMAT_MESSAGE);
  GRef<GMimeMessage> m(g_mime_parser_construct_message(parser.get(), options.get()));
  MessageSummary s;
  if (!m) return s;
  s.subject = valid_utf8(sv(g_mime_message_get_subject(m.get())));
  s.date = date_of(m.get());
  return s;
}

void extract_mime_message(ByteSource& in, const ItemInfo& info, ExtractSink& out, const Limits& limits) {
  init_gmime();
  ParseIssues issues;  // outlives the options that point at it, which outlive the message
  ParserOptions options(g_mime_parser_options_new());
  g_mime_parser_options_set_warning_callback(options.get(), &on_parser_warning, &issues);

  GRef<GMimeStream> stream(open_stream(in, info, out, limits));
  if (!stream) {
    out.problem(Problem::make(ProblemKind::Internal, "mail: cannot open the message"));
    return;
  }
  GRef<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  g_mime_parser_set_format(parser.get(), GMIME_FORMAT_MESSAGE);
  g_mime_parser_set_persist_stream(parser.get(), TRUE);  // parts are ranges of the stream, not copies
  GRef<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), options.get()));
  if (!message) {
    out.problem(Problem::make(ProblemKind::Corrupt, "mail: not a readable message"));
    return;
  }
  MessageWalk walk(info, out, limits, date_of(message.get()));
  walk.headers(message.get());
  walk.object(g_mime_message_get_mime_part(message.get()), 0);
  if (issues.truncated)
    out.problem(Problem::make(ProblemKind::Corrupt, "mail: the message is truncated"));
  else if (issues.malformed)
    out.problem(Problem::make(ProblemKind::Corrupt, "mail: the message is malformed; read as far as possible"));
}

}  // namespace datavagt
