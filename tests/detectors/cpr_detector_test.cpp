// The CPR detector end to end over text: shapes, boundaries, context, regions, chunking, masking.
#include <gtest/gtest.h>

#include <string>

#include "detectors/cpr_scoring.h"
#include "detectors/fingerprint.h"
#include "detectors/match_session.h"
#include "tests/support/scan_text.h"

namespace datavagt {
namespace {

using testing::invalid_mod11_cpr;
using testing::scan_text;
using testing::valid_cpr;

std::string dash(const std::string& d) { return d.substr(0, 6) + "-" + d.substr(6); }

const std::string kPlain = "Borgeren har henvendt sig om sin ansøgning og fik vejledning. ";

TEST(CprDetector, FindsValidNumberInProse) {
  const std::string cpr = valid_cpr("150643", '1');
  const auto f = scan_text(kPlain + "Søren Ærø, " + dash(cpr) + ", bor i Vesterby. " + kPlain);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].kind, FindingKind::Cpr);
  EXPECT_EQ(f[0].masked, "150643-XXXX");
  EXPECT_NEAR(f[0].confidence, CprScoring::kBaseMod11, 1e-9);
  EXPECT_EQ(f[0].fingerprint.size(), 64u);
}

TEST(CprDetector, Separators) {
  const std::string cpr = valid_cpr("150643", '1');
  const std::string a = cpr.substr(0, 6), b = cpr.substr(6);
  for (const std::string sep : {"", "-", " ", " - ", "/", ".", "\t"}) {
    const auto f = scan_text("CPR: " + a + sep + b + " ok");
    ASSERT_EQ(f.size(), 1u) << "separator '" << sep << "'";
    EXPECT_EQ(f[0].masked, "150643-XXXX");
  }
  // Two separators, or a separator the rules do not know: not a CPR shape.
  EXPECT_TRUE(scan_text("CPR: " + a + "--" + b).empty());
  EXPECT_TRUE(scan_text("CPR: " + a + "_" + b).empty());
  EXPECT_TRUE(scan_text("CPR: " + a + "- " + b).empty());
}

TEST(CprDetector, SameNumberWrittenDifferentlyIsOneValue) {
  const std::string cpr = valid_cpr("150643", '1');
  const auto f = scan_text("CPR " + cpr + " og igen CPR " + dash(cpr) + ".");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].count, 2u);
}

TEST(CprDetector, DigitBoundaries) {
  const std::string cpr = valid_cpr("150643", '1');
  EXPECT_TRUE(scan_text("nr 9" + cpr + " x").empty());
  EXPECT_TRUE(scan_text("nr " + cpr + "7 x").empty());
  EXPECT_TRUE(scan_text("EAN 57" + cpr + "12").empty());
  EXPECT_TRUE(scan_text('1' + dash(cpr)).empty());  // a char: GCC 12 -Wrestrict (PR 105329) at -O3 on "1" + …
  // At the very start and end of the text.
  EXPECT_EQ(scan_text(cpr).size(), 1u);
  EXPECT_EQ(scan_text(dash(cpr) + "\n").size(), 1u);
  // Letters around are fine.
  EXPECT_EQ(scan_text("cpr:" + cpr + "abc").size(), 1u);
}

TEST(CprDetector, InvalidDatesAreNeverReported) {
  for (const std::string n : {"3201901234", "0113901234", "2902214005", "0101304008"})
    EXPECT_TRUE(scan_text("CPR-nr.: " + dash(n)).empty()) << n;
}

TEST(CprDetector, Mod11FailureNeedsContextExceptOnExceptionDates) {
  const std::string weak = invalid_mod11_cpr("150643", '1');
  EXPECT_TRUE(scan_text(kPlain + dash(weak) + " " + kPlain).empty());
  const auto with_keyword = scan_text(kPlain + "CPR-nummer: " + dash(weak) + " " + kPlain);
  ASSERT_EQ(with_keyword.size(), 1u);
  EXPECT_GE(with_keyword[0].confidence, 0.5);

  const std::string exception_date = invalid_mod11_cpr("010190", '1');
  const auto f = scan_text(kPlain + dash(exception_date) + " " + kPlain);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_NEAR(f[0].confidence, CprScoring::kBaseExceptionDate, 1e-9);
}

