// The records between the PST reader process and the PST extractor, read from a pipe (PipeSource) and from
// memory (a PST message's bytes): whole, field by field, and streamed.
#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "extractors/byte_source.h"
#include "extractors/mail/pst_records.h"

namespace datavagt::pst {
namespace {

struct Pipe {
  Pipe() { EXPECT_EQ(::pipe2(fd, O_CLOEXEC), 0); }
  ~Pipe() {
    for (int f : fd)
      if (f >= 0) ::close(f);
  }
  void close_write() {
    ::close(fd[1]);
    fd[1] = -1;
  }
  int fd[2] = {-1, -1};
};

TEST(PstRecords, RoundTrip) {
  Pipe p;
  RecordWriter w(p.fd[1]);
  const std::string binary("a\0b\xFF", 4);
  ASSERT_TRUE(w.write(Record::Message, {"Indbakke/1 Hej (2019-03-01)", "1551398400", "1234"}));
  ASSERT_TRUE(w.write(Record::Attachment, {"bilag.pdf", binary}));
  ASSERT_TRUE(w.write(Record::End, {}));
  p.close_write();
  PipeSource pipe(p.fd[0], 5);
  RecordReader r(pipe, 1 << 20);
  Record type;
  std::vector<std::string> f;
  ASSERT_EQ(r.next(type, f), RecordReader::Status::Ok);
  EXPECT_EQ(type, Record::Message);
  EXPECT_EQ(f, (std::vector<std::string>{"Indbakke/1 Hej (2019-03-01)", "1551398400", "1234"}));
  ASSERT_EQ(r.next(type, f), RecordReader::Status::Ok);
  EXPECT_EQ(type, Record::Attachment);
  EXPECT_EQ(f[1], binary);
  ASSERT_EQ(r.next(type, f), RecordReader::Status::Ok);
  EXPECT_EQ(type, Record::End);
  EXPECT_TRUE(f.empty());
  EXPECT_EQ(r.next(type, f), RecordReader::Status::Eof);
}

TEST(PstRecords, OversizedOrCutRecordsAreMalformed) {
  {
    Pipe p;
    ASSERT_TRUE(RecordWriter(p.fd[1]).write(Record::Text, {"body", std::string(100, 'x')}));
    p.close_write();
    PipeSource pipe(p.fd[0], 5);
    RecordReader r(pipe, 50);  // fields above 50 bytes are refused
    Record type;
    std::vector<std::string> f;
    EXPECT_EQ(r.next(type, f), RecordReader::Status::Malformed);
  }
  {
    Pipe p;
    ASSERT_EQ(::write(p.fd[1], "T\x02\x04\x00", 4), 4);  // a writer that died inside a record
    p.close_write();
    PipeSource pipe(p.fd[0], 5);
    RecordReader r(pipe, 1 << 20);
    Record type;
    std::vector<std::string> f;
    EXPECT_EQ(r.next(type, f), RecordReader::Status::Malformed);
  }
}

TEST(PstRecords, SilenceIsStalled) {
  Pipe p;  // the write end stays open and silent
  PipeSource pipe(p.fd[0], 1);
  RecordReader r(pipe, 1 << 20);
  Record type;
  std::vector<std::string> f;
  EXPECT_EQ(r.next(type, f), RecordReader::Status::Failed);
  EXPECT_TRUE(pipe.stalled());
  ASSERT_TRUE(r.failure());
}

// The same records from memory (append_record), read in every way and in reads of any size: a long field
// streamed, a declared length that the bytes do not hold, heartbeats skipped.
TEST(PstRecords, FromMemoryWholeAndStreamed) {
  std::string bytes;
  append_record(bytes, Record::Alive, {});
  append_record(bytes, Record::Text, {"subject", "Ansøgning"});
  append_record(bytes, Record::Attachment, {"bilag.txt", std::string(200000, 'x') + "slut"});
  append_record(bytes, Record::End, {});
  for (std::size_t piece : {1, 3, 4096, 1 << 20}) {
    // A source that hands out at most `piece` bytes a read.
    struct Pieces final : ByteSource {
      Pieces(std::string_view b, std::size_t n) : in(b), n(n) {}
      Result<std::size_t> read(std::span<char> buf) override { return in.read(buf.first(std::min(n, buf.size()))); }
      Result<bool> rewind() override { return in.rewind(); }
      MemorySource in;
      std::size_t n;
    } src(bytes, piece);
    RecordReader r(src, 100);
    Record type;
    std::vector<std::string> f;
    ASSERT_EQ(r.next(type, f), RecordReader::Status::Ok) << piece;
    EXPECT_EQ(type, Record::Text);
    EXPECT_EQ(f, (std::vector<std::string>{"subject", "Ansøgning"}));
    unsigned count = 0;
    ASSERT_EQ(r.begin(type, count), RecordReader::Status::Ok);
    EXPECT_EQ(type, Record::Attachment);
    EXPECT_EQ(count, 2u);
    std::string name;
    ASSERT_EQ(r.field(name), RecordReader::Status::Ok);
    EXPECT_EQ(name, "bilag.txt");
    std::uint32_t size = 0;
    ASSERT_EQ(r.field_size(size), RecordReader::Status::Ok);
    EXPECT_EQ(size, 200004u);  // above the bound for whole fields: streamed
    std::string data(1000, '\0');
    auto n = r.read_field(data);
    ASSERT_TRUE(n);
    EXPECT_GT(*n, 0u);
    EXPECT_EQ(data[0], 'x');
    ASSERT_EQ(r.skip_field(), RecordReader::Status::Ok);
    auto none = r.read_field(data);
    ASSERT_TRUE(none);
    EXPECT_EQ(*none, 0u);
    ASSERT_EQ(r.next(type, f), RecordReader::Status::Ok);
    EXPECT_EQ(type, Record::End);
    EXPECT_EQ(r.next(type, f), RecordReader::Status::Eof);
  }
  // A length of 4 GB with three bytes behind it: nothing that size is allocated; the record is cut.
  const std::string lying = std::string("T\x01", 2) + std::string("\xFF\xFF\xFF\xF0", 4) + "abc";
  MemorySource src(lying);
  RecordReader r(src, std::size_t{8} << 30);
  Record type;
  std::vector<std::string> f;
  EXPECT_EQ(r.next(type, f), RecordReader::Status::Malformed);
}

}  // namespace
}  // namespace datavagt::pst
