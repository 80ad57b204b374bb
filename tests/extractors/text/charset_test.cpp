#include "extractors/text/charset.h"

#include <gtest/gtest.h>

#include "tests/extractors/extract_util.h"

namespace datavagt {
namespace {

std::string utf16(std::u16string_view s, bool le, bool bom) {
  std::string out;
  if (bom) out += le ? "\xFF\xFE" : "\xFE\xFF";
  for (char16_t c : s) {
    const char lo = static_cast<char>(c & 0xFF), hi = static_cast<char>(c >> 8);
    out += le ? lo : hi;
    out += le ? hi : lo;
  }
  return out;
}

TEST(Charset, Guess) {
  EXPECT_EQ(guess_charset("hello søren", true).charset, Charset::Utf8);
  EXPECT_EQ(guess_charset("\xEF\xBB\xBFhello", true).bom_bytes, 3u);
  EXPECT_EQ(guess_charset("S\xF8ren \xE6\xF8\xE5", true).charset, Charset::Windows1252);
  EXPECT_EQ(guess_charset(utf16(u"Søren Ærø", true, true), true).charset, Charset::Utf16LE);
  EXPECT_EQ(guess_charset(utf16(u"Søren Ærø", false, true), true).charset, Charset::Utf16BE);
  EXPECT_EQ(guess_charset(utf16(u"Borgeren Søren bor her", true, false), true).charset, Charset::Utf16LE);
  EXPECT_EQ(guess_charset(utf16(u"Borgeren Søren bor her", false, false), true).charset, Charset::Utf16BE);
  EXPECT_TRUE(guess_charset(std::string("\x01\x02\x00\x00\x05\xFF\x00\x10\x20\x00\x00\x00\x11\x00\x00\x00\x00\x01", 18), true).binary);
  // A head cut in the middle of a character is still UTF-8.
  EXPECT_EQ(guess_charset("abc \xC3", false).charset, Charset::Utf8);
}

TEST(Charset, Utf8PassesThroughWithoutCopy) {
  TextDecoder d(Charset::Utf8);
  const std::string in = "Søren bor i Århus";
  std::string_view out;
  EXPECT_EQ(d.decode(in, true, out), in.size());
  EXPECT_EQ(out, in);
  EXPECT_EQ(out.data(), in.data());
}

TEST(Charset, Utf8SplitAcrossPieces) {
  TextDecoder d(Charset::Utf8);
  const std::string in = "abø";  // ø is two bytes
  std::string_view out;
  const std::size_t used = d.decode(std::string_view(in).substr(0, 3), false, out);
  EXPECT_EQ(used, 2u);
  EXPECT_EQ(out, "ab");
}

TEST(Charset, StrayBytesInUtf8AreWindows1252) {
  TextDecoder d(Charset::Utf8);
  std::string_view out;
  d.decode("Søren og S\xF8ren \x80", true, out);
  EXPECT_EQ(out, "Søren og Søren €");
}

// The guess checks the head once and says how much of it is valid; the decoder then checks only the rest, with
// the same result as checking everything.
TEST(Charset, GuessedValidHeadIsNotCheckedAgain) {
  const std::string head = "Søren bor i Århus \xC3";  // cut inside a character
  const CharsetGuess g = guess_charset(head, false);
  EXPECT_EQ(g.charset, Charset::Utf8);
  EXPECT_EQ(g.valid_utf8, head.size() - 1);
  EXPECT_EQ(guess_charset("S\xF8ren", true).valid_utf8, 0u);         // not UTF-8: nothing to trust
  EXPECT_EQ(guess_charset("\xEF\xBB\xBFhej", true).valid_utf8, 0u);  // a BOM: the guess checked nothing
  const std::string in = head + "\xB8 og S\xF8ren";  // the cut ø completed, then a stray windows-1252 byte
  TextDecoder known(Charset::Utf8), checked(Charset::Utf8);
  std::string_view a, b;
  EXPECT_EQ(known.decode(in, true, a, g.valid_utf8), in.size());
  const std::string with_known(a);
  EXPECT_EQ(checked.decode(in, true, b), in.size());
  EXPECT_EQ(with_known, std::string(b));
  EXPECT_EQ(with_known, "Søren bor i Århus ø og Søren");
  std::string_view c;
  TextDecoder longer(Charset::Utf8);  // a known prefix longer than the input is clamped
  EXPECT_EQ(longer.decode("abc", true, c, 10), 3u);
  EXPECT_EQ(c, "abc");
}

TEST(Charset, Windows1252) {
  TextDecoder d(Charset::Windows1252);
  std::string_view out;
  d.decode("\xC6\xD8\xC5 \xE6\xF8\xE5 \x80 \x96", true, out);
  EXPECT_EQ(out, "ÆØÅ æøå € –");
}

TEST(Charset, Windows1250) {
  EXPECT_EQ(windows1250_to_unicode('a'), U'a');
  EXPECT_EQ(windows1250_to_unicode(0xA3), U'Ł');
  EXPECT_EQ(windows1250_to_unicode(0xB3), U'ł');
  EXPECT_EQ(windows1250_to_unicode(0x8A), U'Š');
  EXPECT_EQ(windows1250_to_unicode(0xF8), U'ř');
  EXPECT_EQ(windows1250_to_unicode(0x80), U'€');
  EXPECT_EQ(windows1250_to_unicode(0x81), char32_t{0x81});  // undefined: the C1 control
}

TEST(Charset, Utf16WithSurrogatesAndSplits) {
  const std::string le = utf16(u"Ærø 😀", true, false);
  TextDecoder d(Charset::Utf16LE);
  std::string_view out;
  // Cut in the middle of the surrogate pair: the decoder waits for the rest.
  const std::size_t cut = le.size() - 3;
  const std::size_t used = d.decode(std::string_view(le).substr(0, cut), false, out);
  EXPECT_EQ(std::string(out), "Ærø ");
  d.decode(std::string_view(le).substr(used), true, out);
  EXPECT_EQ(std::string(out), "😀");
  TextDecoder be(Charset::Utf16BE);
  be.decode(utf16(u"Søren", false, false), true, out);
  EXPECT_EQ(out, "Søren");
}

TEST(Charset, TextExtractorDecodesEveryEncoding) {
  const std::string expected = "Søren Ærø CPR 010190-1234";
  EXPECT_EQ(testing::extract(expected).text, expected);
  EXPECT_EQ(testing::extract("\xEF\xBB\xBF" + expected).text, expected);
  EXPECT_EQ(testing::extract(utf16(u"Søren Ærø CPR 010190-1234", true, true)).text, expected);
  EXPECT_EQ(testing::extract(utf16(u"Søren Ærø CPR 010190-1234", false, true)).text, expected);
  EXPECT_EQ(testing::extract("S\xF8ren \xC6r\xF8 CPR 010190-1234").text, expected);
}

TEST(Charset, TextExtractorAcrossReadChunks) {
  // Small read chunks split multi-byte characters and UTF-16 units between reads.
  std::string text;
  for (int i = 0; i < 300; ++i) text += "Søren Ærø æøå ";
  Limits small;
  small.read_chunk_bytes = 4096;
  EXPECT_EQ(testing::extract(text, small).text, text);
  std::u16string wide;
  for (int i = 0; i < 300; ++i) wide += u"Søren Ærø æøå ";
  EXPECT_EQ(testing::extract(utf16(wide, true, true), small).text, text);
}

}  // namespace
}  // namespace datavagt