TEST(CprDetector, PositiveKeywordsRaiseConfidence) {
  const std::string cpr = valid_cpr("150643", '1');
  for (const std::string kw : {"CPR-nr.: ", "cpr ", "Personnummer ", "PERSONNR: ", "født ", "Fødselsdato og nummer: "}) {
    const auto f = scan_text(kPlain + kw + dash(cpr) + " " + kPlain);
    ASSERT_EQ(f.size(), 1u) << kw;
    EXPECT_NEAR(f[0].confidence, 1.0, 1e-9) << kw;
  }
  // A keyword inside another word does not count.
  const auto f = scan_text(kPlain + "ufødte " + dash(invalid_mod11_cpr("150643")) + " " + kPlain);
  EXPECT_TRUE(f.empty());
}

TEST(CprDetector, NegativeLabelsSuppress) {
  const std::string cpr = valid_cpr("150643", '1');
  for (const std::string label : {"Fakturanummer: ", "Faktura nr. ", "Ordrenr. ", "Bilagsnummer: ", "Kundenr.: ",
                                  "P-nr.: ", "P-nummer ", "Kontonummer: ", "timestamp=", "\"ts\": ", "Tlf. "}) {
    EXPECT_TRUE(scan_text(kPlain + label + cpr + " " + kPlain).empty()) << label;
  }
  // The label suppresses only its own neighbourhood, not the document.
  const std::string other = valid_cpr("070585", '1');
  const auto f = scan_text("Fakturanummer: " + cpr + "\n" + kPlain + kPlain + "Borger: " + dash(other) + ".");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].masked, "070585-XXXX");
}

TEST(CprDetector, NumericTablesOfOtherIdsAreSuppressed) {
  // A table of 10-digit ids of which only a few happen to be valid CPRs.
  std::string table = "Id;Beløb\n";
  const std::string lucky = valid_cpr("150643", '1');
  for (int i = 0; i < 40; ++i) {
    char row[64];
    std::snprintf(row, sizeof row, "%010d;%d,00\n", 1900000000 + i * 7919, 100 + i);  // month 90+: not dates
    table += row;
    if (i == 20) table += lucky + ";12,00\n";
  }
  EXPECT_TRUE(scan_text(kPlain + table).empty());
}

TEST(CprDetector, TablesOfCprsRaiseWeakOnes) {
  // A class list: mostly mod-11-valid numbers; a post-2007 number failing mod-11 sits among them.
  std::string table = "Navn;Nummer;Klasse\n";
  const char* dates[] = {"010203", "020304", "030405", "040506", "050607", "060708"};
  for (const char* d : dates) table += std::string("Elev;") + dash(valid_cpr(d, '4')) + ";3A\n";
  table += "Elev;" + dash(invalid_mod11_cpr("070809", '4')) + ";3A\n";
  const auto f = scan_text(table);
  EXPECT_EQ(f.size(), 7u);
}

TEST(CprDetector, ReplacementNumbersAreTheirOwnKind) {
  const std::string r = valid_cpr("670585", '1');
  const auto f = scan_text(kPlain + "Erstatningspersonnummer: " + dash(r) + " " + kPlain);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].kind, FindingKind::CprReplacement);
  EXPECT_EQ(f[0].masked, "670585-XXXX");
  // Without context a replacement number is too weak to report.
  EXPECT_TRUE(scan_text(kPlain + dash(r) + " " + kPlain).empty());
}

