// The .po parser and the lookup: contexts, plurals, continuation lines, escapes, fuzzy entries left out, and
// syntax errors named by line; the shipped Danish catalogue parses and translates.
#include "reports/i18n/po_catalog.h"

#include <gtest/gtest.h>

#include "reports/i18n/embedded_catalogues.h"
#include "reports/i18n/local_format.h"
#include "reports/i18n/messages.h"

namespace datavagt::i18n {
namespace {

constexpr const char* kPo = R"po(# a comment
msgid ""
msgstr ""
"Language: da\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"

msgid "Files"
msgstr "Filer"

msgctxt "review state"
msgid "Open"
msgstr "Ikke behandlet"

msgid "{n} file"
msgid_plural "{n} files"
msgstr[0] "{n} fil"
msgstr[1] "{n} filer"

msgid "Long "
"text"
msgstr "Lang "
"tekst med \"citat\"\n"

#, fuzzy
msgid "Guess"
msgstr "Gæt"

msgid "Untranslated"
msgstr ""
)po";

TEST(PoCatalog, ParsesContextsPluralsAndContinuations) {
  auto c = PoCatalog::parse(kPo, "test.po");
  ASSERT_TRUE(c) << c.problem().detail;
  ASSERT_NE(c->find("", "Files"), nullptr);
  EXPECT_EQ(*c->find("", "Files"), "Filer");
  EXPECT_EQ(c->find("", "Open"), nullptr) << "the context is part of the key";
  EXPECT_EQ(*c->find("review state", "Open"), "Ikke behandlet");
  EXPECT_EQ(*c->find_plural("", "{n} file", 1), "{n} fil");
  EXPECT_EQ(*c->find_plural("", "{n} file", 0), "{n} filer");
  EXPECT_EQ(*c->find_plural("", "{n} file", 2), "{n} filer");
  EXPECT_EQ(*c->find("", "Long text"), "Lang tekst med \"citat\"\n");
  EXPECT_EQ(c->find("", "Guess"), nullptr) << "fuzzy entries are not used (as msgfmt)";
  EXPECT_EQ(c->find("", "Untranslated"), nullptr);
}

TEST(PoCatalog, NamesTheLineOfASyntaxError) {
  for (const auto& [text, line] : std::vector<std::pair<std::string, std::string>>{
           {"msgid \"a\"\nmsgstr \"b\n", ":2:"},
           {"msgid \"a\"\nmsgid \"b\"\nmsgstr \"c\"\n", ":2:"},
           {"msgstr \"x\"\n", ":1:"},
           {"msgid \"a\"\nmsgstr \"b\"\nmsgfoo \"c\"\n", ":3:"},
           {"\"dangling\"\n", ":1:"},
           {"msgid \"a\"\nmsgid_plural \"b\"\nmsgstr \"c\"\n", ":3:"},
       }) {
    auto c = PoCatalog::parse(text, "bad.po");
    ASSERT_FALSE(c) << text;
    EXPECT_NE(c.problem().detail.find("bad.po" + line), std::string::npos) << c.problem().detail;
  }
  auto other = PoCatalog::parse("msgid \"\"\nmsgstr \"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : 1);\\n\"\n", "x.po");
  EXPECT_FALSE(other) << "only the n != 1 rule is supported";
}

TEST(Messages, DanishFromTheCatalogueEnglishFromTheCode) {
  auto shipped = PoCatalog::parse(danish_po(), "po/da.po");
  ASSERT_TRUE(shipped) << shipped.problem().detail;
  const Messages da(Lang::Da), en(Lang::En);
  EXPECT_EQ(da.trc("review state", "Handled"), "Redigeret");
  EXPECT_EQ(en.trc("review state", "Handled"), "Handled");
  EXPECT_EQ(da.tr("Files with personal data"), "Filer med personoplysninger");
  EXPECT_EQ(da.tr("a message nobody translated"), "a message nobody translated");
  EXPECT_EQ(fill(da.trn("{n} new finding", "{n} new findings", 1), {{"n", "1"}}), "1 nyt fund");
  EXPECT_EQ(fill(da.trn("{n} new finding", "{n} new findings", 3), {{"n", "3"}}), "3 nye fund");
  EXPECT_EQ(fill(en.trn("{n} new finding", "{n} new findings", 3), {{"n", "3"}}), "3 new findings");
  EXPECT_EQ(fill("{b} før {a}, {ukendt}", {{"a", "1"}, {"b", "2"}}), "2 før 1, {ukendt}");
}

TEST(Messages, LanguagesAndTheTerminalsLocale) {
  EXPECT_EQ(lang_from("da"), Lang::Da);
  EXPECT_EQ(lang_from("da_DK.UTF-8"), Lang::Da);
  EXPECT_EQ(lang_from("en"), Lang::En);
  EXPECT_EQ(lang_from("C.UTF-8"), Lang::En);
  EXPECT_FALSE(lang_from("de"));
  EXPECT_FALSE(lang_from(""));
  EXPECT_FALSE(lang_from("dansk"));
  const char* saved[3];
  const char* vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
  std::string keep[3];
  for (int i = 0; i < 3; ++i) {
    saved[i] = std::getenv(vars[i]);
    if (saved[i]) keep[i] = saved[i];
    ::unsetenv(vars[i]);
  }
  EXPECT_EQ(terminal_lang(), Lang::Da) << "Danish by default";
  ::setenv("LANG", "C.UTF-8", 1);
  EXPECT_EQ(terminal_lang(), Lang::Da) << "a server's C locale is no request for English";
  ::setenv("LANG", "en_GB.UTF-8", 1);
  EXPECT_EQ(terminal_lang(), Lang::En);
  ::setenv("LANG", "da_DK.UTF-8", 1);
  EXPECT_EQ(terminal_lang(), Lang::Da);
  ::setenv("LC_MESSAGES", "en_US.UTF-8", 1);
  EXPECT_EQ(terminal_lang(), Lang::En) << "LC_MESSAGES before LANG";
  ::setenv("LC_ALL", "da_DK", 1);
  EXPECT_EQ(terminal_lang(), Lang::Da) << "LC_ALL first";
  ::setenv("LC_ALL", "", 1);
  EXPECT_EQ(terminal_lang(), Lang::En) << "an empty variable does not count";
  for (int i = 0; i < 3; ++i) {
    if (saved[i]) ::setenv(vars[i], keep[i].c_str(), 1);
    else ::unsetenv(vars[i]);
  }
}

TEST(LocalFormat, NumbersAndDatesAsEachLanguageWritesThem) {
  const Messages da(Lang::Da), en(Lang::En);
  EXPECT_EQ(format_count(da, 0), "0");
  EXPECT_EQ(format_count(da, 999), "999");
  EXPECT_EQ(format_count(da, 12345), "12.345");
  EXPECT_EQ(format_count(da, 1234567), "1.234.567");
  EXPECT_EQ(format_count(en, 1234567), "1,234,567");
  EXPECT_EQ(format_decimal(da, 0.85, 2), "0,85");
  EXPECT_EQ(format_decimal(en, 0.85, 2), "0.85");
  ::setenv("TZ", "UTC", 1);
  ::tzset();
  EXPECT_EQ(format_date(da, 1796515200), "6. december 2026");
  EXPECT_EQ(format_date(en, 1796515200), "6 December 2026");
  EXPECT_EQ(iso_date(1796515200), "2026-12-06");
  EXPECT_EQ(iso_date_time(1796515200 + 3723), "2026-12-06 01:02");
}

}  // namespace
}  // namespace datavagt::i18n
