// libFuzzer target: untrusted bytes as the package documents of an EPUB (extractors/office/epub_package.h):
// container.xml, the OPF and encryption.xml, and as an href. Every member name that comes out is a clean path
// inside the zip (no "." or ".." segment, no empty one, not absolute); the spine names only manifest items;
// the metadata is valid UTF-8 within its bound. Build with ./run fuzz.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/utf8.h"
#include "extractors/office/epub_package.h"

namespace {

using namespace datavagt;

void check_path(std::string_view p) {
  if (p.empty()) return;  // "no member" (an external URL)
  if (p.front() == '/' || p.back() == '/' || p.find("//") != std::string_view::npos) std::abort();
  std::size_t start = 0;
  for (;;) {
    const auto slash = p.find('/', start);
    const std::string_view part = p.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (part == "." || part == "..") std::abort();
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (auto opf = epub_package_path(bytes)) {
    if (opf->empty()) std::abort();
    check_path(*opf);
  }
  const EpubPackage p = parse_epub_package(bytes, "OPS/content.opf");
  if (p.metadata.size() > EpubPackage::kMaxMetadataBytes + 4096 || !utf8::is_valid(p.metadata)) std::abort();
  if (p.manifest.size() > EpubPackage::kMaxItems || p.spine.size() > EpubPackage::kMaxItems) std::abort();
  for (const auto& item : p.manifest) check_path(item.path);
  for (std::size_t i = 0; i < p.spine.size(); ++i) {
    if (!p.item(p.spine[i])) std::abort();
    const std::size_t chapter = p.chapter(p.spine[i]);
    if (chapter == 0 || chapter > i + 1) std::abort();
  }
  for (const auto& path : epub_encrypted_paths(bytes)) check_path(path);
  const std::size_t half = size / 2;
  check_path(resolve_epub_href(bytes.substr(0, half), bytes.substr(half)));
  return 0;
}
