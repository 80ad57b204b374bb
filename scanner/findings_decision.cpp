#include "scanner/findings_decision.h"

#include <elf.h>
#include <link.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace datavagt {

namespace {

int find_build_id(dl_phdr_info* info, std::size_t, void* data) {
  auto& out = *static_cast<std::string*>(data);
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const auto& ph = info->dlpi_phdr[i];
    if (ph.p_type != PT_NOTE) continue;
    const char* p = reinterpret_cast<const char*>(info->dlpi_addr + ph.p_vaddr);
    const char* end = p + ph.p_memsz;
    while (p + sizeof(ElfW(Nhdr)) <= end) {
      ElfW(Nhdr) note;
      std::memcpy(&note, p, sizeof note);
      const char* name = p + sizeof note;
      const char* desc = name + ((note.n_namesz + 3) & ~3u);
      p = desc + ((note.n_descsz + 3) & ~3u);
      if (p > end) break;
      if (note.n_type == NT_GNU_BUILD_ID && note.n_namesz == 4 && std::memcmp(name, "GNU", 4) == 0) {
        static constexpr char hex[] = "0123456789abcdef";
        for (unsigned k = 0; k < note.n_descsz; ++k) {
          const auto b = static_cast<unsigned char>(desc[k]);
          out += hex[b >> 4];
          out += hex[b & 0xF];
        }
        return 1;
      }
    }
  }
  return 1;  // only the first object: the program itself
}

std::string number(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

}  // namespace

std::string program_build_id() {
  std::string id;
  dl_iterate_phdr(find_build_id, &id);
  return id;
}

std::string findings_decided_by(const ScanOptions& o, const std::vector<DictionarySource>& site,
                                const std::string& key_check, const std::string& ocr_engine) {
  // A text of lines, one per thing that decides, hashed. Adding a line changes every fingerprint once.
  std::string t = "datavagt 0.1.0 " + program_build_id() + "\n";
  std::vector<std::string> kinds = o.kinds;
  std::sort(kinds.begin(), kinds.end());
  t += "kinds";
  for (const auto& k : kinds) t += " " + k;
  t += "\nbuiltin-terms " + std::to_string(o.builtin_terms) + "\n";
  for (const auto& d : site) {
    t += "terms " + std::to_string(d.origin.size()) + " " + d.origin + " " + std::to_string(d.text.size()) + "\n";
    t += d.text;
    t += "\n";
  }
  t += "min-confidence " + number(o.detect.min_confidence) + "\nmin-score " + number(o.detect.min_score) + "\n";
  t += "key " + key_check + "\n";
  const Limits& l = o.limits;
  t += "limits " + std::to_string(l.max_text_bytes) + " " + std::to_string(l.max_findings_per_item) + " " +
       std::to_string(l.max_depth) + " " + std::to_string(l.max_buffered_member_bytes) + " " +
       std::to_string(l.max_members) + " " + std::to_string(l.max_unpacked_bytes) + " " +
       std::to_string(l.max_file_unpacked_bytes) + " " + std::to_string(l.max_compression_ratio) + " " +
       std::to_string(l.ratio_guard_bytes) + " " + number(l.max_seconds_per_file) + " " +
       std::to_string(l.dedup_member_bytes) + " " + std::to_string(l.max_spooled_member_bytes) + "\n";
  // What OCR reads: a rescan with other OCR settings, another Tesseract or other language data reads the
  // pictures again. With OCR off no picture is read, whatever the engine.
  t += "ocr " + std::to_string(static_cast<int>(l.ocr)) + " " + std::to_string(l.ocr_min_pixels) + " " +
       std::to_string(l.ocr_min_side) + " " + std::to_string(l.ocr_max_image_pixels) + " " +
       std::to_string(l.ocr_max_pages_per_file) + " " + std::to_string(l.ocr_max_pixels_per_file) + " " +
       number(l.ocr_max_seconds_per_file) + " " + std::to_string(l.ocr_pdf_dpi) + "\n";
  if (l.ocr != OcrMode::Off) t += "ocr-engine " + std::to_string(ocr_engine.size()) + "\n" + ocr_engine + "\n";
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(t.data()), t.size(), digest);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 16; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 0xF];
  }
  return out;
}

}  // namespace datavagt