TEST(CprDetector, DecoysFromTheReference) {
  // A Unix timestamp that decodes as a valid CPR (16-09-1945, passes mod-11), labelled as such.
  EXPECT_TRUE(scan_text("{\"timestamp\": 1609459200, \"level\": \"info\"}").empty());
  EXPECT_TRUE(scan_text("ts=1609459200 msg=started").empty());
  // Phone numbers and CVR numbers are 8 digits: never candidates.
  EXPECT_TRUE(scan_text("Tlf. +45 12 34 56 78, CVR 12345678").empty());
}

TEST(CprDetector, MatchesAcrossChunkBoundaries) {
  const std::string cpr = valid_cpr("150643", '1');
  const std::string text = kPlain + "CPR-nr.: " + dash(cpr) + " " + kPlain;
  const auto whole = scan_text(text);
  ASSERT_EQ(whole.size(), 1u);
  for (std::size_t chunk : {1u, 2u, 3u, 7u, 13u, 64u}) {
    const auto f = scan_text(text, chunk);
    ASSERT_EQ(f.size(), 1u) << "chunk " << chunk;
    EXPECT_EQ(f[0].fingerprint, whole[0].fingerprint);
    EXPECT_DOUBLE_EQ(f[0].confidence, whole[0].confidence);
    EXPECT_EQ(f[0].context, whole[0].context);
  }
}

TEST(CprDetector, ContextIsMaskedAndNeverHoldsTheNumber) {
  const std::string cpr = valid_cpr("150643", '1');
  const std::string other = valid_cpr("070585", '1');
  const auto f = scan_text("Sag om Søren Ærø, CPR " + dash(cpr) + " og hans søn " + other + " i Vesterby");
  ASSERT_EQ(f.size(), 2u);
  for (const auto& x : f) {
    EXPECT_EQ(x.context.find(cpr.substr(6)), std::string::npos) << x.context;
    EXPECT_EQ(x.context.find(other.substr(6)), std::string::npos) << x.context;
    EXPECT_NE(x.context.find("Søren"), std::string::npos) << x.context;
  }
}

TEST(CprDetector, FingerprintIsKeyedHmacOfDigits) {
  const std::string cpr = valid_cpr("150643", '1');
  const auto a = scan_text("CPR " + dash(cpr));
  const auto b = scan_text("CPR " + cpr);
  ASSERT_EQ(a.size(), 1u);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(a[0].fingerprint, b[0].fingerprint);
  EXPECT_EQ(a[0].fingerprint, Fingerprinter(testing::kTestKey).of(cpr));
}

TEST(CprDetector, MinConfidenceIsTheThreshold) {
  const std::string cpr = valid_cpr("150643", '1');
  EXPECT_EQ(scan_text(kPlain + dash(cpr), 1 << 20, 0.79).size(), 1u);
  EXPECT_TRUE(scan_text(kPlain + dash(cpr), 1 << 20, 0.81).empty());
}

}  // namespace
}  // namespace datavagt

namespace datavagt {
namespace {

TEST(CprDetectorTables, ColumnHeaderLabelsEveryRowBelow) {
  // Valid-looking numbers in a column headed "Fakturanr": invoice numbers, however many rows down.
  std::string csv = "Fakturanr;Kundenr;Beløb\n";
  for (const char* d : {"170381", "050692", "230745", "310158"})
    csv += testing::valid_cpr(d, '2') + ";4417;12.500,00\n";
  EXPECT_TRUE(testing::scan_text(csv).empty());
}

TEST(CprDetectorTables, CprColumnHeaderCountsAsContext) {
  // A weak number (fails mod-11, ordinary date) in a column headed "CPR-nr." is reported.
  const std::string weak = testing::invalid_mod11_cpr("141063", '1');
  const std::string csv = "Navn;CPR-nr.;Klasse\nSøren;" + weak + ";3A\n";
  const auto f = testing::scan_text(csv);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].masked, "141063-XXXX");
  // The same number without the header is not.
  EXPECT_TRUE(testing::scan_text("Navn;Nummer;Klasse\nSøren;" + weak + ";3A\n").empty());
}

}  // namespace
}  // namespace datavagt

