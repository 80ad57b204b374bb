#include "detectors/fingerprint.h"

#include <gtest/gtest.h>

namespace datavagt {
namespace {

TEST(Fingerprint, IsHmacSha256) {
  // RFC 4231 test case 2.
  EXPECT_EQ(Fingerprinter("Jefe").of("what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Fingerprint, KeyBytesAreUsedExactly) {
  EXPECT_NE(Fingerprinter("key").of("0101901234"), Fingerprinter("key\n").of("0101901234"));
  EXPECT_NE(Fingerprinter("key").of("0101901234"), Fingerprinter("key").of("0101901235"));
}

}  // namespace
}  // namespace datavagt
