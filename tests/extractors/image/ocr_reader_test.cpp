// The run's OCR cache (extractors/image/ocr_reader.h) with a back end of the test's own: a picture met again is
// taken from the cache, and two threads that meet the same picture at once read it once — the second waits for
// the first's reading (a success or a problem) and takes it. Deterministic: the first reading is held until the
// test has seen the second thread waiting for it; no timed waits.
#include "extractors/image/ocr_reader.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <random>
#include <string>
#include <thread>

namespace datavagt {
namespace {

class SettingsOnly final : public OcrBackend {
 public:
  Result<ImageHeader> probe(std::string_view) override { return Problem::make(ProblemKind::Internal, "unused"); }
  Result<ImageHeader> probe_page(std::string_view, std::uint32_t) override {
    return Problem::make(ProblemKind::Internal, "unused");
  }
  Result<OcrPage> read_image(std::string_view, std::uint32_t) override {
    return Problem::make(ProblemKind::Internal, "unused");
  }
  Result<OcrPage> read_pixels(const RawImage&) override { return Problem::make(ProblemKind::Internal, "unused"); }
  std::string settings_id() const override { return "test settings\n"; }
  std::string engine_id() const override { return "test engine\n"; }
};

// A content hash no other test uses (the cache is the process's).
std::string fresh_hash() {
  static std::mt19937_64 rng{std::random_device{}()};
  return ocr_content_hash(std::to_string(rng()) + "-" + std::to_string(rng()));
}

OcrPage page_of(const std::string& text) {
  OcrPage p;
  p.lines.push_back(OcrLine{text, 91});
  return p;
}

// Waits (without a clock) until `n` threads wait for a reading in flight.
void until_waiting(std::size_t n) {
  while (detail::ocr_cache_waiting() < n) std::this_thread::yield();
}

TEST(OcrCache, APictureMetAgainIsTakenFromTheCache) {
  SettingsOnly backend;
  const std::string hash = fresh_hash();
  int reads = 0;
  auto read = [&]() -> Result<OcrPage> {
    ++reads;
    return page_of("Brev 1");
  };
  const OcrCounts before = ocr_counts();
  auto first = cached_ocr(backend, hash, 0, read);
  auto again = cached_ocr(backend, hash, 0, read);
  ASSERT_TRUE(first && again);
  EXPECT_EQ(reads, 1);
  ASSERT_EQ(again->size(), 1u);
  EXPECT_EQ((*again)[0].text, "Brev 1");
  EXPECT_EQ((*again)[0].confidence, 91);
  EXPECT_EQ(ocr_counts().pages_read - before.pages_read, 1u);
  EXPECT_EQ(ocr_counts().pages_cached - before.pages_cached, 1u);
  // Another page of the same picture is another reading.
  ASSERT_TRUE(cached_ocr(backend, hash, 1, read));
  EXPECT_EQ(reads, 2);
}

TEST(OcrCache, TwoThreadsMeetingOnePictureReadItOnce) {
  SettingsOnly backend;
  const std::string hash = fresh_hash();
  std::atomic<int> reads{0};
  std::promise<void> started, release;
  std::shared_future<void> released = release.get_future().share();
  auto slow_read = [&]() -> Result<OcrPage> {
    ++reads;
    started.set_value();
    released.wait();  // held until the second thread waits for this reading
    return page_of("CPR-nr. 150643-1006");
  };
  const std::size_t waiting_before = detail::ocr_cache_waiting();
  std::future<Result<std::vector<OcrLine>>> first =
      std::async(std::launch::async, [&] { return cached_ocr(backend, hash, 0, slow_read); });
  started.get_future().wait();
  std::future<Result<std::vector<OcrLine>>> second =
      std::async(std::launch::async, [&] { return cached_ocr(backend, hash, 0, slow_read); });
  until_waiting(waiting_before + 1);
  release.set_value();
  auto a = first.get();
  auto b = second.get();
  EXPECT_EQ(reads.load(), 1);
  ASSERT_TRUE(a && b);
  ASSERT_EQ(b->size(), 1u);
  EXPECT_EQ((*b)[0].text, "CPR-nr. 150643-1006");
  EXPECT_EQ(detail::ocr_cache_waiting(), waiting_before);
}

TEST(OcrCache, AWaiterTakesTheFirstReadersProblemAndTheNextCallerReadsAgain) {
  SettingsOnly backend;
  const std::string hash = fresh_hash();
  std::atomic<int> reads{0};
  std::promise<void> started, release;
  std::shared_future<void> released = release.get_future().share();
  auto failing_read = [&]() -> Result<OcrPage> {
    if (++reads == 1) started.set_value();
    released.wait();
    return Problem::make(ProblemKind::Corrupt, "png: cannot be decoded (truncated or damaged)");
  };
  const std::size_t waiting_before = detail::ocr_cache_waiting();
  auto first = std::async(std::launch::async, [&] { return cached_ocr(backend, hash, 0, failing_read); });
  started.get_future().wait();
  auto second = std::async(std::launch::async, [&] { return cached_ocr(backend, hash, 0, failing_read); });
  until_waiting(waiting_before + 1);
  release.set_value();
  auto a = first.get();
  auto b = second.get();
  ASSERT_FALSE(a);
  ASSERT_FALSE(b);
  EXPECT_EQ(b.problem().kind, ProblemKind::Corrupt);
  EXPECT_EQ(b.problem().detail, a.problem().detail);
  EXPECT_EQ(reads.load(), 1);
  // A problem is not remembered: a later caller reads again (and gets the same problem).
  EXPECT_FALSE(cached_ocr(backend, hash, 0, failing_read));
  EXPECT_EQ(reads.load(), 2);
}

TEST(OcrCache, AReaderThatThrowsGivesAProblemNotAHang) {
  SettingsOnly backend;
  const std::string hash = fresh_hash();
  auto throwing = []() -> Result<OcrPage> { throw std::runtime_error("boom"); };
  auto r = cached_ocr(backend, hash, 0, throwing);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.problem().kind, ProblemKind::Internal);
  // Nothing is left in flight: the next caller reads.
  auto ok = cached_ocr(backend, hash, 0, [] { return Result<OcrPage>(page_of("x")); });
  EXPECT_TRUE(ok);
}

}  // namespace
}  // namespace datavagt
