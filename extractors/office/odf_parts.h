#pragma once
// OpenDocument (ODT, ODS, ODP) parts inside a zip: which member is what, and the element events of their
// XML. Called from ooxml.cpp's member loop (the zip extractor), which owns the zip, the XML parser
// (xml_tokenizer.h, or libxml2 for parts not in UTF-8) and the limits; this file only knows ODF element names.
//
// What is read, and the Position.part its text gets:
//   content.xml  text:p / text:h (spans joined without a space; text:s, text:tab, text:line-break,
//                paragraphs and table cells separate words) "body"; spreadsheets "sheet <table:name>",
//                with a 9-digit integer float cell (office:value) also emitted zero-padded to 10 digits;
//                presentations "slide N" (draw:page) and "notes N" (presentation:notes); office:annotation
//                "comment" and text:note "footnote"/"endnote" wherever they sit (passed on after the paragraph
//                they are anchored in; up to 64 KB per paragraph).
//   styles.xml   style:header* "header", style:footer* "footer" (master page placeholders are not text).
//   meta.xml     title, subject, description, keywords, creators, user-defined fields: "metadata".
//   META-INF/manifest.xml  manifest:encryption-data marks the document encrypted (its parts are then not XML).
// Embedded objects ("Object N" OLE objects, "Object N/content.xml" of embedded ODF objects) and Pictures/ are
// handed on as nested items.
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/position.h"
#include "extractors/text/markup_text.h"
#include "extractors/text/xml_tokenizer.h"

namespace datavagt {

enum class OdfPart { None, Mimetype, Content, Styles, Meta, Manifest, Embedded };

// By member name alone; Embedded only means something once the zip is known to be ODF.
OdfPart classify_odf_member(std::string_view name);
// The `mimetype` member's bytes name an OpenDocument type.
bool is_odf_mimetype(std::string_view bytes);
// True when a part's first bytes can be XML (an encrypted part is not).
bool looks_like_xml(std::string_view head);

// The element events of one ODF XML part.
class OdfPartText {
 public:
  OdfPartText(OdfPart part, MarkupText& text);

  void start(std::string_view name, std::string_view uri, std::span<const XmlAttribute> attributes);
  void end(std::string_view name, std::string_view uri);
  void characters(std::string_view s);

  bool encryption_seen() const { return encrypted_; }

 private:
  void push_part(std::string part);
  void pop_part();
  void put(std::string_view s);  // text, to the annotation or note being read if any
  void separate();               // a word boundary, likewise
  void begin_aside(std::string part);
  void flush_asides();

  static constexpr std::size_t kMaxAsideBytes = 64 * 1024;

  OdfPart part_;
  MarkupText& text_;
  std::vector<std::string> parts_;  // Position.part stack (annotations, notes inside slides)
  enum class Body { Unknown, Text, Spreadsheet, Presentation } body_ = Body::Unknown;
  int paragraph_ = 0;   // inside text:p / text:h
  int header_ = 0;      // styles.xml: inside style:header* / style:footer*
  int meta_field_ = 0;  // meta.xml: inside a field whose text is wanted
  int slide_ = 0;       // draw:page count
  int table_depth_ = 0;
  std::string cell_value_;   // office:value of the current float cell
  std::string cell_digits_;  // the digits of that cell's shown text (bounded): is the value already shown padded?
  // An annotation or a footnote sits inside the paragraph it belongs to ("Bem<annotation/>ærk"): its text is
  // kept (bounded) and passed on as "comment" / "footnote" / "endnote" once that paragraph ends, so the
  // paragraph's words stay whole. The note's citation mark ("1") is not text.
  int annotation_ = 0;  // inside office:annotation or text:note
  int annotation_paragraph_ = 0;
  int citation_ = 0;
  std::vector<std::pair<std::string, std::string>> asides_;  // part, text
  std::size_t aside_bytes_ = 0;
  bool encrypted_ = false;
};

}  // namespace datavagt
