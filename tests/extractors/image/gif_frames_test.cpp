// The GIF frame walk (extractors/image/gif_frames.h) on GIFs put together here block by block: frames with and
// without graphic control extensions and local colour tables, the missing trailer, and every cut of the
// bytes (never out of bounds, never more frames than a longer cut).
#include "extractors/image/gif_frames.h"

#include <gtest/gtest.h>

#include <string>

namespace datavagt {
namespace {

std::string le16(unsigned v) { return {static_cast<char>(v & 0xFF), static_cast<char>(v >> 8)}; }

// An image descriptor at (left, top) of w x h, `lct_entries` colours of its own (0 = none), and two data
// sub-blocks.
std::string frame(unsigned left, unsigned top, unsigned w, unsigned h, unsigned lct_bits = 0) {
  std::string f = "\x2C" + le16(left) + le16(top) + le16(w) + le16(h);
  f += static_cast<char>(lct_bits ? 0x80 | (lct_bits - 1) : 0);
  if (lct_bits) f += std::string(3u << lct_bits, '\x7F');
  f += '\x02';                                    // LZW minimum code size
  f += std::string("\x03\x11\x22\x33", 4);        // a sub-block of 3 bytes
  f += std::string("\x01\x44", 2) + '\0';         // one of 1, then the terminator
  return f;
}

const std::string kControl = std::string("\x21\xF9\x04\x01\x0A\x00\x05\x00", 8);  // transparent index 5
const std::string kComment = std::string("\x21\xFE\x05hello\x00", 9);

std::string gif(const std::string& body, unsigned w = 40, unsigned h = 30) {
  return "GIF89a" + le16(w) + le16(h) + std::string("\x81\x00\x00", 3) + std::string(12, '\x10') + body;
}

TEST(GifFrames, FindsEachFrameWithItsSizeAndControlBlock) {
  const std::string f1 = frame(0, 0, 40, 30), f2 = frame(5, 6, 20, 10, 2);
  const std::string b = gif(kComment + kControl + f1 + kControl + f2 + ";");
  const GifFrames g = gif_frames(b, 10);
  EXPECT_FALSE(g.damaged);
  EXPECT_EQ(g.width, 40u);
  EXPECT_EQ(g.height, 30u);
  EXPECT_EQ(g.header_bytes, 13u + 12u);
  ASSERT_EQ(g.count, 2u);
  ASSERT_EQ(g.frames.size(), 2u);
  EXPECT_EQ(g.frames[0].begin, g.header_bytes + kComment.size());  // the control block belongs to the frame
  EXPECT_EQ(g.frames[0].descriptor, g.frames[0].begin + kControl.size());
  EXPECT_EQ(g.frames[0].end, g.frames[0].descriptor + f1.size());
  EXPECT_EQ(g.frames[1].width, 20u);
  EXPECT_EQ(g.frames[1].height, 10u);
  EXPECT_EQ(b.substr(g.frames[1].descriptor, f2.size()), f2);
}

TEST(GifFrames, AFrameCutOutIsAGifOfOneFrameAtTheTopLeft) {
  const std::string f2 = frame(5, 6, 20, 10, 2);
  const std::string b = gif(kControl + frame(0, 0, 40, 30) + kControl + f2 + ";");
  const GifFrames g = gif_frames(b, 10);
  ASSERT_EQ(g.frames.size(), 2u);
  const std::string one = gif_single_frame(b, g, g.frames[1]);
  const GifFrames again = gif_frames(one, 10);
  EXPECT_FALSE(again.damaged);
  ASSERT_EQ(again.count, 1u);
  EXPECT_EQ(again.width, 20u);  // the screen is the frame's size
  EXPECT_EQ(again.height, 10u);
  EXPECT_EQ(one.substr(again.frames[0].begin, kControl.size()), kControl);
  EXPECT_EQ(one.substr(again.frames[0].descriptor, 9), "\x2C" + le16(0) + le16(0) + le16(20) + le16(10));
  EXPECT_EQ(one.substr(again.frames[0].descriptor + 9), f2.substr(9) + ";");
}

TEST(GifFrames, AMissingTrailerIsNoDamageButACutFrameIs) {
  const std::string f = frame(0, 0, 40, 30);
  EXPECT_FALSE(gif_frames(gif(f + f), 10).damaged);
  EXPECT_EQ(gif_frames(gif(f + f), 10).count, 2u);
  const std::string cut = gif(f + f.substr(0, 12));
  const GifFrames g = gif_frames(cut, 10);
  EXPECT_TRUE(g.damaged);
  EXPECT_EQ(g.count, 1u);
  EXPECT_TRUE(gif_frames(gif(f + "\x99"), 10).damaged);  // an unknown block
}

TEST(GifFrames, KeepsAtMostMaxFramesButCountsThemAll) {
  std::string body;
  for (int i = 0; i < 7; ++i) body += frame(0, 0, 8, 8);
  const GifFrames g = gif_frames(gif(body + ";"), 3);
  EXPECT_EQ(g.count, 7u);
  EXPECT_EQ(g.frames.size(), 3u);
}

TEST(GifFrames, NotAGifOrACutHeaderHasNoFrames) {
  EXPECT_EQ(gif_frames("", 10).count, 0u);
  EXPECT_TRUE(gif_frames("", 10).damaged);
  EXPECT_TRUE(gif_frames("\x89PNG\r\n\x1A\n0000000000", 10).damaged);
  EXPECT_TRUE(gif_frames(gif("").substr(0, 20), 10).damaged);  // the colour table cut
  EXPECT_FALSE(looks_like_gif("\x89PNG"));
  EXPECT_TRUE(looks_like_gif(gif("")));
}

TEST(GifFrames, EveryCutStaysInBoundsAndNeverFindsMore) {
  const std::string b = gif(kComment + kControl + frame(0, 0, 40, 30) + kControl + frame(5, 6, 20, 10, 3) + ";");
  std::uint64_t last = 0;
  for (std::size_t n = 0; n <= b.size(); ++n) {
    const GifFrames g = gif_frames(std::string_view(b).substr(0, n), 10);
    EXPECT_GE(g.count, last) << n;
    last = g.count;
    for (const auto& f : g.frames) {
      EXPECT_LE(f.end, n);
      EXPECT_LT(f.descriptor, f.end);
      EXPECT_LE(f.begin, f.descriptor);
      EXPECT_EQ(gif_frames(gif_single_frame(std::string_view(b).substr(0, n), g, f), 10).count, 1u);
    }
  }
  EXPECT_EQ(last, 2u);
}

}  // namespace
}  // namespace datavagt
