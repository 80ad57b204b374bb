#pragma once
// Running the OLE2 extractor over fixtures in tests/extractors/fixtures/ole2, from memory and from disk.
#include <array>
#include <string>

#include "scanner/file_source.h"
#include "tests/extractors/extract_util.h"
#include "tests/support/temp_dir.h"

namespace datavagt::testing {

inline std::string ole2_fixture_path(const std::string& name) {
  return std::string(DATAVAGT_SOURCE_DIR) + "/tests/extractors/fixtures/ole2/" + name;
}

inline std::string ole2_fixture(const std::string& name) { return read_file(ole2_fixture_path(name)); }

// From memory, as a member of an archive or mail is read. The sniffer must call it OLE2.
inline Recorded ole2(std::string_view bytes, const std::string& name = "sag.doc", Limits limits = {}) {
  EXPECT_EQ(sniff_format(bytes.substr(0, 8192), bytes.size()), FormatId::Ole2);
  return record(FormatId::Ole2, bytes, name, limits);
}

// From disk, as the scanner reads an on-disk file (the sniffed head, then the rest).
inline Recorded ole2_file(const std::string& path, Limits limits = {}) {
  auto file = FileSource::open(path);
  EXPECT_TRUE(file);
  if (!file) return {};
  std::array<char, 8192> head;
  auto got = read_fully(**file, head);
  EXPECT_TRUE(got);
  PrefixedSource src(std::string_view(head.data(), *got), **file);
  return record(FormatId::Ole2, src, path, static_cast<std::uint64_t>((*file)->stat().st_size), limits);
}

}  // namespace datavagt::testing
