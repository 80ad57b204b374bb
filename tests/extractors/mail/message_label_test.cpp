#include "extractors/mail/message_label.h"

#include <gtest/gtest.h>

namespace datavagt {
namespace {

TEST(MessageLabel, IndexSubjectAndDate) {
  EXPECT_EQ(message_label(12, "Ansøgning om boligstøtte", 1551398400), "12 Ansøgning om boligstøtte (2019-03-01)");
  EXPECT_EQ(message_label(3, "", std::nullopt), "3");
  EXPECT_EQ(message_label(3, "Møde", std::nullopt), "3 Møde");
}

TEST(MessageLabel, CprShapesInTheSubjectAreMaskedAlsoAtItsEdges) {
  const std::string a = message_label(1, "Vedr. 010190-1234 og 0101901234", std::nullopt);
  EXPECT_EQ(a.find("1234"), std::string::npos) << a;
  EXPECT_NE(a.find("010190-XXXX"), std::string::npos) << a;
  const std::string b = message_label(1, "0101901234", std::nullopt);
  EXPECT_EQ(b.find("1234"), std::string::npos) << b;
  EXPECT_EQ(message_label(1, "Budget 2019", std::nullopt), "1 Budget 2019");  // a year is not a CPR
}

TEST(MessageLabel, SlashesNeverReadAsFoldersAndLongSubjectsAreCut) {
  EXPECT_EQ(message_label(2, "Re: 1/2 sag", std::nullopt), "2 Re: 1\u22152 sag");
  const std::string longer(200, 'a');
  const std::string l = message_label(1, longer + "æ", std::nullopt);
  EXPECT_LT(l.size(), 100u);
  EXPECT_EQ(l.substr(l.size() - 3), "…");
}

TEST(MessageLabel, InvalidUtf8AndControlCharactersAreCleaned) {
  const std::string l = message_label(1, std::string("a\xff\tb\nc"), std::nullopt);
  EXPECT_EQ(l, "1 a\uFFFD b c");
}

}  // namespace
}  // namespace datavagt
