// Every zip: a document (Office Open XML, OpenDocument) goes to ooxml.cpp, any other zip to archive.cpp,
// whose members are scanned as items of their own.
//
// Decided by the first member's name, read from its local header (the zip is a stream: the central
// directory at its end is not at hand). Office writes "[Content_Types].xml" or "_rels/.rels" first, other
// OOXML writers a part under word/, xl/, ppt/ or docProps/; ODF's first member is "mimetype" (the spec
// says so), or content.xml from writers that skip it. A JAR (META-INF/MANIFEST.MF) or an ordinary zip
// starts otherwise. The bytes read to decide are replayed to the chosen extractor.
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "extractors/extractor.h"
#include "extractors/format.h"

namespace datavagt {

std::unique_ptr<Extractor> make_ooxml_extractor();
template <FormatId F>
std::unique_ptr<Extractor> make_archive_extractor();

namespace {

constexpr std::size_t kLocalHeaderBytes = 30;  // up to the name

bool names_a_document_part(std::string_view name) {
  for (std::string_view exact : {"[Content_Types].xml", "mimetype", "content.xml", "styles.xml", "meta.xml",
                                 "settings.xml", "manifest.rdf", "META-INF/manifest.xml"})
    if (name == exact) return true;
  for (std::string_view dir : {"_rels/", "docProps/", "word/", "xl/", "ppt/", "customXml/"})
    if (name.starts_with(dir)) return true;
  return false;
}

class ZipExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "zip"; }

  void extract(ByteSource& in, const ItemInfo& info, ExtractSink& out, const Limits& limits) override {
    // The local header, then its name (at most 65535 bytes; read only what the header says).
    std::string head(kLocalHeaderBytes, '\0');
    auto got = read_fully(in, head);
    if (!got) return out.problem(got.problem());
    head.resize(*got);
    std::string first_name;
    if (head.size() == kLocalHeaderBytes && head.starts_with(std::string_view("PK\x03\x04", 4))) {
      const std::size_t len = static_cast<unsigned char>(head[26]) | static_cast<std::size_t>(static_cast<unsigned char>(head[27])) << 8;
      head.resize(kLocalHeaderBytes + len);
      auto more = read_fully(in, std::span<char>(head).subspan(kLocalHeaderBytes));
      if (!more) return out.problem(more.problem());
      head.resize(kLocalHeaderBytes + *more);
      if (*more == len) first_name = head.substr(kLocalHeaderBytes);
    }
    PrefixedSource replay(head, in);
    auto inner = names_a_document_part(first_name) ? make_ooxml_extractor() : make_archive_extractor<FormatId::Zip>();
    inner->extract(replay, info, out, limits);
  }
};

}  // namespace

std::unique_ptr<Extractor> make_zip_extractor() { return std::make_unique<ZipExtractor>(); }

}  // namespace datavagt
