#include "detectors/sentence_bounds.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>

namespace datavagt {
namespace {

// The sentence around the first occurrence of `hit` in `text`, as sentence_start/sentence_end cut it.
std::string sentence_of(std::string_view text, std::string_view hit) {
  const std::size_t at = text.find(hit);
  EXPECT_NE(at, std::string_view::npos) << hit;
  const std::size_t from = sentence_start(text, 0, at);
  const std::size_t to = sentence_end(text, at + hit.size(), text.size());
  return std::string(text.substr(from, to - from));
}

TEST(SentenceBounds, SentenceEndsCut) {
  EXPECT_EQ(sentence_of("Mælken i skolemælksordningen er af dansk oprindelse. Borgeren har fået tilskud.",
                        "dansk oprindelse"),
            "Mælken i skolemælksordningen er af dansk oprindelse.");
  EXPECT_EQ(sentence_of("Borgeren har fået tilskud. Mælken er af dansk oprindelse.", "dansk oprindelse"),
            "Mælken er af dansk oprindelse.");
  EXPECT_EQ(sentence_of("Er kødet dansk? Borgeren spørger! Ja.", "Borgeren"), "Borgeren spørger!");
  EXPECT_EQ(sentence_of("Se bilaget... Øvrige oplysninger følger.", "Øvrige"), "Øvrige oplysninger følger.");
  // Closing and opening quotes and brackets around the break; line breaks as the white space.
  EXPECT_EQ(sentence_of("Han sagde \"nej.\" (Borgeren var vred.)", "vred"), "(Borgeren var vred.)");
  EXPECT_EQ(sentence_of("Sagen er lukket.»\n«Borgeren klager.", "klager"), "«Borgeren klager.");
  EXPECT_EQ(sentence_of("Sagen er lukket.\r\nBorgeren klager.", "klager"), "Borgeren klager.");
  EXPECT_EQ(sentence_of("Sagen er lukket. Østergade er spærret.", "spærret"), "Østergade er spærret.");
  EXPECT_EQ(sentence_of("Sagen er lukket. Ærligt talt.", "talt"), "Ærligt talt.");
  // A paragraph break ends a sentence without a terminator.
  EXPECT_EQ(sentence_of("Overskrift\n\nbrødtekst her", "brødtekst"), "brødtekst her");
  EXPECT_EQ(sentence_of("første afsnit\r\n \r\nandet afsnit", "første"), "første afsnit");
}

TEST(SentenceBounds, AbbreviationsInitialsAndNumbersDoNotEndASentence) {
  for (const char* text : {
           "Hr. Jensen er af tyrkisk oprindelse.",
           "HR. JENSEN ER AF TYRKISK OPRINDELSE.",
           "Samtale med Frk. Holm om oprindelse.",
           "Borgeren er, jf. Lov om social service, omfattet af oprindelse.",
           "Borgeren kommer bl.a. Fra Somalia og er af somalisk oprindelse.",
           "Borgeren bor f.eks. Hos sin søster, oprindelse.",
           "Sagen vedr. Hr. Hansen gælder hans oprindelse.",
           "Mødet er kl. 10 og Ca. Halvdelen kom, oprindelse.",
           "Ansøgningen pga. Sygdom, dvs. Afbud, oprindelse.",
           "Oplysninger mht. Borgerens oprindelse.",
           "Samtalen d. 3. Maj med borgeren om oprindelse.",
           "Tidligere lærer H. C. Andersen var af oprindelse.",
           "Punkterne:\n1. Borgeren er af oprindelse.",
           "Se evt. Bilag 2 om borgerens oprindelse.",
           "Vedr. Ansøgers oprindelse.",
       }) {
    // No boundary before the final period.
    const std::string_view t = text;
    EXPECT_EQ(sentence_start(t, 0, t.size() - 1), 0u) << text;
    EXPECT_EQ(sentence_end(t, 0, t.size() - 1), t.size() - 1) << text;
  }
  // A year is not an item number; "osv." and "kr." end sentences as often as not: they cut.
  EXPECT_EQ(sentence_of("Han kom i 1985. Borgeren er her.", "Borgeren"), "Borgeren er her.");
  EXPECT_EQ(sentence_of("Prisen er 300 kr. Borgeren betaler.", "Borgeren"), "Borgeren betaler.");
  EXPECT_EQ(sentence_of("Mælk, ost osv. Borgeren betaler.", "Borgeren"), "Borgeren betaler.");
}

TEST(SentenceBounds, LowerCaseOrNoSpaceAfterATerminatorDoesNotCut) {
  // {text, a word in it}: the whole text is the word's sentence.
  const std::pair<std::string_view, std::string_view> whole[] = {
      {"Den 3. maj kom borgeren.", "borgeren"},
      {"Se www.kommune.dk/Borger for borgeren", "for"},
      {"Diagnose F32.1 Moderat depression", "depression"},
      {"Hvad nu? sagde borgeren", "borgeren"},
      {"Navn: Borgeren\nOprindelse: tyrkisk", "tyrkisk"},
  };
  for (const auto& [text, word] : whole) EXPECT_EQ(sentence_of(text, word), text);
}

TEST(SentenceBounds, StaysWithinItsRangeAndTheText) {
  const std::string_view t = "Slut. Start her. Mere.";
  EXPECT_EQ(sentence_start(t, 8, 10), 8u);   // the boundary before `from` is not looked for
  EXPECT_EQ(sentence_start(t, 0, 6), 6u);    // a hit that starts a sentence
  EXPECT_EQ(sentence_start(t, 0, 0), 0u);
  EXPECT_EQ(sentence_end(t, 6, 12), 12u);    // the boundary after `to` is not looked for
  EXPECT_EQ(sentence_end(t, 6, t.size()), 16u);
  EXPECT_EQ(sentence_end(t, t.size(), t.size()), t.size());
  // A terminator at the end of the text, or the letter after it cut off: no boundary.
  EXPECT_EQ(sentence_end("Slut. ", 0, 6), 6u);
  EXPECT_EQ(sentence_end("Slut.", 0, 5), 5u);
  EXPECT_EQ(sentence_start("\xC3", 0, 1), 0u);
  EXPECT_EQ(sentence_start(". \xC3", 0, 3), 0u);  // a cut UTF-8 capital
}

}  // namespace
}  // namespace datavagt
