#include "detectors/fingerprint.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace datavagt {
namespace {

TEST(Fingerprint, IsHmacSha256) {
  // RFC 4231 test case 2.
  EXPECT_EQ(Fingerprinter("Jefe").of("what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Fingerprint, KeyLongerThanABlockIsHashedFirst) {
  // RFC 4231 test case 6: a 131-byte key.
  EXPECT_EQ(Fingerprinter(std::string(131, '\xaa')).of("Test Using Larger Than Block-Size Key - Hash Key First"),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  // Exactly one block is used as it is; one byte more is hashed (values from Python's hmac module).
  EXPECT_EQ(Fingerprinter(std::string(64, 'k')).of("x"),
            "f91c4c403625fb06910ef93999265bbd2d62baeaec6ff36455498cc124fe3e66");
  EXPECT_EQ(Fingerprinter(std::string(65, 'k')).of("x"),
            "75092ca3ee2b307470c227697b42b3e65376aa3bae98fb5a1f7b7536daa9588a");
}

// The key's identity a store keeps instead of the key (value from Python's hmac module).
TEST(Fingerprint, KeyCheckValueIsTheStartOfAnHmacOfAFixedText) {
  EXPECT_EQ(Fingerprinter("Jefe").key_check_value(), "02ea8731e1c8f3d0");
  EXPECT_EQ(Fingerprinter(std::string(32, 'k')).key_check_value(), "20a1fc012c6b614b");
  EXPECT_NE(Fingerprinter("Jefe").key_check_value(), Fingerprinter("Jeff").key_check_value());
}

TEST(Fingerprint, SameAnswerFromManyThreads) {
  const Fingerprinter f("Jefe");
  std::vector<std::thread> threads;
  std::vector<std::string> got(4);
  for (std::size_t t = 0; t < got.size(); ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) got[t] = f.of("what do ya want for nothing?");
    });
  for (auto& t : threads) t.join();
  for (const auto& g : got) EXPECT_EQ(g, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Fingerprint, KeyBytesAreUsedExactly) {
  EXPECT_NE(Fingerprinter("key").of("0101901234"), Fingerprinter("key\n").of("0101901234"));
  EXPECT_NE(Fingerprinter("key").of("0101901234"), Fingerprinter("key").of("0101901235"));
}

}  // namespace
}  // namespace datavagt
