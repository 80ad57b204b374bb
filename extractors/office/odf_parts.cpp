#include "extractors/office/odf_parts.h"

#include <algorithm>
#include <cstddef>

namespace datavagt {

namespace {

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

std::string_view attr(std::span<const XmlAttribute> a, std::string_view local) {
  for (const XmlAttribute& x : a)
    if (x.local == local) return x.value;
  return {};
}

bool is_header_footer(std::string_view name) {
  return name == "header" || name == "footer" || name == "header-left" || name == "footer-left" ||
         name == "header-first" || name == "footer-first";
}

// meta.xml fields that hold what a person wrote (not dates, counts or the producing program).
bool is_meta_text(std::string_view name) {
  return name == "title" || name == "subject" || name == "description" || name == "keyword" ||
         name == "initial-creator" || name == "creator" || name == "user-defined" || name == "printed-by";
}

}  // namespace

OdfPart classify_odf_member(std::string_view name) {
  if (name == "mimetype") return OdfPart::Mimetype;
  if (name == "content.xml") return OdfPart::Content;
  if (name == "styles.xml") return OdfPart::Styles;
  if (name == "meta.xml") return OdfPart::Meta;
  if (name == "META-INF/manifest.xml") return OdfPart::Manifest;
  if (starts_with(name, "Pictures/")) return OdfPart::Embedded;
  // "Object 1" is an OLE object; "Object 1/content.xml" an embedded ODF document's text (chart, formula).
  // Its settings and styles are not handed on (configuration values, no text of the user's).
  if (starts_with(name, "Object ")) {
    const std::size_t slash = name.find('/');
    if (slash == std::string_view::npos || name.substr(slash) == "/content.xml") return OdfPart::Embedded;
  }
  return OdfPart::None;
}

bool is_odf_mimetype(std::string_view bytes) { return starts_with(bytes, "application/vnd.oasis.opendocument."); }

bool looks_like_xml(std::string_view head) {
  if (starts_with(head, "\xEF\xBB\xBF")) head.remove_prefix(3);
  for (char c : head) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    return c == '<';
  }
  return true;  // nothing but whitespace yet
}

OdfPartText::OdfPartText(OdfPart part, MarkupText& text) : part_(part), text_(text) {
  parts_.push_back(part == OdfPart::Meta ? "metadata" : "body");
}

void OdfPartText::push_part(std::string part) {
  text_.boundary();
  parts_.push_back(part);
  Position p;
  p.part = std::move(part);
  text_.set_position(std::move(p));
}

void OdfPartText::pop_part() {
  text_.boundary();
  if (parts_.size() > 1) parts_.pop_back();
  Position p;
  p.part = parts_.back();
  text_.set_position(std::move(p));
}

void OdfPartText::put(std::string_view s) {
  if (citation_ > 0) return;
  if (!cell_value_.empty())
    for (char c : s)
      if (c >= '0' && c <= '9' && cell_digits_.size() < 16) cell_digits_ += c;
  if (annotation_ == 0 || asides_.empty()) return text_.text(s);
  const std::size_t room = kMaxAsideBytes - std::min(aside_bytes_, kMaxAsideBytes);
  s = s.substr(0, room);
  asides_.back().second.append(s);
  aside_bytes_ += s.size();
}

void OdfPartText::separate() {
  if (annotation_ == 0 || asides_.empty()) return text_.boundary();
  std::string& t = asides_.back().second;
  if (!t.empty() && t.back() != '\n' && t.back() != ' ') t.push_back('\n');
}

void OdfPartText::begin_aside(std::string part) {
  ++annotation_;
  if (annotation_ == 1) asides_.emplace_back(std::move(part), std::string());
}

void OdfPartText::flush_asides() {
  for (auto& [part, t] : asides_) {
    // A cut may have split a UTF-8 sequence: drop the incomplete tail.
    std::size_t lead = t.size();
    while (lead > 0 && (static_cast<unsigned char>(t[lead - 1]) & 0xC0) == 0x80) --lead;
    if (lead > 0) {
      const auto c = static_cast<unsigned char>(t[lead - 1]);
      const std::size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
      if (t.size() - (lead - 1) < need) t.resize(lead - 1);
    }
    if (t.empty()) continue;
    push_part(part);
    text_.text(t);
    pop_part();
  }
  asides_.clear();
  aside_bytes_ = 0;
}

