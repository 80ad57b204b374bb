#pragma once
// The package documents of an EPUB (EPUB 2 and 3, OCF): META-INF/container.xml (which member is the package
// document), the package document itself (the OPF: metadata, manifest, spine) and META-INF/encryption.xml
// (which resources are encrypted). Used by epub.cpp; pure functions over bytes, no I/O.
// Parsed with the strict XML tokenizer (text/xml_tokenizer.h: no DTD, no entity but the five predefined ones,
// bounded tokens and depth); documents not in UTF-8, or not well-formed, give what was read before the error
// and say so (`malformed`). Untrusted input: at most kMaxItems manifest items, spine entries and encrypted
// resources, and kMaxMetadataBytes of metadata text, are kept.
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace datavagt {

struct EpubItem {
  std::string path;        // the member's name in the zip (href resolved against the package document's folder)
  std::string media_type;  // as declared ("application/xhtml+xml", "image/jpeg" …)
};

struct EpubPackage {
  static constexpr std::size_t kMaxItems = 100000;
  static constexpr std::size_t kMaxMetadataBytes = 1 << 20;

  // What a reader sees of the metadata: titles, creators and contributors, subjects, descriptions, publisher,
  // rights, sources and relations, and EPUB 3 <meta> refinements (file-as names, title types …), one a line.
  // Identifiers, languages, dates and formats are left out (no one's data, and ISBNs look like numbers).
  std::string metadata;
  std::vector<EpubItem> manifest;
  std::vector<std::string> spine;  // paths in reading order (the manifest items the spine names)
  bool malformed = false;

  // The manifest item at `path`, or nullptr.
  const EpubItem* item(std::string_view path) const;
  // 1-based place of `path` in the reading order (its first), or 0 when the spine does not name it.
  std::size_t chapter(std::string_view path) const;
  // Makes item() and chapter() see the manifest and spine as they are now.
  void index();

 private:
  std::map<std::string, std::size_t, std::less<>> items_, chapters_;
};

// The package document's member name from container.xml (its first rootfile of the OPF media type, else its
// first rootfile), or nullopt.
std::optional<std::string> epub_package_path(std::string_view container_xml);

// The package document at `package_path`.
EpubPackage parse_epub_package(std::string_view opf, std::string_view package_path);

// The members encryption.xml says are encrypted, but for font obfuscation (IDPF's and Adobe's algorithms,
// which only scramble fonts): DRM.
std::vector<std::string> epub_encrypted_paths(std::string_view encryption_xml);

// `href` (a relative URL as the OPF and encryption.xml write them: percent-encoded, maybe with a fragment)
// as a member name, resolved against the folder `base` ("" or ending in '/'); "." and ".." resolved, never
// above the zip's root.
std::string resolve_epub_href(std::string_view base, std::string_view href);

}  // namespace datavagt
