// Format sniffing from content. Order matters: binary signatures first, then text-based formats, whose
// markup is looked for in the decoded head (so a UTF-16 XML export is still XML).
#include <algorithm>
#include <cctype>
#include <string>

#include "extractors/charset.h"
#include "extractors/format.h"

namespace datavagt {

std::string_view format_name(FormatId f) {
  switch (f) {
    case FormatId::Empty: return "empty";
    case FormatId::Text: return "text";
    case FormatId::Html: return "html";
    case FormatId::Xml: return "xml";
    case FormatId::Rtf: return "rtf";
    case FormatId::Pdf: return "pdf";
    case FormatId::Zip: return "zip";
    case FormatId::Ole2: return "ole2";
    case FormatId::Pst: return "pst";
    case FormatId::Gzip: return "gzip";
    case FormatId::Bzip2: return "bzip2";
    case FormatId::Xz: return "xz";
    case FormatId::Zstd: return "zstd";
    case FormatId::SevenZip: return "7z";
    case FormatId::Rar: return "rar";
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
    {0, "!BDN", FormatId::Pst},  // checked further below: "SM" (PST) or "SO" (OST) client magic at 8
    {0, "\x1F\x8B", FormatId::Gzip},
    {0, "BZh", FormatId::Bzip2},
    {0, "\xFD" "7zXZ\x00", FormatId::Xz},
    {0, "\x28\xB5\x2F\xFD", FormatId::Zstd},
    {0, "7z\xBC\xAF\x27\x1C", FormatId::SevenZip},
    {0, "Rar!\x1A\x07", FormatId::Rar},
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

// Lower-cased ASCII of the decoded head, to look for markup.
std::string decoded_head_lower(std::string_view head, const CharsetGuess& g) {
  TextDecoder dec(g.charset);
  std::string_view text;
  dec.decode(head.substr(g.bom_bytes), true, text);
  std::string out(text.substr(0, 4096));
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
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

}  // namespace

FormatId sniff_format(std::string_view head, std::uint64_t size) {
  if (size == 0 || head.empty()) return FormatId::Empty;
  for (const auto& m : kMagic) {
    if (!starts_with_at(head, m.offset, m.bytes)) continue;
    if (m.bytes == "BM" && (head.size() < 18 || head[14] < 12 || head[15] || head[16] || head[17])) continue;
    if (m.bytes == "MZ" && (head.size() < 64)) continue;
    if (m.bytes == "!BDN" && !starts_with_at(head, 8, "SM") && !starts_with_at(head, 8, "SO")) continue;
    if (m.bytes == "ftyp" || m.bytes == "WEBP" || m.bytes == "AVI " || m.bytes == "WAVE") {
      if (m.bytes != "ftyp" && !starts_with_at(head, 0, "RIFF")) continue;
    }
    return m.format;
  }
  const CharsetGuess g = guess_charset(head, head.size() >= size);
  if (g.binary) return FormatId::Binary;
  return sniff_markup(decoded_head_lower(head, g));
}

}  // namespace datavagt
