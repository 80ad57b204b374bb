#pragma once
// Formats recognised from content (magic bytes and the first few KB), never from the file name.
#include <cstdint>
#include <string_view>

namespace datavagt {

enum class FormatId {
  Empty,
  Text,        // plain text, CSV, logs, source code (any supported charset)
  Html,
  Xml,
  Rtf,
  Pdf,
  Zip,         // zip and everything zip-based (OOXML, ODF) until a container extractor looks inside
  Ole2,        // compound file: .doc/.xls/.ppt/.msg, encrypted OOXML
  Pst,         // Outlook personal folders / offline store (.pst, .ost)
  Gzip,
  Bzip2,
  Xz,
  Zstd,
  SevenZip,
  Rar,
  Image,       // no text layer
  Media,       // audio/video: no text layer
  Executable,  // no text layer
  Binary,      // unknown binary: scanned as raw bytes
};

std::string_view format_name(FormatId f);

// Sniffs the format from the first bytes (`head`, a few KB) of an item of `size` bytes.
FormatId sniff_format(std::string_view head, std::uint64_t size);

}  // namespace datavagt
