// Format sniffing from content. Order matters: binary signatures first, then text-based formats, whose
// markup is looked for in the decoded head (so a UTF-16 XML export is still XML).
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <optional>
#include <string>

#include "extractors/text/charset.h"
#include "extractors/format.h"
#include "extractors/mail/pst_message.h"

namespace datavagt {

std::string_view format_name(FormatId f) {
  switch (f) {
    case FormatId::Empty: return "empty";
    case FormatId::Text: return "text";
    case FormatId::Html: return "html";
    case FormatId::Xml: return "xml";
    case FormatId::Rtf: return "rtf";
    case FormatId::Pdf: return "pdf";
    case FormatId::Mail: return "mail";
    case FormatId::Mbox: return "mbox";
    case FormatId::Zip: return "zip";
    case FormatId::Ooxml: return "ooxml";
    case FormatId::Odf: return "odf";
    case FormatId::Epub: return "epub";
    case FormatId::Ole2: return "ole2";
    case FormatId::Pst: return "pst";
    case FormatId::Tnef: return "tnef";
    case FormatId::PstMessage: return "pst-message";
    case FormatId::Gzip: return "gzip";
    case FormatId::Bzip2: return "bzip2";
    case FormatId::Xz: return "xz";
    case FormatId::Zstd: return "zstd";
    case FormatId::SevenZip: return "7z";
    case FormatId::Rar: return "rar";
    case FormatId::Tar: return "tar";
    case FormatId::Cpio: return "cpio";
    case FormatId::Iso9660: return "iso9660";
    case FormatId::Image: return "image";
    case FormatId::Media: return "media";
    case FormatId::Executable: return "executable";
    case FormatId::Binary: return "binary";
  }
  return "binary";
}

namespace {

struct Magic {
  std::size_t offset;
  std::string_view bytes;
  FormatId format;
};

// One line per signature.
constexpr Magic kMagic[] = {
    {0, "%PDF-", FormatId::Pdf},
    {0, "PK\x03\x04", FormatId::Zip},
    {0, "PK\x05\x06", FormatId::Zip},  // empty zip
    {0, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", FormatId::Ole2},
    {0, "{\\rtf", FormatId::Rtf},
    {0, "\x78\x9F\x3E\x22", FormatId::Tnef},  // TNEF signature 0x223E9F78, little-endian
    {0, "!BDN", FormatId::Pst},
    {0, pst::kPstMessageMagic, FormatId::PstMessage},  // checked further below: "SM" (PST) or "SO" (OST) client magic at 8
    {0, "\x1F\x8B", FormatId::Gzip},
    {0, "BZh", FormatId::Bzip2},
    {0, "\xFD" "7zXZ\x00", FormatId::Xz},
    {0, "\x28\xB5\x2F\xFD", FormatId::Zstd},
    {0, "7z\xBC\xAF\x27\x1C", FormatId::SevenZip},
    {0, "Rar!\x1A\x07", FormatId::Rar},
    {257, "ustar", FormatId::Tar},  // POSIX "ustar\0" and GNU "ustar  \0"
    {0, "070707", FormatId::Cpio},  // odc
    {0, "070701", FormatId::Cpio},  // newc
    {0, "070702", FormatId::Cpio},  // newc with checksums
    {32769, "CD001", FormatId::Iso9660},
    {0, "\x89PNG\r\n\x1A\n", FormatId::Image},
    {0, "\xFF\xD8\xFF", FormatId::Image},
    {0, "GIF87a", FormatId::Image},
    {0, "GIF89a", FormatId::Image},
    {0, "II*\x00", FormatId::Image},
    {0, "MM\x00*", FormatId::Image},
    {0, "BM", FormatId::Image},  // checked further below: BMP header size
    {8, "WEBP", FormatId::Image},
    {4, "ftyp", FormatId::Media},
    {0, "ID3", FormatId::Media},
    {0, "OggS", FormatId::Media},
    {0, "fLaC", FormatId::Media},
    {8, "AVI ", FormatId::Media},
    {8, "WAVE", FormatId::Media},
    {0, "\x1A\x45\xDF\xA3", FormatId::Media},  // Matroska / WebM
    {0, "\x7F" "ELF", FormatId::Executable},
    {0, "MZ", FormatId::Executable},
};

bool starts_with_at(std::string_view s, std::size_t off, std::string_view m) {
  return s.size() >= off + m.size() && s.compare(off, m.size(), m) == 0;
}

// A cpio magic is six digits, which a text file may start with too ("070701-1234" is a CPR number): the
// header's next fields must be digits as well (newc: 104 hex digits, odc: 70 octal digits).
bool cpio_header_follows(std::string_view head) {
  const bool odc = head.substr(0, 6) == "070707";
  const std::size_t fields = odc ? 70 : 104;
  if (head.size() < 6 + fields) return false;
  for (char c : head.substr(6, fields))
    if (!(std::isdigit(static_cast<unsigned char>(c)) || (!odc && std::isxdigit(static_cast<unsigned char>(c)))))
      return false;
  return true;
}

std::uint32_t le(std::string_view s, std::size_t off, int bytes) {
  std::uint32_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = v << 8 | static_cast<unsigned char>(s[off + static_cast<std::size_t>(i)]);
  return v;
}

// One zip local header in the head: the member's name (as far as the head holds it) and, when the member is
// stored and lies in the head whole, its data.
struct LocalHeader {
  std::uint32_t name_size = 0;
  std::string_view name;            // cut short when the head ends inside it
  std::optional<std::string_view> stored;  // its start only, when the size is in a data descriptor
  std::optional<std::size_t> next;  // where the next local header starts, when known
};

std::optional<LocalHeader> local_header(std::string_view head, std::size_t at) {
  constexpr std::size_t kFixed = 30;
  if (head.size() < at + kFixed || head.compare(at, 4, "PK\x03\x04") != 0) return std::nullopt;
  LocalHeader h;
  const std::uint32_t flags = le(head, at + 6, 2), method = le(head, at + 8, 2), packed = le(head, at + 18, 4);
  h.name_size = le(head, at + 26, 2);
  const std::uint32_t extra = le(head, at + 28, 2);
  h.name = head.substr(at + kFixed, h.name_size);
  const std::size_t data = at + kFixed + h.name_size + extra;
  if (flags & 8) {  // sizes in a data descriptor after the data: the next header is not known
    if (method == 0 && data <= head.size()) h.stored = head.substr(data, 64);  // the data's start, stored
    return h;
  }
  if (method == 0 && data + packed <= head.size()) h.stored = head.substr(data, packed);
  h.next = data + packed;
  return h;
}

// The kind of zip, by its first member (the names the former zip.cpp dispatcher decided by, read from the head):
// Office Open XML writers put "[Content_Types].xml", "_rels/" or a part under word/, xl/, ppt/, docProps/
// or customXml/ first; OpenDocument and EPUB (OCF) put "mimetype" first, stored, and say what they are in
// it (writers that skip it start with content.xml or another ODF part); a JAR (META-INF/MANIFEST.MF) or any
// other zip starts otherwise. A first name longer than the head is judged by its start (the document names
// are short); when the item itself ends inside it, it is an archive (a damaged one).
FormatId zip_kind(std::string_view head, std::uint64_t size) {
  const auto first = local_header(head, 0);
  if (!first) return FormatId::Zip;
  const std::string_view name = first->name;
  const bool whole_name = name.size() == first->name_size;
  if (!whole_name && head.size() >= size) return FormatId::Zip;
  auto is = [&](std::string_view exact) { return whole_name && name == exact; };
  for (std::string_view dir : {"_rels/", "docProps/", "word/", "xl/", "ppt/", "customXml/"})
    if (name.starts_with(dir)) return FormatId::Ooxml;
  if (is("[Content_Types].xml")) return FormatId::Ooxml;
  if (whole_name && name.ends_with(".fdseq")) return FormatId::Ooxml;  // XPS: its fixed document sequence first
  if (is("mimetype")) {
    // OCF's mimetype is stored; if it is not (or not in the head), the members that follow tell an EPUB.
    if (first->stored) return first->stored->starts_with("application/epub+zip") ? FormatId::Epub : FormatId::Odf;
    for (auto h = first; h && h->next;) {
      h = local_header(head, *h->next);
      if (h && h->name == "META-INF/container.xml") return FormatId::Epub;
    }
    return FormatId::Odf;
  }
  for (std::string_view exact : {"content.xml", "styles.xml", "meta.xml", "settings.xml", "manifest.rdf",
                                 "META-INF/manifest.xml"})
    if (is(exact)) return FormatId::Odf;
  if (is("META-INF/container.xml")) return FormatId::Epub;  // an EPUB without its mimetype first
  return FormatId::Zip;
}

// Lower-cased ASCII of the decoded head, to look for markup.
std::string decoded_head_lower(std::string_view head, const CharsetGuess& g) {
  TextDecoder dec(g.charset);
  std::string_view text;
  dec.decode(head.substr(g.bom_bytes), true, text);
  std::string out(text.substr(0, 4096));
  // ASCII only, inline: this runs over 8 KB of every item and member (each message of an mbox).
  std::transform(out.begin(), out.end(), out.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
  return out;
}

bool has_html_tags(std::string_view s) {
  return s.find("<!doctype html") != std::string_view::npos || s.find("<html") != std::string_view::npos ||
         s.find("<head") != std::string_view::npos || s.find("<body") != std::string_view::npos;
}

// Tags that start HTML fragments (exported snippets, e-mail bodies saved as .htm).
bool starts_with_html_element(std::string_view s) {
  for (std::string_view tag : {"<div", "<p>", "<p ", "<table", "<span", "<meta", "<br", "<a ", "<h1", "<h2",
                               "<h3", "<ul", "<ol", "<font", "<b>", "<i>", "<title", "<style", "<script"})
    if (s.starts_with(tag)) return true;
  return false;
}

FormatId sniff_markup(std::string_view lower) {
  const auto first = lower.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return FormatId::Text;
  const std::string_view s = lower.substr(first);
  const bool html = has_html_tags(s);
  if (s[0] != '<') return html && s.find("<body") != std::string_view::npos ? FormatId::Html : FormatId::Text;
  if (html || starts_with_html_element(s)) return FormatId::Html;
  if (s.starts_with("<?xml") || s.starts_with("<!--") || s.starts_with("<!doctype")) return FormatId::Xml;
  // `<name` or `<ns:name`: an XML element.
  if (s.size() > 1 && (std::isalpha(static_cast<unsigned char>(s[1])) || s[1] == '_')) return FormatId::Xml;
  return FormatId::Text;
}

// Header fields that mark a mail message. X-… fields count too, but only next to a field from this list.
bool is_mail_header(std::string_view lower_name) {
  for (std::string_view h : {"received", "return-path", "from", "to", "cc", "bcc", "date", "subject", "message-id",
                             "mime-version", "reply-to", "sender", "in-reply-to", "references", "delivered-to",
                             "content-type", "content-transfer-encoding", "thread-topic", "thread-index"})
    if (lower_name == h) return true;
  return false;
}

// Counts the mail header fields in the header block at the start of `s`: lines "Name: value" (a name of
// printable ASCII without spaces) and their folded continuations, up to the first empty line. A line that is
// neither ends the count with 0 unless the head was cut inside the block: text is not mail. The last line
// may be cut off by the end of the head.
int mail_header_fields(std::string_view s) {
  int known = 0, extension = 0;
  std::size_t pos = 0;
  while (pos < s.size()) {
    std::size_t eol = s.find('\n', pos);
    const bool cut = eol == std::string_view::npos;
    std::string_view line = s.substr(pos, cut ? std::string_view::npos : eol - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) break;  // end of the header block
    if (line[0] == ' ' || line[0] == '\t') {
      if (pos == 0) return 0;  // a continuation needs a field before it
    } else {
      const auto colon = line.find(':');
      if (colon == std::string_view::npos || colon == 0) return cut && pos > 0 ? known + extension : 0;
      std::string name;
      for (char c : line.substr(0, colon)) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 32 || u >= 127) return 0;
        name += static_cast<char>(u >= 'A' && u <= 'Z' ? u - 'A' + 'a' : u);
      }
      if (is_mail_header(name))
        ++known;
      else if (name.starts_with("x-"))
        ++extension;
    }
    if (cut) break;
    pos = eol + 1;
  }
  return known == 0 ? 0 : known + extension;
}

// Two mail header fields at least: one "From: Jens" line at the top of a letter is not a message.
bool looks_like_mail(std::string_view head) { return mail_header_fields(head) >= 2; }

// A "From " separator line, then a message's header block.
bool looks_like_mbox(std::string_view head) {
  if (!head.starts_with("From ")) return false;
  const auto eol = head.find('\n');
  return eol != std::string_view::npos && looks_like_mail(head.substr(eol + 1));
}

// A PDF header after junk: readers accept "%PDF-" anywhere in the first 1024 bytes (a UTF-8 byte order mark,
// blank lines, a mail or HTTP header left in front by a download). Only a header of its own shape
// ("%PDF-" digit "." digit) at the start of a line (or after a byte order mark), and only when the bytes
// before it are text, not another format's data, counts.
bool pdf_after_junk(std::string_view head) {
  constexpr std::size_t kJunkBytes = 1024;
  const std::string_view window = head.substr(0, kJunkBytes + 8);
  for (std::size_t at = window.find("%PDF-"); at != std::string_view::npos && at < kJunkBytes;
       at = window.find("%PDF-", at + 1)) {
    if (window.size() < at + 8 || !std::isdigit(static_cast<unsigned char>(window[at + 5])) || window[at + 6] != '.' ||
        !std::isdigit(static_cast<unsigned char>(window[at + 7])))
      continue;
    const std::string_view before = window.substr(0, at);
    const bool line_start = before.empty() || before.back() == '\n' || before.back() == '\r' ||
                            before == "\xEF\xBB\xBF";
    if (!line_start) continue;
    return std::none_of(before.begin(), before.end(), [](char c) {
      const auto u = static_cast<unsigned char>(c);
      return u == 0 || (u < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f');
    });
  }
  return false;
}

}  // namespace

FormatId sniff_format(std::string_view head, std::uint64_t size) {
  if (size == 0 || head.empty()) return FormatId::Empty;
  for (const auto& m : kMagic) {
    if (!starts_with_at(head, m.offset, m.bytes)) continue;
    if (m.bytes == "BM" && (head.size() < 18 || head[14] < 12 || head[15] || head[16] || head[17])) continue;
    if (m.bytes == "MZ" && (head.size() < 64)) continue;
    if (m.format == FormatId::Cpio && !cpio_header_follows(head)) continue;
    if (m.bytes == "!BDN" && !starts_with_at(head, 8, "SM") && !starts_with_at(head, 8, "SO")) continue;
    if (m.bytes == "ftyp" || m.bytes == "WEBP" || m.bytes == "AVI " || m.bytes == "WAVE") {
      if (m.bytes != "ftyp" && !starts_with_at(head, 0, "RIFF")) continue;
    }
    if (m.format == FormatId::Zip) return zip_kind(head, size);
    return m.format;
  }
  if (pdf_after_junk(head)) return FormatId::Pdf;
  if (looks_like_mbox(head)) return FormatId::Mbox;
  if (looks_like_mail(head)) return FormatId::Mail;
  const CharsetGuess g = guess_charset(head, head.size() >= size);
  if (g.binary) return FormatId::Binary;
  return sniff_markup(decoded_head_lower(head, g));
}

FormatId sniff_item_head(std::string_view head, std::uint64_t size) {
  // The size as the sniffer wants it: what was read of a small item, else at least what was read.
  const auto size_hint = [&](std::size_t read) { return read < kSniffBytes ? read : std::max<std::uint64_t>(size, read); };
  const std::string_view first = head.substr(0, kSniffBytes);
  const FormatId format = sniff_format(first, size_hint(first.size()));
  if (format == FormatId::Binary && head.size() > kSniffBytes &&
      sniff_format(head, size_hint(head.size())) == FormatId::Iso9660)
    return FormatId::Iso9660;
  return format;
}

}  // namespace datavagt
