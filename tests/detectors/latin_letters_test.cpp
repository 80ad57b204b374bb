#include "detectors/latin_letters.h"

#include <gtest/gtest.h>

#include "detectors/word_boundary.h"

namespace datavagt {
namespace {

TEST(LatinLetters, DecomposesAndComposesDanishLetters) {
  EXPECT_EQ(to_nfd_latin("p\xC3\xA5 \xC3\x85rhus caf\xC3\xA9 \xC3\xA6\xC3\xB8"),
            "pa\xCC\x8A A\xCC\x8Arhus cafe\xCC\x81 \xC3\xA6\xC3\xB8");  // æ, ø have no decomposition
  EXPECT_EQ(to_nfc_latin("pa\xCC\x8A A\xCC\x8Arhus cafe\xCC\x81 \xC3\xA6\xC3\xB8"),
            "p\xC3\xA5 \xC3\x85rhus caf\xC3\xA9 \xC3\xA6\xC3\xB8");
  EXPECT_EQ(to_nfc_latin("x\xCC\x8A"), "x\xCC\x8A");  // no precomposed letter: unchanged
  EXPECT_EQ(to_nfd_latin("plain ascii"), "plain ascii");
  EXPECT_EQ(to_nfd_latin("\xFF"), "\xFF");  // invalid bytes pass through
}

TEST(LatinLetters, FoldsCase) {
  EXPECT_EQ(fold_case_latin("BORGEREN P\xC3\x85R\xC3\x98RENDE \xC3\x86 \xC3\x89 \xC3\x97"),
            "borgeren p\xC3\xA5r\xC3\xB8rende \xC3\xA6 \xC3\xA9 \xC3\x97");  // × stays
}

TEST(WordBoundary, DanishLettersAndMarksContinueWords) {
  for (char32_t cp : {U'a', U'Z', U'7', U'æ', U'Ø', U'å', U'é', U'ü', char32_t{0x30A}, U'ж'}) EXPECT_TRUE(is_word_code_point(cp));
  for (char32_t cp : {U' ', U'-', U'.', char32_t{0xA0}, U'×', char32_t{0x2013}, char32_t{0x201D}, char32_t{0xFFFD}})
    EXPECT_FALSE(is_word_code_point(cp));
}

TEST(WordBoundary, NeighboursInStreamText) {
  const std::string tail = "f\xC3\xB8";  // "fø"
  const std::string chunk = "dom x";
  const StreamText text(tail, chunk, 10);  // tail covers 7..9
  EXPECT_EQ(neighbour_before(text, 10), Neighbour::Word);      // ø before "dom"
  EXPECT_EQ(neighbour_after(text, 13, false), Neighbour::Boundary);
  EXPECT_EQ(neighbour_after(text, 15, false), Neighbour::Unknown);  // not seen yet
  EXPECT_EQ(neighbour_after(text, 15, true), Neighbour::Boundary);
  EXPECT_EQ(neighbour_before(text, 7), Neighbour::Unknown);
  const StreamText start({}, "dom", 0);
  EXPECT_EQ(neighbour_before(start, 0), Neighbour::Boundary);
}

TEST(LatinLetters, UpperCase) {
  EXPECT_EQ(upper_case_latin("kræft og øre å é ü"), "KRÆFT OG ØRE Å É Ü");
  EXPECT_EQ(upper_case_latin("÷ ÿ ß 1-2"), "÷ ÿ ß 1-2");  // no capital in Latin-1, lengths kept
  EXPECT_EQ(fold_case_latin(upper_case_latin("Ærø")), "ærø");
}

}  // namespace
}  // namespace datavagt
