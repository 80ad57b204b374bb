#include "extractors/office/epub_package.h"

#include <algorithm>
#include <map>
#include <span>

#include "extractors/text/xml_tokenizer.h"

namespace datavagt {

namespace {

// Runs the tokenizer over a whole document; false when it is not UTF-8 or not well-formed (what the handler
// was told before the error stands).
bool parse_xml(std::string_view doc, XmlEvents& events) {
  if (!XmlTokenizer::handles(doc).value_or(false)) return false;
  XmlTokenizer t(events);
  t.feed(doc);
  t.finish();
  return !t.malformed() && !t.doctype();
}

std::string_view attribute(std::span<const XmlAttribute> attributes, std::string_view local) {
  for (const auto& a : attributes)
    if (a.local == local) return a.value;
  return {};
}

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

class ContainerEvents final : public XmlEvents {
 public:
  void start(std::string_view local, std::string_view, std::span<const XmlAttribute> attributes) override {
    if (local != "rootfile") return;
    const std::string_view path = attribute(attributes, "full-path");
    if (path.empty()) return;
    if (!first) first = std::string(path);
    if (!opf && attribute(attributes, "media-type") == "application/oebps-package+xml") opf = std::string(path);
  }
  void end(std::string_view, std::string_view) override {}
  void characters(std::string_view) override {}
  std::optional<std::string> first, opf;
};

class PackageEvents final : public XmlEvents {
 public:
  PackageEvents(EpubPackage& p, std::string_view base) : p_(p), base_(base) {}

  void start(std::string_view local, std::string_view, std::span<const XmlAttribute> attributes) override {
    ++depth_;
    if (collecting_ == 0 && in_metadata_ && metadata_text(local, attributes)) collecting_ = depth_;
    if (local == "metadata") in_metadata_ = true;
    if (local == "item" && p_.manifest.size() < EpubPackage::kMaxItems) {
      const std::string_view href = attribute(attributes, "href");
      std::string path = resolve_epub_href(base_, href);
      if (path.empty()) return;
      ids_.emplace(std::string(attribute(attributes, "id")), p_.manifest.size());
      p_.manifest.push_back({std::move(path), std::string(attribute(attributes, "media-type"))});
    }
    if (local == "itemref" && spine_ids_.size() < EpubPackage::kMaxItems)
      spine_ids_.emplace_back(attribute(attributes, "idref"));
  }
  void end(std::string_view local, std::string_view) override {
    if (collecting_ == depth_) {
      collecting_ = 0;
      line_break();
    }
    if (local == "metadata") in_metadata_ = false;
    --depth_;
  }
  void characters(std::string_view text) override {
    if (collecting_ == 0) return;
    const std::size_t room = EpubPackage::kMaxMetadataBytes - std::min(EpubPackage::kMaxMetadataBytes, p_.metadata.size());
    std::size_t n = std::min(room, text.size());
    while (n > 0 && n < text.size() && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;  // whole characters
    p_.metadata.append(text.substr(0, n));
  }

  // The reading order, once the manifest is known.
  void finish() {
    for (const auto& id : spine_ids_) {
      auto it = ids_.find(id);
      if (it != ids_.end()) p_.spine.push_back(p_.manifest[it->second].path);
    }
  }

 private:
  static bool metadata_text(std::string_view local, std::span<const XmlAttribute> attributes) {
    for (std::string_view dc : {"title", "creator", "contributor", "subject", "description", "publisher", "rights",
                                "source", "coverage", "relation"})
      if (local == dc) return true;
    if (local != "meta") return false;
    const std::string_view property = attribute(attributes, "property");
    return !property.empty() && property != "dcterms:modified";  // EPUB 3 refinements; not the file's date
  }
  void line_break() {
    if (!p_.metadata.empty() && p_.metadata.back() != '\n' && p_.metadata.size() < EpubPackage::kMaxMetadataBytes)
      p_.metadata += '\n';
  }

  EpubPackage& p_;
  std::string_view base_;
  std::map<std::string, std::size_t> ids_;
  std::vector<std::string> spine_ids_;
  int depth_ = 0;
  int collecting_ = 0;  // depth of the metadata element whose text is being collected
  bool in_metadata_ = false;
};

class EncryptionEvents final : public XmlEvents {
 public:
  void start(std::string_view local, std::string_view, std::span<const XmlAttribute> attributes) override {
    if (local == "EncryptedData") {
      algorithm_.clear();
      uris_.clear();
    } else if (local == "EncryptionMethod") {
      algorithm_ = std::string(attribute(attributes, "Algorithm"));
    } else if (local == "CipherReference" && uris_.size() < EpubPackage::kMaxItems) {
      uris_.push_back(resolve_epub_href("", attribute(attributes, "URI")));
    }
  }
  void end(std::string_view local, std::string_view) override {
    if (local != "EncryptedData") return;
    // Font obfuscation (IDPF, Adobe) only scrambles embedded fonts; anything else is DRM.
    if (algorithm_ == "http://www.idpf.org/2008/embedding" || algorithm_ == "http://ns.adobe.com/pdf/enc#RC") return;
    for (auto& u : uris_)
      if (!u.empty() && paths.size() < EpubPackage::kMaxItems) paths.push_back(std::move(u));
  }
  void characters(std::string_view) override {}
  std::vector<std::string> paths;

