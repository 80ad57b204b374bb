#pragma once
// The frames of a GIF (an animation, or a GIF with several images), found by walking its blocks without
// decoding them, and each frame cut out as a GIF of its own so the OCR module decodes one frame at a time
// (Leptonica reads only a GIF's first image).
//
// Contract: pure, thread-safe, bounds-checked on untrusted bytes (fuzzed through image_fuzz). gif_frames never
// fails: it returns the frames it could walk, whether the walk ended at the trailer (or the end of the bytes
// after a whole frame: a missing trailer is common and harmless) or at damage (`damaged`),
// keeping at most `max_frames` of them (`count` goes on counting). A frame is its image descriptor, colour
// table and image data, with the graphic control extension just before it (transparency).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace datavagt {

struct GifFrame {
  std::size_t begin = 0;  // the frame's bytes: [begin, end)
  std::size_t end = 0;
  std::size_t descriptor = 0;  // where its image descriptor (0x2C) is, within [begin, end)
  std::uint32_t width = 0;
  std::uint32_t height = 0;
};

struct GifFrames {
  std::vector<GifFrame> frames;  // at most max_frames
  std::uint64_t count = 0;       // every frame walked
  bool damaged = false;          // the walk stopped at damage or a cut before the trailer
  std::size_t header_bytes = 0;  // the signature, logical screen descriptor and global colour table
  std::uint32_t width = 0;       // the logical screen
  std::uint32_t height = 0;
};

// Whether `bytes` begin as a GIF does.
inline bool looks_like_gif(std::string_view bytes) { return bytes.substr(0, 4) == "GIF8"; }

// The frames of the GIF in `bytes`; none (and `damaged`) when it is not a GIF or its header is cut.
GifFrames gif_frames(std::string_view bytes, std::size_t max_frames);

// A GIF holding only `frame` of `bytes` (whose walk is `walked`): its header and global colour table, the
// frame moved to the top left and its size made the logical screen's, and a trailer.
std::string gif_single_frame(std::string_view bytes, const GifFrames& walked, const GifFrame& frame);

}  // namespace datavagt
