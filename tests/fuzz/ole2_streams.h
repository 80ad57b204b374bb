#pragma once
// The fuzz input of doc_fuzz, xls_fuzz, ppt_fuzz and msg_fuzz: the streams of a compound file, framed as
// text so that mutations change a stream's bytes (or its name) and leave the file around it whole:
//   "\n@@stream:" path "\n" bytes ... (a path like "ObjectPool/_1/\1Ole10Native"; bytes before the first
//   frame are ignored).
// The target builds the compound file with libgsf's writer (tests/extractors/office/compound_file.h) and runs
// one format's stream parser on it (extractors/office/ole2_formats.h) with the checks of checking_sink.h.
// Seeds are made from real files: `<target> --seed-from FILE.doc > seed` writes FILE's streams framed (what
// ./run does with the fixtures) and exits before libFuzzer starts.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

#include "extractors/office/ole2_file.h"
#include "extractors/office/ole2_formats.h"
#include "extractors/text_emitter.h"
#include "tests/extractors/office/compound_file.h"
#include "tests/fuzz/checking_sink.h"

namespace datavagt::fuzzing {

inline constexpr std::string_view kStreamFrame = "\n@@stream:";

inline testing::CompoundTree unframe_streams(std::string_view bytes) {
  testing::CompoundTree tree;
  for (auto at = bytes.find(kStreamFrame); at != std::string_view::npos;) {
    const auto name_at = at + kStreamFrame.size();
    const auto eol = bytes.find('\n', name_at);
    if (eol == std::string_view::npos) break;
    const auto next = bytes.find(kStreamFrame, eol + 1);
    const std::string path(bytes.substr(name_at, eol - name_at));
    // libgsf's writer wants names it can store: 1..31 UTF-16 units, no empty path segment.
    const bool storable = !path.empty() && path.size() <= 128 && path.front() != '/' && path.back() != '/' &&
                          path.find("//") == std::string::npos;
    if (storable) tree[path] = std::string(bytes.substr(eol + 1, next == std::string_view::npos ? next : next - eol - 1));
    at = next;
  }
  return tree;
}

inline std::string frame_streams(const testing::CompoundTree& tree) {
  std::string out;
  for (const auto& [path, bytes] : tree) out.append(kStreamFrame).append(path).append("\n").append(bytes);
  return out;
}

// Handles `--seed-from FILE` (see above); call from LLVMFuzzerInitialize.
inline void maybe_write_seed(int argc, char** argv) {
  if (argc != 3 || std::string_view(argv[1]) != "--seed-from") return;
  std::ifstream in(argv[2], std::ios::binary);
  const std::string file{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  const auto tree = testing::compound_tree(file);
  if (tree.empty()) {
    std::fprintf(stderr, "%s: not a compound file\n", argv[2]);
    std::exit(2);
  }
  const std::string framed = frame_streams(tree);
  std::fwrite(framed.data(), 1, framed.size(), stdout);
  std::exit(0);
}

using StreamParser = void (*)(const Ole2Storage&, const ItemInfo&, ExtractSink&, TextEmitter&, const Limits&);

// Builds the compound file of the framed streams in `bytes` and runs `parse` on it, as ole2.cpp would.
inline void parse_streams(std::string_view bytes, StreamParser parse, std::string_view name) {
  static const Limits limits = fuzz_limits();
  const auto tree = unframe_streams(bytes);
  if (tree.empty()) return;
  const std::string file = testing::compound_file(tree);
  ItemInfo info;
  info.location.path = std::string(name);
  info.size = file.size();
  MemorySource src(file);
  auto root = open_ole2(src, info, limits, "fuzz");
  if (!root) return;
  CheckingSink sink(info, limits);
  TextEmitter emitter(sink, limits);
  parse(*root, info, sink, emitter, limits);
}

}  // namespace datavagt::fuzzing
