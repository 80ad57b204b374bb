// CSV for Danish Excel and back: BOM, ';', CRLF, quoting, formula neutralising on the way out; on the way in
// whatever Excel saves (UTF-8 with or without BOM, windows-1252, UTF-16, ';' ',' or tab, quoted line breaks),
// rows numbered as the spreadsheet shows them, and a clear error for an unclosed quote.
#include <gtest/gtest.h>

#include "reports/csv/csv_reader.h"
#include "reports/csv/csv_writer.h"

namespace datavagt::csv {
namespace {

TEST(CsvWriter, WritesWhatDanishExcelOpens) {
  CsvWriter w;
  w.text("id").text("Sti").text("Begrundelse").end_row();
  w.text("F1-ab").text("/srv/Ældre;pleje/\"x\".txt").text("linje 1\nlinje 2").end_row();
  w.text("=HYPERLINK(\"http://x\")").text("-1+2").text("@SUM(A1)").number(42).end_row();
  EXPECT_EQ(w.str(),
            "\xEF\xBB\xBFid;Sti;Begrundelse\r\n"
            "F1-ab;\"/srv/Ældre;pleje/\"\"x\"\".txt\";\"linje 1\nlinje 2\"\r\n"
            "\"'=HYPERLINK(\"\"http://x\"\")\";'-1+2;'@SUM(A1);42\r\n");
  EXPECT_EQ(quote_field("a\xFF" "b"), "a\xEF\xBF\xBD" "b") << "a name in another encoding";
  EXPECT_LE(quote_field(std::string(40000, 'x')).size(), kMaxCell + 3);
}

TEST(CsvReader, ReadsBackWhatTheWriterWrote) {
  CsvWriter w;
  const std::vector<std::vector<std::string>> rows = {
      {"id", "Sti", "Status"},
      {"F1-ab", "/srv/a;b \"c\"", "Redigeret"},
      {"F2", "=1+1", "to\r\nlinjer"},
      {"F3", "", "Intet foretaget – falsk positiv"},
  };
  for (const auto& r : rows) {
    for (const auto& f : r) w.text(f);
    w.end_row();
  }
  auto t = read_csv(w.str());
  ASSERT_TRUE(t) << t.problem().detail;
  EXPECT_EQ(t->separator, ';');
  ASSERT_EQ(t->rows.size(), rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(t->rows[i].fields, rows[i]) << i;
    EXPECT_EQ(t->rows[i].number, i + 1) << "a quoted line break does not start a row";
  }
}

TEST(CsvReader, ReadsWhatExcelSavesBack) {
  // Danish Excel's "CSV (semikolonsepareret)": windows-1252, no BOM.
  auto ansi = read_csv("id;Status;Begrundelse\r\nF1-ab;Redigeret;flyttet til ESDH \xE6\xF8\xE5\r\n");
  ASSERT_TRUE(ansi);
  EXPECT_EQ(ansi->rows[1].fields[2], "flyttet til ESDH æøå");
  // Excel's "Unicode text": UTF-16LE with a BOM, tabs.
  const std::string text = "id\tStatus\nF1\tSlettet\n";
  std::string utf16 = "\xFF\xFE";
  for (char c : text) {
    utf16 += c;
    utf16 += '\0';
  }
  auto wide = read_csv(utf16);
  ASSERT_TRUE(wide);
  EXPECT_EQ(wide->separator, '\t');
  EXPECT_EQ(wide->rows[1].fields, (std::vector<std::string>{"F1", "Slettet"}));
  // English Excel: commas, LF; trailing empty rows of separators are dropped.
  auto commas = read_csv("id,Review state\nF1,Handled\n,\n,,\n");
  ASSERT_TRUE(commas);
  EXPECT_EQ(commas->separator, ',');
  EXPECT_EQ(commas->rows.size(), 2u);
  // A blank line still counts as a spreadsheet row.
  auto blank = read_csv("id;Status\r\n\r\nF1;Slettet\r\n");
  ASSERT_TRUE(blank);
  EXPECT_EQ(blank->rows[1].number, 3u);
}

TEST(CsvReader, AnUnclosedQuoteIsAnErrorNamingItsRow) {
  auto t = read_csv("id;Status\r\nF1;ok\r\nF2;\"never closed\r\nF3;x\r\n");
  ASSERT_FALSE(t);
  EXPECT_NE(t.problem().detail.find("row 3"), std::string::npos) << t.problem().detail;
  EXPECT_FALSE(read_csv(""));
  EXPECT_FALSE(read_csv("\xEF\xBB\xBF"));
}

}  // namespace
}  // namespace datavagt::csv
