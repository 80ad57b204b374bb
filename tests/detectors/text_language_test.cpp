// The language guess that lowers the sensitive categories' weight outside Danish text.
#include <gtest/gtest.h>

#include "detectors/text_language.h"

namespace datavagt {
namespace {

TEST(TextLanguage, DanishProseAndTablesAreDanish) {
  EXPECT_EQ(guess_language("Borgeren har henvendt sig om sin ansøgning, og hun får svar i næste uge."),
            TextLanguage::Danish);
  EXPECT_EQ(guess_language("BORGEREN HAR ANGST OG ER SYGEMELDT PÅ GRUND AF DET."), TextLanguage::Danish);
  EXPECT_EQ(guess_language("Navn;Diagnose;Afdeling\nJens;Skizofreni;Psykiatri\nMette;Diabetes;Medicinsk\n"),
            TextLanguage::Danish);
  EXPECT_EQ(guess_language(""), TextLanguage::Danish);
  // A Danish note quoting an English title stays Danish.
  EXPECT_EQ(guess_language("Vi har modtaget rapporten \"The state of the art in care\" og den er sendt til "
                           "sagsbehandleren, som vil se på det."),
            TextLanguage::Danish);
}

TEST(TextLanguage, EnglishAndLatinAreForeign) {
  EXPECT_EQ(guess_language("The Finding Aids of the archive are listed below, and each of them describes the "
                           "collection that was transferred to the library."),
            TextLanguage::Foreign);
  EXPECT_EQ(guess_language("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor "
                           "incididunt ut labore et dolore magna aliqua. Nulla gravida."),
            TextLanguage::Foreign);
}

TEST(TextLanguage, ProgramStringsAreStrings) {
  std::string strings;
  for (int i = 0; i < 10; ++i)
    strings += "GLIBC_2.2.5 __cxa_finalize _ITM_registerTMCloneTable __libc_start_main _abort malloc free "
               "getValue x86_64 .text .rodata\n";
  EXPECT_EQ(guess_language(strings), TextLanguage::Strings);
}

TEST(TextLanguage, SampleKeepsTheStart) {
  LanguageSample s;
  s.add(std::string(LanguageSample::kSampleBytes - 10, ' '));
  EXPECT_FALSE(s.full());
  s.add("the and of to is that for with on are this be by");  // cut after 10 bytes
  EXPECT_TRUE(s.full());
  EXPECT_EQ(s.guess(), TextLanguage::Danish);  // "the and of" alone is too little to call it English
  s.clear();
  EXPECT_FALSE(s.full());
}

}  // namespace
}  // namespace datavagt
