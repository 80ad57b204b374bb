// How a CPR-shaped number stands among its neighbours: alone, glued into an identifier, or after a glued
// CPR label.
#include <gtest/gtest.h>

#include "detectors/number_token.h"

namespace datavagt {
namespace {

NumberToken around(std::string_view before, std::string_view after) { return classify_number_token(before, after); }

TEST(NumberToken, OrdinaryNumbersStandAlone) {
  EXPECT_EQ(around("Borgeren, ", ", bor i Vesterby"), NumberToken::Alone);
  EXPECT_EQ(around("CPR: ", ""), NumberToken::Alone);
  EXPECT_EQ(around("", ""), NumberToken::Alone);
  EXPECT_EQ(around("\\\\srv\\Borgere\\", " Jens Hansen\\ansøgning.pdf"), NumberToken::Alone);  // a folder name
  EXPECT_EQ(around("scan_", ".pdf"), NumberToken::Alone);
  EXPECT_EQ(around("(", ")"), NumberToken::Alone);
  EXPECT_EQ(around("Søren Ærø ", "\n"), NumberToken::Alone);
}

TEST(NumberToken, GluedLettersMakeAnIdentifier) {
  EXPECT_EQ(around("id abc", " x"), NumberToken::Identifier);
  EXPECT_EQ(around("{3F2504E0-4F89-11D3-9A0C-", "FF}"), NumberToken::Identifier);  // GUID
  EXPECT_EQ(around("sha1 9f3ab", "c0de77"), NumberToken::Identifier);             // a hex run
  EXPECT_EQ(around("0x", ""), NumberToken::Identifier);
  EXPECT_EQ(around("Jensø", " "), NumberToken::Identifier);  // a Danish letter glued
  EXPECT_EQ(around("nr ", "æ"), NumberToken::Identifier);
  // A label before does not free the letters glued after it.
  EXPECT_EQ(around("cpr:", "abc"), NumberToken::Identifier);
}

TEST(NumberToken, UrlsMailAddressesAndMessageIdsAreIdentifiers) {
  EXPECT_EQ(around("<", ".5F3A.JavaMail.root@mail.example.com>"), NumberToken::Identifier);
  EXPECT_EQ(around("Message-ID: <CAF+", "@mail.gmail.com>"), NumberToken::Identifier);
  EXPECT_EQ(around("https://example.com/view?doc=", "&lang=da"), NumberToken::Identifier);
  EXPECT_EQ(around("se www.example.com/", " for mere"), NumberToken::Identifier);
  EXPECT_EQ(around("skriv til ", "@example.dk i dag"), NumberToken::Identifier);
  EXPECT_EQ(around("<a1b2@", ">"), NumberToken::Identifier);
  // An @ elsewhere in the sentence is not the number's token.
  EXPECT_EQ(around("mail@example.dk ", " "), NumberToken::Alone);
}

TEST(NumberToken, GluedCprLabelsAreNotIdentifiers) {
  EXPECT_EQ(around("", ""), NumberToken::Alone);
  EXPECT_EQ(around("Sag: CPR", " "), NumberToken::CprLabelled);
  EXPECT_EQ(around("cprnr", ""), NumberToken::CprLabelled);
  EXPECT_EQ(around("CPR-nr", "\n"), NumberToken::CprLabelled);
  EXPECT_EQ(around("personnr", "."), NumberToken::CprLabelled);
  EXPECT_EQ(around("Personnummer", ""), NumberToken::CprLabelled);
  EXPECT_EQ(around("kundenr", ""), NumberToken::Identifier);
  // A cut UTF-8 character at the far end of a side is harmless.
  EXPECT_EQ(around(std::string_view("\xA6 abc", 5), std::string_view("x\xC3", 2)), NumberToken::Identifier);
}

}  // namespace
}  // namespace datavagt
