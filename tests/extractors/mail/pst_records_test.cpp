// The pipe protocol between the PST reader process and the PST extractor.
#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

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
  RecordReader r(p.fd[0], 5, 1 << 20);
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
    RecordReader r(p.fd[0], 5, 50);  // fields above 50 bytes are refused
    Record type;
    std::vector<std::string> f;
    EXPECT_EQ(r.next(type, f), RecordReader::Status::Malformed);
  }
  {
    Pipe p;
    ASSERT_EQ(::write(p.fd[1], "T\x02\x04\x00", 4), 4);  // a writer that died inside a record
    p.close_write();
    RecordReader r(p.fd[0], 5, 1 << 20);
    Record type;
    std::vector<std::string> f;
    EXPECT_EQ(r.next(type, f), RecordReader::Status::Malformed);
  }
}

TEST(PstRecords, SilenceIsStalled) {
  Pipe p;  // the write end stays open and silent
  RecordReader r(p.fd[0], 1, 1 << 20);
  Record type;
  std::vector<std::string> f;
  EXPECT_EQ(r.next(type, f), RecordReader::Status::Stalled);
}

}  // namespace
}  // namespace datavagt::pst