namespace datavagt {
namespace {

using testing::valid_cpr;

std::string dashed(const std::string& d) { return d.substr(0, 6) + "-" + d.substr(6); }

// Issue 15, item 9: digits inside an identifier are not a CPR (all numbers here pass mod-11 on a valid date).
TEST(CprDetectorIdentifiers, DigitsGluedToLettersOrInsideAddressesAreNotReported) {
  const std::string n = valid_cpr("150385", '1');
  const std::string prose = "The build finished and the report was uploaded. ";
  for (const std::string& text : {
           "abc" + n,
           "Object {3F2504E0-4F89-11D3-9A0C-" + n + "FF} registered",
           "sha256 e3b0c44298fc1c149afb" + n + "ae41e4649b934ca495991b7852b855",
           "Message-ID: <" + n + ".5F3A.JavaMail.root@mail.example.com>",
           "In-Reply-To: <" + n.substr(0, 10) + "p43abc@mx.example.org>",
           "see https://example.com/view?doc=" + n + "&lang=en for details",
           "token=x" + n + "y",
           "0x" + n,
       }) {
    EXPECT_TRUE(scan_text(prose + text + " " + prose).empty()) << text;
  }
  // Before the fix "abc" + number scored 0.80 (the checksum alone).
}

TEST(CprDetectorIdentifiers, GluedCprLabelsStillCount) {
  const std::string n = valid_cpr("030485", '1');
  for (const std::string& text : {"CPR" + n, "cprnr:" + n, "CPR-nr" + n, "Personnummer" + dashed(n), "cpr=" + n})
    EXPECT_EQ(scan_text(kPlain + text + " " + kPlain).size(), 1u) << text;
  // A CPR label with a glued letter after it: the label outweighs the glue.
  EXPECT_EQ(scan_text(kPlain + "CPR: " + n + "Jens" + kPlain).size(), 1u);
  // A URL carrying a CPR parameter: personal data in a link.
  EXPECT_EQ(scan_text("https://example.dk/sag?cpr=" + n + "&x=1").size(), 1u);
}

// Issue 15, item 11: the "many numbers nearby" penalty stays within one sheet, page or part.
std::vector<Finding> scan_parts(const std::vector<std::pair<std::string, std::string>>& parts) {
  static const auto rules = Ruleset::build_default(RulesetConfig::only({FindingKind::Cpr}));
  const Fingerprinter fp(testing::kTestKey);
  const Limits limits;
  DetectOptions options;
  options.today = testing::kTestToday;
  const DetectContext ctx{options, fp, limits};
  auto session = rules.value()->open_session(ctx);
  session->begin();
  for (const auto& [part, text] : parts) session->feed(TextChunk{text, Position{0, part}});
  return session->finish();
}

TEST(CprDetectorRegions, OtherSheetsNumbersDoNotCount) {
  std::string ids;  // a sheet of order numbers (not valid dates)
  for (int i = 0; i < 12; ++i) ids += std::to_string(9900000000LL + i * 7919) + "\n";
  const std::string cpr = valid_cpr("150643", '1');
  const auto alone = scan_parts({{"sheet Ordrer", ids}, {"sheet Kontakt", cpr + "\n"}});
  ASSERT_EQ(alone.size(), 1u);
  EXPECT_NEAR(alone[0].confidence, CprScoring::kBaseMod11, 1e-9);  // before the fix: 0.45, dropped
  // The same numbers on the CPR's own sheet do lower it.
  EXPECT_TRUE(scan_parts({{"sheet Alt", ids + cpr + "\n"}}).empty());
}

// Issue 15, item 12: labels of other numbers as real forms print them.
TEST(CprDetectorLabels, InvoiceCustomerCustomsProtocolAndReportNumbers) {
  const std::string n = valid_cpr("150643", '1');
  for (const std::string label : {
           "Faknr. ", "Fak-nr: ", "Fak. nr. ", "Fakt.nr.: ", "Kunde-nr.: ", "Kunde nr ", "Debitornr.: ",
           "Kreditnota nr. ", "Leverandørnr. ", "Policenr.: ", "Skadesnr. ", "Aftalenr.: ", "Medlemsnr.: ",
           "Toldtarifnr.: ", "Varekode: ", "KN-kode ", "HS-kode: ", "TARIC: ", "Protokolnr.: ", "Rapportnr. ",
           "Prøvningsrapport nr. ", "Certifikatnr.: ", "Lotnr. ", "Serienr.: ",
           // Swedish
           "Kundnr: ", "Fakturanr: ", "Ordernr: ", "Tullstatistiskt nummer: ", "Statistiskt nummer ",
           "Organisationsnummer: ", "Org.nr ", "Bankgiro: ", "OCR: ", "Ärendenr: ", "Diarienr: ", "Protokoll nr ",
           "Provningsrapport nr ", "Löpnummer: ",
           // English
           "Invoice No. ", "Inv. no: ", "Inv# ", "Customer-No: ", "Customer No.: ", "Cust. ID: ", "Client no ",
           "Account no. ", "Order #", "PO No. ", "Item No. ", "Part no: ", "Serial No.: ", "Batch no. ",
           "Commodity code: ", "HS code ", "Tariff no. ", "Customs ref ", "Protocol No. ", "Protocol number ",
           "Test Report No. ", "Report no: ", "Certificate No. ", "Sample ID: ", "Policy No. ", "Claim no. ",
           "Tracking: ", "AWB ", "Reference No. ", "Ticket ", "ID: ", "id=", "UUID ", "Session ", "Phone: ",
       }) {
    EXPECT_TRUE(scan_text(kPlain + label + n + " " + kPlain).empty()) << label;
  }
}

TEST(CprDetectorLabels, LabelsAreWordsNotPiecesOfWords) {
  const std::string n = valid_cpr("150643", '1');
  // "id" inside a word, "tel" in "hotel", "ref" in "reform": not labels.
  for (const std::string text : {"Hotel ", "Reformen gav ", "Solid ", "Fiken ", "Borgeren fik svar "})
    EXPECT_EQ(scan_text(kPlain + text + n + " " + kPlain).size(), 1u) << text;
}

// With the dictionaries loaded (their phrases match across line breaks) a line break is still no separator.
TEST(CprDetectorWithAllRules, LineBreaksAreNotSeparators) {
  const std::string n = valid_cpr("150643", '1');
  const auto cprs = [](const std::string& text) {
    std::size_t k = 0;
    for (const auto& f : testing::scan_with(testing::default_rules(), text))
      if (f.kind == FindingKind::Cpr) ++k;
    return k;
  };
  EXPECT_EQ(cprs("CPR: " + n.substr(0, 6) + "\n" + n.substr(6) + " ok"), 0u);
  EXPECT_EQ(cprs("CPR: " + n.substr(0, 6) + "\r" + n.substr(6) + " ok"), 0u);
  EXPECT_EQ(cprs("CPR: " + n.substr(0, 6) + "\n-\n" + n.substr(6) + " ok"), 0u);
  EXPECT_EQ(cprs("CPR: " + n.substr(0, 6) + "\t" + n.substr(6) + " ok"), 1u);
  EXPECT_EQ(cprs("CPR: " + n.substr(0, 6) + " - " + n.substr(6) + " ok"), 1u);
  EXPECT_EQ(cprs("CPR:\n" + n + "\n"), 1u);
}

TEST(CprDetectorLabels, HeaderCellsUseTheSameLabels) {
  std::string csv = "Navn;Kunde-nr.;Beløb\n";
  for (const char* d : {"170381", "050692", "230745", "310158"}) csv += "Firma;" + valid_cpr(d, '2') + ";12,00\n";
  EXPECT_TRUE(scan_text(csv).empty());
}

}  // namespace
}  // namespace datavagt
