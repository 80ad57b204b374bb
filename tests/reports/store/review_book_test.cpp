// Review decisions: which one applies where (content, path, moves), and the names the store shows.
#include "reports/store/review_book.h"

#include <gtest/gtest.h>

#include "detectors/name_scan.h"
#include "reports/store/identity.h"

namespace datavagt::store {
namespace {

PathKey path(unsigned char n) {
  PathKey k{};
  k.fill(n);
  return k;
}
ContentHash content(unsigned char n) {
  ContentHash h{};
  h.fill(n);
  return h;
}
FindingKey finding(unsigned char n) {
  FindingKey k{};
  k.fill(n);
  return k;
}

ReviewRecord decision(std::int64_t id, unsigned char c, std::optional<unsigned char> f, unsigned char p,
                      ReviewState s) {
  ReviewRecord r;
  r.id = id;
  r.content_hash = content(c);
  if (f) r.finding_key = finding(*f);
  r.path_key = path(p);
  r.state = s;
  return r;
}

TEST(ReviewBook, ADecisionHoldsAtItsPathWhileTheContentIsTheSame) {
  const ReviewBook book({decision(1, 1, 7, 1, ReviewState::Handled)}, {path(1), path(2)});
  const FindingKey k = finding(7), other = finding(8);
  EXPECT_EQ(book.state(content(1), &k, path(1)), ReviewState::Handled);
  EXPECT_EQ(book.state(content(1), &other, path(1)), ReviewState::Open) << "another finding";
  EXPECT_EQ(book.state(content(2), &k, path(1)), ReviewState::Open) << "changed content comes back open";
  EXPECT_EQ(book.state(content(1), &k, path(2)), ReviewState::Open) << "a copy elsewhere is judged on its own";
}

TEST(ReviewBook, AFalsePositiveHoldsInEveryCopy) {
  const ReviewBook book({decision(1, 1, 7, 1, ReviewState::FalsePositive)}, {path(1), path(2)});
  const FindingKey k = finding(7);
  EXPECT_EQ(book.state(content(1), &k, path(2)), ReviewState::FalsePositive);
}

TEST(ReviewBook, ADecisionFollowsAMovedFile) {
  // Reviewed at path 1, which holds no file any more; the same content is now at path 3.
  const ReviewBook book({decision(1, 1, 7, 1, ReviewState::Accepted)}, {path(3)});
  const FindingKey k = finding(7);
  EXPECT_EQ(book.state(content(1), &k, path(3)), ReviewState::Accepted);
}

TEST(ReviewBook, TheNewestDecisionWinsAndAWholeFileDecisionCoversItsFindings) {
  const ReviewBook book({decision(2, 1, std::nullopt, 1, ReviewState::Deleted),
                         decision(1, 1, 7, 1, ReviewState::Handled), decision(3, 1, 8, 1, ReviewState::Open)},
                        {path(1)});
  const FindingKey k7 = finding(7), k8 = finding(8);
  EXPECT_EQ(book.state(content(1), &k7, path(1)), ReviewState::Deleted);
  EXPECT_EQ(book.state(content(1), &k8, path(1)), ReviewState::Open) << "reopened after the file decision";
}

TEST(StoreIdentity, NamesAreMaskedWhereTheyHoldACprLikeNumber) {
  EXPECT_EQ(mask_cpr_numbers("/srv/HR/010190-1234 ansøgning.docx"), "/srv/HR/010190-XXXX ansøgning.docx");
  EXPECT_EQ(mask_cpr_numbers("/srv/HR/0101901234.pdf"), "/srv/HR/010190XXXX.pdf");
  EXPECT_EQ(mask_cpr_numbers("010190 1234"), "010190 XXXX");
  EXPECT_EQ(mask_cpr_numbers("/srv/2023/rapport-12.pdf"), "/srv/2023/rapport-12.pdf");
  EXPECT_EQ(mask_cpr_numbers("010190/1234"), "010190/1234") << "a path separator joins no number";
  EXPECT_FALSE(has_cpr_number("/srv/a.txt"));
  EXPECT_TRUE(has_cpr_number("/srv/010190-1234.txt"));
}

TEST(StoreIdentity, KeysAreKeyedAndStable) {
  const Fingerprinter a("key a"), b("key b");
  EXPECT_EQ(path_key(a, "/srv/x"), path_key(a, "/srv/x"));
  EXPECT_NE(path_key(a, "/srv/x"), path_key(b, "/srv/x"));
  EXPECT_NE(path_key(a, "/srv/x"), path_key(a, "/srv/y"));
  EXPECT_EQ(a.key_check_value().size(), 16u);
  EXPECT_NE(a.key_check_value(), b.key_check_value());
  Finding f;
  f.kind = FindingKind::Cpr;
  f.fingerprint = "abc";
  f.offset = 5;
  Finding moved = f;
  moved.offset = 900;
  moved.confidence = 0.1;
  EXPECT_EQ(finding_key(f), finding_key(moved)) << "identity is kind, member and number, not where in the text";
  moved.members = {"a.zip"};
  EXPECT_NE(finding_key(f), finding_key(moved));
  EXPECT_EQ(finding_id(content(1), finding(1)).size(), 16u);
}

}  // namespace
}  // namespace datavagt::store
