// libFuzzer target: the text-level parsers of untrusted bytes added for issue 15: the HTML <meta> charset
// prescan (html_charset.h) over the input, and the binary strings scanner (binary_strings.h), whole against
// in pieces (the runs must not depend on where the input is cut; any difference aborts). Build with ./run fuzz.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/utf8.h"
#include "extractors/text/binary_strings.h"
#include "extractors/text/html_charset.h"

using namespace datavagt;

namespace {

std::string runs(std::string_view bytes, std::size_t piece) {
  std::string out;
  BinaryStrings s([&](std::string_view run) {
    if (!utf8::is_valid(run)) std::abort();
    out.append(run);
    return true;
  });
  for (std::size_t at = 0; at < bytes.size(); at += piece) s.feed(bytes.substr(at, piece));
  s.finish();
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)html_declared_charset(bytes);
  (void)charset_from_label(bytes.substr(0, 64));
  const std::size_t piece = 1 + (size > 0 ? data[0] % 13 : 0);
  if (runs(bytes, bytes.size() + 1) != runs(bytes, piece)) {
    std::fprintf(stderr, "binary strings differ in pieces of %zu\n", piece);
    std::abort();
  }
  return 0;
}
