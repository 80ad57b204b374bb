#pragma once
// A small, strict, streaming XML tokenizer for the XML parts of Office files (OOXML and ODF), used by
// ooxml.cpp instead of libxml2 for parts in UTF-8 (all that Office and LibreOffice write). It exists for
// speed: libxml2's SAX2 push parser took ~60 % of a DOCX/XLSX scan (figures in extractors/README.md).
//
// What it does: start tags (namespace prefixes resolved to URIs, attributes with either quote style,
// their values decoded), end tags (checked against the open element), character data (entity and character
// references decoded, CR LF and lone CR turned into LF), CDATA sections (their content is character data).
// Comments, processing instructions and the XML declaration are skipped.
// What it refuses, all as `malformed()` (the caller reports the part `corrupt`, keeping the text passed on
// before the error): anything not well-formed that it meets (mismatched or unclosed tags, text outside the
// root element, a second root, a bad name or attribute, a `<` in an attribute value, a control character,
// invalid UTF-8, an unknown entity, a character reference to a character XML does not allow, `]]>` in
// text), elements nested deeper than 256 (libxml2's limit), a single tag, comment, PI or CDATA section
// longer than kMaxTokenBytes, open elements keeping more than kMaxOpenBytes, and an empty document.
// Entities: only the five predefined ones (&lt; &gt; &amp; &apos; &quot;) and numeric character references
// are expanded. A DOCTYPE stops the part at once (`doctype()`), so no entity can be declared: there is no
// external entity (XXE) and no billion laughs.
// Memory: only an incomplete token is kept between feeds (bounded by kMaxTokenBytes), plus the names of the
// open elements and the namespace declarations in scope (together bounded by kMaxOpenBytes).
// Contract: one tokenizer per part, one thread; exceptions thrown by the event handler pass through.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace datavagt {

struct XmlAttribute {
  std::string_view local;  // name without its prefix
  std::string_view value;  // decoded
};

class XmlEvents {
 public:
  virtual ~XmlEvents() = default;
  // The views are valid during the call only.
  virtual void start(std::string_view local, std::string_view uri, std::span<const XmlAttribute> attributes) = 0;
  virtual void end(std::string_view local, std::string_view uri) = 0;
  virtual void characters(std::string_view text) = 0;  // valid UTF-8, any piece size
};

class XmlTokenizer {
 public:
  static constexpr std::size_t kMaxTokenBytes = 4 << 20;
  static constexpr std::size_t kMaxDepth = 256;
  // Names of the open elements and the namespace declarations in scope, together.
  static constexpr std::size_t kMaxOpenBytes = 1 << 20;

  explicit XmlTokenizer(XmlEvents& events) : events_(events) {}

  // True when a part starting with `head` is for this tokenizer: no BOM but UTF-8's, and an XML declaration
  // (if any) that names UTF-8 or no encoding. Other encodings are left to libxml2. nullopt: the first bytes
  // do not tell yet (a declaration not whole in `head`); ask again with more of them.
  static std::optional<bool> handles(std::string_view head);
  static constexpr std::size_t kMaxDeclarationBytes = 1024;

  // Parses `bytes` (the next piece of the part, split anywhere). Returns false once more input is of no use
  // (malformed, DOCTYPE); the caller may still call finish().
  bool feed(std::string_view bytes);
  // The end of the part: checks that the document is complete.
  void finish();

  bool malformed() const { return malformed_; }
  bool doctype() const { return doctype_; }

 private:
  struct Open {
    std::size_t name_at;    // in names_
    std::size_t name_size;  // qualified name
    std::size_t local_at;   // offset of the local name within the qualified name
    int uri;                // index in bindings_, -1 for none
    std::size_t bindings;   // bindings_.size() before this element's declarations
  };
  struct Binding {
    std::string prefix;  // "" for the default namespace
    std::string uri;
  };

  // Parses as much of `s` as forms whole tokens; returns how many bytes were used.
  std::size_t parse(std::string_view s);
  // Each returns the bytes used from `s` (which starts at the construct), 0 when more input is needed.
  std::size_t text(std::string_view s);
  std::size_t markup(std::string_view s);
  std::size_t reference(std::string_view s);  // at '&'
  std::size_t start_tag(std::string_view s);  // "<name ...>" or "<name .../>"
  bool end_tag(std::string_view tag);         // "</name >"
  // Passes on the start (and for an empty element the end) of an element; its attributes are in attributes_,
  // its namespace declarations in bindings_ from `bindings_before` on.
  void open_element(std::string_view name, bool empty, std::size_t bindings_before);
  void close_element();  // passes on the end of the innermost open element
  bool decode_value(std::string_view raw, std::string& out);
  int resolve(std::string_view prefix);  // index in bindings_, -1 for none
  void pop_bindings(std::size_t size);
  std::string_view uri(int binding) const;
  void fail() { malformed_ = true; }

  XmlEvents& events_;
  std::string pending_;     // an incomplete token carried to the next feed
  bool wait_for_gt_ = false;  // pending_ holds markup that can only end at a '>' not yet seen
  std::string names_;       // qualified names of the open elements, one after another
  std::vector<Open> open_;
  std::vector<Binding> bindings_;
  std::uint64_t bindings_version_ = 0;  // changes whenever bindings_ does
  std::size_t bindings_bytes_ = 0;      // their prefixes and URIs
  std::string cache_prefix_;            // resolve()'s last question and answer
  int cache_binding_ = -1;
  std::uint64_t cache_version_ = ~std::uint64_t{0};
  std::vector<XmlAttribute> attributes_;
  std::string values_;  // decoded attribute values of the tag being read
  std::size_t consumed_ = 0;  // bytes of the part parsed so far (the XML declaration must come first)
  bool bom_ = false;
  bool root_seen_ = false;
  bool root_done_ = false;
  bool malformed_ = false;
  bool doctype_ = false;
};

}  // namespace datavagt
