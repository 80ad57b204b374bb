#pragma once
// Formats recognised from content (magic bytes and the first few KB), never from the file name.
#include <cstddef>
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
  Mail,        // one RFC 822 / MIME message (.eml): a block of known header lines at the very start
  Mbox,        // messages one after another, each after a "From " line
  Zip,         // a zip archive (a JAR too): its members are items of their own
  Ooxml,       // Office Open XML (DOCX, XLSX, PPTX): a zip whose first member is an OOXML part
  Odf,         // OpenDocument (ODT, ODS, ODP): a zip whose first member is `mimetype` or an ODF part
  Epub,        // EPUB e-book: a zip whose `mimetype` member says application/epub+zip
  Ole2,        // compound file: .doc/.xls/.ppt/.msg, encrypted OOXML
  Pst,         // Outlook personal folders / offline store (.pst, .ost)
  Tnef,        // Outlook's winmail.dat (application/ms-tnef): a message's attachments and rich body
  PstMessage,  // one message of a PST as the PST extractor hands it on (mail/pst_message.h): a format of our own
  Gzip,
  Bzip2,
  Xz,
  Zstd,
  SevenZip,
  Rar,
  Tar,         // ustar / pax / gnu ("ustar" at 257)
  Cpio,        // odc / newc / crc (ASCII magics)
  Iso9660,     // "CD001" at 32769: seen only with the long head (kLongSniffBytes)
  Image,       // no text layer
  Media,       // audio/video: no text layer
  Executable,  // no text layer
  Binary,      // unknown binary: scanned as raw bytes
};

std::string_view format_name(FormatId f);

// How much of an item's start the sniffer wants: kSniffBytes always; an ISO 9660 image is only recognised
// at byte 32769, so when the first kSniffBytes say Binary, callers read up to kLongSniffBytes and ask again.
inline constexpr std::size_t kSniffBytes = 8192;
inline constexpr std::size_t kLongSniffBytes = 32769 + 5;

// Sniffs the format from the first bytes (`head`, kSniffBytes or up to kLongSniffBytes) of an item of
// `size` bytes. A zip is told apart by its first member, from its local header in the head (sniff.cpp).
FormatId sniff_format(std::string_view head, std::uint64_t size);

// An item's format as a scan decides it, from `head`: the item's first kSniffBytes (all of a smaller item), or up
// to kLongSniffBytes once the first kSniffBytes said Binary (then an ISO 9660 image is told apart). `size`: the
// item's size as known (0: unknown).
FormatId sniff_item_head(std::string_view head, std::uint64_t size);

}  // namespace datavagt
