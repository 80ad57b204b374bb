#include "extractors/image/gif_frames.h"

namespace datavagt {

namespace {

constexpr std::size_t kScreenDescriptorEnd = 13;  // "GIF89a" + logical screen descriptor (7 bytes)
constexpr std::size_t kImageDescriptorBytes = 10;

std::uint32_t le16(std::string_view b, std::size_t at) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 8;
}

std::size_t colour_table_bytes(unsigned char packed) {
  return (packed & 0x80) ? 3 * (std::size_t{1} << ((packed & 0x07) + 1)) : 0;
}

// Skips data sub-blocks from `at`: each a length byte and that many bytes, ended by a zero length. The offset
// after the terminator, or 0 when the bytes end first.
std::size_t skip_sub_blocks(std::string_view b, std::size_t at) {
  while (at < b.size()) {
    const auto n = static_cast<unsigned char>(b[at]);
    ++at;
    if (n == 0) return at;
    if (n > b.size() - at) return 0;
    at += n;
  }
  return 0;
}

void put_le16(std::string& s, std::size_t at, std::uint32_t v) {
  s[at] = static_cast<char>(v & 0xFF);
  s[at + 1] = static_cast<char>((v >> 8) & 0xFF);
}

}  // namespace

GifFrames gif_frames(std::string_view b, std::size_t max_frames) {
  GifFrames out;
  if (b.size() < kScreenDescriptorEnd || (b.substr(0, 6) != "GIF87a" && b.substr(0, 6) != "GIF89a")) {
    out.damaged = true;
    return out;
  }
  const std::size_t gct = colour_table_bytes(static_cast<unsigned char>(b[10]));
  if (gct > b.size() - kScreenDescriptorEnd) {
    out.damaged = true;
    return out;
  }
  out.header_bytes = kScreenDescriptorEnd + gct;
  out.width = le16(b, 6);
  out.height = le16(b, 8);
  std::size_t at = out.header_bytes;
  std::size_t control = 0;  // where a graphic control extension waiting for its image began (0: none)
  while (true) {
    if (at >= b.size()) {
      out.damaged = out.count == 0;  // no trailer after whole frames: many encoders leave it out
      return out;
    }
    const auto block = static_cast<unsigned char>(b[at]);
    if (block == 0x3B) return out;  // the trailer
    if (block == 0x21) {            // an extension: label, then sub-blocks
      if (b.size() - at < 2) break;
      const bool is_control = static_cast<unsigned char>(b[at + 1]) == 0xF9;
      const std::size_t next = skip_sub_blocks(b, at + 2);
      if (next == 0) break;
      control = is_control ? at : 0;
      at = next;
      continue;
    }
    if (block != 0x2C || b.size() - at < kImageDescriptorBytes) break;
    GifFrame f;
    f.begin = control != 0 ? control : at;
    f.descriptor = at;
    f.width = le16(b, at + 5);
    f.height = le16(b, at + 7);
    const std::size_t lct = colour_table_bytes(static_cast<unsigned char>(b[at + 9]));
    std::size_t data = at + kImageDescriptorBytes;
    if (lct > b.size() - data || b.size() - data - lct < 1) break;
    data += lct + 1;  // the colour table and the LZW minimum code size
    const std::size_t next = skip_sub_blocks(b, data);
    if (next == 0) break;
    f.end = next;
    ++out.count;
    if (out.frames.size() < max_frames) out.frames.push_back(f);
    control = 0;
    at = next;
  }
  out.damaged = true;
  return out;
}

std::string gif_single_frame(std::string_view b, const GifFrames& walked, const GifFrame& frame) {
  std::string gif;
  gif.reserve(walked.header_bytes + (frame.end - frame.begin) + 1);
  gif.append(b.substr(0, walked.header_bytes));
  gif.append(b.substr(frame.begin, frame.end - frame.begin));
  gif += '\x3B';
  put_le16(gif, 6, frame.width);  // the logical screen: the frame's size
  put_le16(gif, 8, frame.height);
  const std::size_t descriptor = walked.header_bytes + (frame.descriptor - frame.begin);
  put_le16(gif, descriptor + 1, 0);  // at the top left
  put_le16(gif, descriptor + 3, 0);
  return gif;
}

}  // namespace datavagt
