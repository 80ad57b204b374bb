// libFuzzer target: untrusted bytes as a PST message (extractors/mail/pst_message.h), the format of our own
// in which the PST extractor hands a message on; a file that starts with its magic is read so too. Two ways:
// - the bytes after the magic as a message's records: through the PST message extractor, attached messages
//   read again the same way (as the scanner would, one level deeper each);
// - the bytes as the reader process's stream of records: each Message record's records made into a message's
//   bytes by MessageSource, which must start with the magic and end with End, then read as above.
// Text must be valid UTF-8, members have a name and are one level down. Build with ./run fuzz.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "core/utf8.h"
#include "extractors/byte_source.h"
#include "extractors/format.h"
#include "extractors/mail/pst_message.h"
#include "extractors/mail/pst_records.h"
#include "extractors/registry.h"

namespace {

using namespace datavagt;

Limits fuzz_limits() {
  Limits l;
  l.max_text_bytes = 1 << 20;
  l.max_buffered_member_bytes = 1 << 20;
  return l;
}

void read_message(ByteSource& in, const ItemInfo& info, const Limits& limits);

class CheckingSink final : public ExtractSink {
 public:
  CheckingSink(const ItemInfo& info, const Limits& limits) : info_(info), limits_(limits) {}
  bool text(const TextChunk& c) override {
    if (!utf8::is_valid(c.utf8)) std::abort();
    return true;
  }
  void nested(const ItemInfo& member, ByteSource& bytes) override {
    if (member.depth != info_.depth + 1 || member.location.members.size() != info_.location.members.size() + 1)
      std::abort();
    if (member.depth > 8) return;  // the scanner's depth limit, smaller
    std::string head(pst::kPstMessageMagic.size(), '\0');
    auto got = read_fully(bytes, head);
    if (!got) return;
    head.resize(*got);
    if (head != pst::kPstMessageMagic) {
      char buf[4096];  // an attachment: read through
      for (;;) {
        auto n = bytes.read(buf);
        if (!n || *n == 0) break;
      }
      return;
    }
    PrefixedSource whole(head, bytes);
    read_message(whole, member, limits_);
  }
  void problem(Problem) override {}

 private:
  const ItemInfo& info_;
  const Limits& limits_;
};

void read_message(ByteSource& in, const ItemInfo& info, const Limits& limits) {
  CheckingSink sink(info, limits);
  make_extractor(FormatId::PstMessage)->extract(in, info, sink, limits);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Limits limits = fuzz_limits();
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  ItemInfo file;
  file.location.path = "export.pst";
  file.size = size;

  const std::string message = std::string(pst::kPstMessageMagic) + std::string(bytes);
  MemorySource as_message(message);
  read_message(as_message, file.member(file.location.child("1 besked"), message.size()), limits);

  MemorySource as_stream(bytes);
  pst::RecordReader records(as_stream, limits.max_buffered_member_bytes);
  pst::Record type;
  std::vector<std::string> fields;
  for (int i = 0; i < 64 && records.next(type, fields) == pst::RecordReader::Status::Ok; ++i) {
    if (type != pst::Record::Message) continue;
    pst::MessageSource source(records);
    std::string made;
    if (!read_up_to(source, std::size_t{1} << 24, made, 4096)) std::abort();  // never fails: it closes instead
    if (!made.starts_with(pst::kPstMessageMagic) || made.size() < pst::kPstMessageMagic.size() + 2 ||
        made.compare(made.size() - 2, 2, pst::record_head(pst::Record::End, 0)) != 0)
      std::abort();
    MemorySource again(made);
    read_message(again, file.member(file.location.child("m"), made.size()), limits);
    if (source.failure() != pst::RecordReader::Status::Ok) break;
  }
  return 0;
}
