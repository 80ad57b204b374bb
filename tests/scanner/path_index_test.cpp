#include "scanner/path_index.h"

#include <gtest/gtest.h>

#include <vector>

namespace datavagt {
namespace {

store::PathKey key(std::uint32_t n, std::uint8_t salt = 0) {
  store::PathKey k{};
  // The first 8 bytes choose the slot: give many keys the same start so probing is exercised.
  k[0] = static_cast<unsigned char>(n % 3);
  k[8] = static_cast<unsigned char>(n & 0xff);
  k[9] = static_cast<unsigned char>((n >> 8) & 0xff);
  k[10] = static_cast<unsigned char>((n >> 16) & 0xff);
  k[15] = salt;
  return k;
}

TEST(PathIndex, FindsEveryKeyAtItsPositionAndNothingElse) {
  std::vector<store::PathKey> keys;
  for (std::uint32_t i = 0; i < 5000; ++i) keys.push_back(key(i));
  const auto at = [&keys](std::size_t i) -> const store::PathKey& { return keys[i]; };
  const PathIndex index(keys.size(), at);
  for (std::size_t i = 0; i < keys.size(); ++i) {
    auto found = index.find(keys[i], at);
    ASSERT_TRUE(found) << i;
    EXPECT_EQ(*found, i);
  }
  EXPECT_FALSE(index.find(key(7, 1), at)) << "same slot, another key";
  EXPECT_FALSE(index.find(key(99999), at));
}

TEST(PathIndex, EmptyAndDuplicateKeys) {
  std::vector<store::PathKey> none;
  const auto at_none = [&none](std::size_t i) -> const store::PathKey& { return none[i]; };
  EXPECT_FALSE(PathIndex(0, at_none).find(key(1), at_none));

  std::vector<store::PathKey> twice{key(1), key(2), key(1)};
  const auto at = [&twice](std::size_t i) -> const store::PathKey& { return twice[i]; };
  const PathIndex index(twice.size(), at);
  EXPECT_EQ(index.find(key(1), at), std::optional<std::size_t>(0)) << "the first position wins";
  EXPECT_EQ(index.find(key(2), at), std::optional<std::size_t>(1));
}

}  // namespace
}  // namespace datavagt
