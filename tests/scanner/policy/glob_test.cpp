// Glob semantics (scanner/policy/glob.h): what '*', '?', '**', classes and alternatives span; names without
// '/' at any depth; Danish letters in NFC and NFD on either side; case; folders for the walk; and the
// messages for malformed globs.
#include "scanner/policy/glob.h"

#include <gtest/gtest.h>

namespace datavagt::policy {
namespace {

bool matches(std::string_view glob, std::string_view path) {
  std::string error;
  auto g = Glob::compile(glob, &error);
  EXPECT_TRUE(g) << glob << ": " << error;
  return g && g->matches(match_path(path));
}

std::string error_of(std::string_view glob) {
  std::string error;
  EXPECT_FALSE(Glob::compile(glob, &error)) << glob;
  return error;
}

TEST(Glob, StarStaysInOneName) {
  EXPECT_TRUE(matches("share/*.txt", "share/a.txt"));
  EXPECT_TRUE(matches("share/*.txt", "share/.txt"));
  EXPECT_FALSE(matches("share/*.txt", "share/sub/a.txt"));
  EXPECT_TRUE(matches("share/*/a.txt", "share/sub/a.txt"));
  EXPECT_FALSE(matches("share/*/a.txt", "share/a.txt"));
  EXPECT_FALSE(matches("share/*", "share"));
  EXPECT_TRUE(matches("share/Sag*nr*", "share/Sag_12_nr_3"));
}

TEST(Glob, QuestionMarkIsOneCharacterNotAFolder) {
  EXPECT_TRUE(matches("share/?.txt", "share/a.txt"));
  EXPECT_TRUE(matches("share/?.txt", "share/æ.txt"));  // two bytes, one letter
  EXPECT_FALSE(matches("share/??.txt", "share/æ.txt"));
  EXPECT_FALSE(matches("share?a.txt", "share/a.txt"));
  EXPECT_FALSE(matches("share/?.txt", "share/ab.txt"));
}

TEST(Glob, DoubleStarSpansFolders) {
  EXPECT_TRUE(matches("share/Jobcenter/**", "share/Jobcenter/a.txt"));
  EXPECT_TRUE(matches("share/Jobcenter/**", "share/Jobcenter/2019/sager/a.txt"));
  EXPECT_FALSE(matches("share/Jobcenter/**", "share/Jobcenter"));
  EXPECT_FALSE(matches("share/Jobcenter/**", "share/Jobcenter2/a.txt"));
  EXPECT_FALSE(matches("share/Jobcenter/**", "other/share/Jobcenter/a.txt"));  // anchored at the path's start
  // Wherever the share is mounted:
  EXPECT_TRUE(matches("**/Jobcenter/**", "share/Jobcenter/a.txt"));
  EXPECT_TRUE(matches("**/Jobcenter/**", "/srv/samba/share/Jobcenter/x/a.txt"));
  EXPECT_TRUE(matches("**/Jobcenter/**", "Jobcenter/a.txt"));
  EXPECT_FALSE(matches("**/Jobcenter/**", "share/MinJobcenter/a.txt"));
  // Zero or more folders in the middle:
  EXPECT_TRUE(matches("share/**/Arkiv/*.pdf", "share/Arkiv/a.pdf"));
  EXPECT_TRUE(matches("share/**/Arkiv/*.pdf", "share/x/y/Arkiv/a.pdf"));
  EXPECT_FALSE(matches("share/**/Arkiv/*.pdf", "share/x/Arkiv/y/a.pdf"));
  EXPECT_TRUE(matches("**", "any/thing/at/all"));
  EXPECT_TRUE(matches("**/*.bak", "a/b/c.bak"));
}

TEST(Glob, NameWithoutSlashMatchesAtAnyDepth) {
  EXPECT_TRUE(matches("*.bak", "share/a/b/c.bak"));
  EXPECT_TRUE(matches("$RECYCLE.BIN", "share/$RECYCLE.BIN"));
  EXPECT_FALSE(matches("*.bak", "share/c.bak/d.txt"));  // the name, not a folder on the way
  EXPECT_TRUE(matches("~snapshot", "~snapshot"));
}

TEST(Glob, TrailingSlashMeansEverythingInside) {
  EXPECT_TRUE(matches("share/Fælles/", "share/Fælles/a.txt"));
  EXPECT_TRUE(matches("share/Fælles/", "share/Fælles/b/c.txt"));
  EXPECT_FALSE(matches("share/Fælles/", "share/Fællesskab/a.txt"));
  EXPECT_FALSE(matches("share/Fælles/", "other/share/Fælles/a.txt")) << "a path: from the root named";
  // A folder name alone, ending in '/': that folder at any depth (as in .gitignore), and only a folder.
  EXPECT_TRUE(matches("Arkiv/", "share/Jobcenter/Arkiv/2019/brev.txt"));
  EXPECT_TRUE(matches("Arkiv/", "Arkiv/brev.txt"));
  EXPECT_FALSE(matches("Arkiv/", "share/Arkiv"));
  EXPECT_FALSE(matches("Arkiv/", "share/Arkivet/brev.txt"));
}

TEST(Glob, ClassesAndAlternatives) {
  EXPECT_TRUE(matches("share/[Bb]ackup*/**", "share/backup2019/a.txt"));
  EXPECT_TRUE(matches("share/[Bb]ackup*/**", "share/Backup/a.txt"));
  EXPECT_FALSE(matches("share/[!Bb]ackup/**", "share/Backup/a.txt"));
  EXPECT_TRUE(matches("share/[^Bb]ackup/**", "share/xackup/a.txt"));
  EXPECT_TRUE(matches("share/[a-zæøå]*.txt", "share/øst.txt"));
  EXPECT_FALSE(matches("share/[a-z]*.txt", "share/Øst.txt"));
  EXPECT_TRUE(matches("share/[]x]", "share/]"));
  EXPECT_TRUE(matches("**/{Slettet post,Deleted Items}/**", "pst/Deleted Items/1"));
  EXPECT_TRUE(matches("**/{Slettet post,Deleted Items}/**", "pst/Slettet post/1"));
  EXPECT_FALSE(matches("**/{Slettet post,Deleted Items}/**", "pst/Indbakke/1"));
  EXPECT_TRUE(matches("{a,b}/{c,d}.txt", "b/c.txt"));
  EXPECT_TRUE(matches("share/{*.bak,~*}", "share/~lock"));
}

TEST(Glob, EscapesAndLiteralCharacters) {
  EXPECT_TRUE(matches("share/\\*.txt", "share/*.txt"));
  EXPECT_FALSE(matches("share/\\*.txt", "share/a.txt"));
  EXPECT_TRUE(matches("share/a\\[1\\].txt", "share/a[1].txt"));
  EXPECT_TRUE(matches("share/a,b.txt", "share/a,b.txt"));  // a comma outside {} is a comma
  EXPECT_TRUE(matches("share/(kopi) +x.txt", "share/(kopi) +x.txt"));  // no regex in disguise
}

TEST(Glob, DanishLettersInNfcAndNfd) {
  const std::string nfc = "share/F\xC3\xA6lles/\xC3\x85rsrapport.txt";  // Fælles/Årsrapport, precomposed
  const std::string nfd = "share/F\xC3\xA6lles/A\xCC\x8Arsrapport.txt";  // Å as A + combining ring
  for (const std::string& path : {nfc, nfd}) {
    EXPECT_TRUE(matches("share/Fælles/**", path)) << path;
    EXPECT_TRUE(matches("share/Fælles/Årsrapport.txt", path)) << path;
    EXPECT_TRUE(matches("share/Fælles/?rsrapport.txt", path)) << path;  // one letter either way
    EXPECT_TRUE(matches("share/Fælles/A\xCC\x8Arsrapport.txt", path)) << path;  // the glob written in NFD
    EXPECT_TRUE(matches("**/[ÅÆØ]*", path)) << path;
  }
  EXPECT_TRUE(matches("**/Ældreplejen/**", "share/\x41\xCC\x88ldreplejen/x") == false);  // Ä is not Æ
  EXPECT_TRUE(matches("**/Bo\xCC\x88rn/**", "share/B\xC3\xB6rn/x"));  // ö NFD glob, NFC path
}

TEST(Glob, InvalidUtf8PathsMatchAsPrinted) {
  // A latin-1 file name: JSON Lines prints U+FFFD for the bad byte, and so does the glob see it.
  EXPECT_TRUE(matches("share/Ans?gning.txt", "share/Ans\xF8gning.txt"));
  EXPECT_TRUE(matches("share/Ans\xEF\xBF\xBDgning.txt", "share/Ans\xF8gning.txt"));
}

TEST(Glob, CaseSensitiveUnlessAsked) {
  EXPECT_FALSE(matches("share/jobcenter/**", "share/Jobcenter/a.txt"));
  std::string error;
  auto g = Glob::compile("slettet POST", &error, Case::Insensitive);
  ASSERT_TRUE(g);
  EXPECT_TRUE(g->matches(match_text("Slettet post", Case::Insensitive)));
  auto ae = Glob::compile("ÆLDRE", &error, Case::Insensitive);
  ASSERT_TRUE(ae);
  EXPECT_TRUE(ae->matches(match_text("ældre", Case::Insensitive)));
}

TEST(Glob, LeadingDotSlashOfARootIsIgnored) {
  EXPECT_TRUE(matches("share/Jobcenter/**", "./share/Jobcenter/a.txt"));
  EXPECT_TRUE(matches("share/Jobcenter/**", "././share/Jobcenter/a.txt"));
}

TEST(Glob, FoldersArePrunedWhenEverythingInsideMatches) {
  std::string error;
  auto inside = Glob::compile("**/~snapshot/**", &error);
  auto name = Glob::compile("$RECYCLE.BIN", &error);
  auto some = Glob::compile("share/x/*.bak", &error);
  auto children = Glob::compile("share/x/*", &error);
  ASSERT_TRUE(inside && name && some && children);
  EXPECT_TRUE(inside->matches_folder("share/~snapshot"));
  EXPECT_TRUE(inside->matches_folder("share/a/~snapshot"));
  EXPECT_FALSE(inside->matches_folder("share/~snapshots"));
  EXPECT_TRUE(name->matches_folder("share/$RECYCLE.BIN"));
  EXPECT_FALSE(some->matches_folder("share/x"));  // only some files in it
  EXPECT_TRUE(children->matches_folder("share/x"));  // everything in it
}

TEST(Glob, LongPathsAndManyStarsStayLinear) {
  std::string path = "share";
  for (int i = 0; i < 200; ++i) path += "/aaaaaaaaaaaaaaaaaaaa";
  EXPECT_FALSE(matches("**/a*a*a*a*a*a*a*a*a*a*b/**", path));
  EXPECT_TRUE(matches("**/a*a*a*a*a*a*a*a*a*a*/**", path + "/x"));
}

TEST(Glob, MalformedGlobsSayWhy) {
  EXPECT_NE(error_of("share/[Fælles").find("'[' is not closed"), std::string::npos);
  EXPECT_NE(error_of("share/a**/x").find("'**' must be a whole folder name"), std::string::npos);
  EXPECT_NE(error_of("share/**x").find("'**' must be a whole folder name"), std::string::npos);
  EXPECT_NE(error_of("share/***/x").find("'***'"), std::string::npos);
  EXPECT_NE(error_of("share\\Jobcenter\\**").find("separated by '/'"), std::string::npos);
  EXPECT_NE(error_of("share/x\\").find("backslash"), std::string::npos);
  EXPECT_NE(error_of("share/{a,b").find("'{' is not closed"), std::string::npos);
  EXPECT_NE(error_of("share/a}").find("'}' without '{'"), std::string::npos);
  EXPECT_NE(error_of("share/{a,{b,c}}").find("nested"), std::string::npos);
  EXPECT_NE(error_of("share/[z-a]").find("backwards"), std::string::npos);
  EXPECT_NE(error_of("share/[+-0]").find("'/'"), std::string::npos);
  EXPECT_NE(error_of("").find("empty"), std::string::npos);
}

}  // namespace
}  // namespace datavagt::policy