void OdfPartText::start(std::string_view name, std::string_view uri, std::span<const XmlAttribute> a) {
  switch (part_) {
    case OdfPart::Manifest:
      if (name == "encryption-data") encrypted_ = true;
      return;
    case OdfPart::Meta:
      if (is_meta_text(name)) {
        ++meta_field_;
        text_.boundary();
      }
      return;
    case OdfPart::Styles:
      if (uri.find(":style:") != std::string_view::npos && is_header_footer(name)) {
        ++header_;
        push_part(name.substr(0, 6) == "header" ? "header" : "footer");
        return;
      }
      break;
    case OdfPart::Content:
      if (name == "text" && uri.find(":office:") != std::string_view::npos) body_ = Body::Text;
      if (name == "spreadsheet") body_ = Body::Spreadsheet;
      if (name == "presentation" && uri.find(":office:") != std::string_view::npos) body_ = Body::Presentation;
      if (name == "page" && uri.find(":drawing:") != std::string_view::npos) {
        push_part("slide " + std::to_string(++slide_));
        return;
      }
      if (name == "notes" && uri.find(":presentation:") != std::string_view::npos) {
        push_part("notes " + std::to_string(slide_));
        return;
      }
      break;
    default:
      return;
  }
  // content.xml and styles.xml
  if (name == "annotation" && uri.find(":office:") != std::string_view::npos) {
    begin_aside("comment");
    return;
  }
  if (name == "note" && uri.find(":text:") != std::string_view::npos) {
    begin_aside(attr(a, "note-class") == "endnote" ? "endnote" : "footnote");
    return;
  }
  if (name == "note-citation" && uri.find(":text:") != std::string_view::npos) {
    ++citation_;
    return;
  }
  if (uri.find(":table:") != std::string_view::npos) {
    if (name == "table") {
      ++table_depth_;
      if (body_ == Body::Spreadsheet && table_depth_ == 1 && part_ == OdfPart::Content)
        push_part("sheet " + std::string(attr(a, "name")));
      text_.boundary();
    } else if (name == "table-cell" || name == "covered-table-cell") {
      cell_value_.clear();
      cell_digits_.clear();
      const std::string_view type = attr(a, "value-type");
      if (type == "float" || type == "currency" || type == "percentage") {
        const std::string_view v = attr(a, "value");
        cell_value_.assign(v.substr(0, 64));
      }
      separate();
    }
    return;
  }
  if (uri.find(":text:") == std::string_view::npos) return;
  if (name == "p" || name == "h") {
    ++(annotation_ > 0 ? annotation_paragraph_ : paragraph_);
    separate();
  } else if (name == "s" || name == "tab") {
    if (paragraph_ > 0 || annotation_paragraph_ > 0) put(" ");
  } else if (name == "line-break") {
    separate();
  }
}

void OdfPartText::end(std::string_view name, std::string_view uri) {
  switch (part_) {
    case OdfPart::Meta:
      if (is_meta_text(name) && meta_field_ > 0) {
        --meta_field_;
        text_.boundary();
      }
      return;
    case OdfPart::Styles:
      if (uri.find(":style:") != std::string_view::npos && is_header_footer(name) && header_ > 0) {
        --header_;
        pop_part();
        return;
      }
      break;
    case OdfPart::Content:
      if ((name == "page" && uri.find(":drawing:") != std::string_view::npos) ||
          (name == "notes" && uri.find(":presentation:") != std::string_view::npos)) {
        pop_part();
        return;
      }
      break;
    default:
      return;
  }
  if ((name == "annotation" && uri.find(":office:") != std::string_view::npos) ||
      (name == "note" && uri.find(":text:") != std::string_view::npos)) {
    separate();
    if (annotation_ > 0) --annotation_;
    if (annotation_ == 0 && paragraph_ == 0) flush_asides();
    return;
  }
  if (name == "note-citation" && uri.find(":text:") != std::string_view::npos) {
    if (citation_ > 0) --citation_;
    return;
  }
  if (uri.find(":table:") != std::string_view::npos) {
    if (name == "table" && table_depth_ > 0) {
      if (body_ == Body::Spreadsheet && table_depth_ == 1 && part_ == OdfPart::Content) pop_part();
      --table_depth_;
    } else if (name == "table-cell" || name == "covered-table-cell") {
      separate();
      // A CPR typed as a number loses its leading zero: 0101901234 is stored as 101901234. Unless the cell
      // already shows it padded (a "0000000000" format), the padded value is added once.
      if (cell_value_.size() == 9 && cell_value_.find_first_not_of("0123456789") == std::string::npos &&
          cell_digits_ != "0" + cell_value_) {
        put("0");
        put(cell_value_);
        separate();
      }
      cell_value_.clear();
    } else if (name == "table-row") {
      separate();
    }
    return;
  }
  if (uri.find(":text:") == std::string_view::npos) return;
  if (name != "p" && name != "h") return;
  if (annotation_ > 0) {
    if (annotation_paragraph_ > 0) --annotation_paragraph_;
    separate();
  } else if (paragraph_ > 0) {
    --paragraph_;
    text_.boundary();
    if (paragraph_ == 0) flush_asides();
  }
}

void OdfPartText::characters(std::string_view s) {
  if (part_ == OdfPart::Meta) {
    if (meta_field_ > 0) text_.text(s);
    return;
  }
  if (part_ == OdfPart::Styles && header_ == 0) return;
  if (annotation_ > 0 ? annotation_paragraph_ > 0 : paragraph_ > 0) put(s);
}

}  // namespace datavagt