 private:
  std::string algorithm_;
  std::vector<std::string> uris_;
};

}  // namespace

const EpubItem* EpubPackage::item(std::string_view path) const {
  auto it = items_.find(path);
  return it == items_.end() ? nullptr : &manifest[it->second];
}

std::size_t EpubPackage::chapter(std::string_view path) const {
  auto it = chapters_.find(path);
  return it == chapters_.end() ? 0 : it->second;
}

void EpubPackage::index() {
  items_.clear();
  chapters_.clear();
  for (std::size_t i = 0; i < manifest.size(); ++i) items_.emplace(manifest[i].path, i);
  for (std::size_t i = 0; i < spine.size(); ++i) chapters_.emplace(spine[i], i + 1);
}

std::string resolve_epub_href(std::string_view base, std::string_view href) {
  href = href.substr(0, href.find_first_of("#?"));
  // A URL with a scheme (http:, data:, mailto:) is no member of the zip.
  const auto colon = href.find(':');
  if (colon != std::string_view::npos && href.find('/') > colon) return {};
  std::string decoded;
  for (std::size_t i = 0; i < href.size(); ++i) {
    if (href[i] == '%' && i + 2 < href.size() && hex(href[i + 1]) >= 0 && hex(href[i + 2]) >= 0) {
      decoded += static_cast<char>(hex(href[i + 1]) * 16 + hex(href[i + 2]));
      i += 2;
    } else {
      decoded += href[i];
    }
  }
  std::string joined = decoded.starts_with('/') ? decoded : std::string(base) + decoded;
  std::vector<std::string_view> parts;
  std::string_view rest = joined;
  while (!rest.empty()) {
    const auto slash = rest.find('/');
    const std::string_view part = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
      continue;
    }
    parts.push_back(part);
  }
  std::string out;
  for (auto p : parts) {
    if (!out.empty()) out += '/';
    out += p;
  }
  return out;
}

std::optional<std::string> epub_package_path(std::string_view container_xml) {
  ContainerEvents events;
  parse_xml(container_xml, events);
  const auto& chosen = events.opf ? events.opf : events.first;
  if (!chosen) return std::nullopt;
  std::string path = resolve_epub_href("", *chosen);
  if (path.empty()) return std::nullopt;
  return path;
}

EpubPackage parse_epub_package(std::string_view opf, std::string_view package_path) {
  EpubPackage p;
  const auto slash = package_path.rfind('/');
  const std::string_view base = slash == std::string_view::npos ? std::string_view() : package_path.substr(0, slash + 1);
  PackageEvents events(p, base);
  p.malformed = !parse_xml(opf, events);
  events.finish();
  p.index();
  while (!p.metadata.empty() && p.metadata.back() == '\n') p.metadata.pop_back();
  return p;
}

std::vector<std::string> epub_encrypted_paths(std::string_view encryption_xml) {
  EncryptionEvents events;
  parse_xml(encryption_xml, events);
  return std::move(events.paths);
}

}  // namespace datavagt
