// Damaged OLE2 files never crash the extractors and never give invalid UTF-8 (RecordingSink checks it): the
// streams of each fixture changed at random (bytes overwritten, streams cut), rebuilt as a compound file, and
// the whole file with bytes overwritten. A fixed seed: the same cases every run. OLE2_MUTATIONS=N for more.
#include <gtest/gtest.h>

#include <cstdlib>
#include <random>
#include <string>

#include "tests/extractors/office/compound_file.h"
#include "tests/extractors/office/ole2_util.h"

namespace datavagt {
namespace {

TEST(Ole2Mutation, DamagedStreamsNeverCrash) {
  std::mt19937 rng(42);
  const char* files[] = {"tests/extractors/fixtures/ole2/brev.doc", "tests/extractors/fixtures/ole2/regnskab.xls",
                         "tests/extractors/fixtures/ole2/moede.ppt", "tests/fixtures/mail/testMSG_att_msg.msg",
                         "tests/fixtures/mail/testMSG_att_doc.msg"};
  const int rounds = std::getenv("OLE2_MUTATIONS") ? std::atoi(std::getenv("OLE2_MUTATIONS")) : 40;
  Limits limits;
  limits.max_buffered_member_bytes = 1 << 20;
  for (const char* f : files) {
    const std::string whole = testing::read_file(std::string(DATAVAGT_SOURCE_DIR) + "/" + f);
    const auto tree = testing::compound_tree(whole);
    ASSERT_FALSE(tree.empty()) << f;
    for (int i = 0; i < rounds; ++i) {
      auto t = tree;
      for (auto& [name, bytes] : t) {
        if (bytes.empty() || rng() % 3 != 0) continue;
        const int changes = 1 + static_cast<int>(rng() % 8);
        for (int j = 0; j < changes && !bytes.empty(); ++j) {
          const std::size_t at = rng() % bytes.size();
          switch (rng() % 3) {
            case 0: bytes[at] = static_cast<char>(rng()); break;
            case 1: bytes[at] = static_cast<char>(0xFF); break;
            default: bytes.resize(at); break;
          }
        }
      }
      const auto r = testing::record(FormatId::Ole2, testing::compound_file(t), "m", limits);
      for (const auto& m : r.members) (void)testing::record(FormatId::Ole2, m.bytes, "n", limits);
      std::string w = whole;
      for (int j = 0; j < 4; ++j) w[rng() % w.size()] = static_cast<char>(rng());
      (void)testing::record(FormatId::Ole2, w, "w", limits);
    }
  }
}

}  // namespace
}  // namespace datavagt
