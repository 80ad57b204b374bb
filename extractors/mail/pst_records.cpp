#include "extractors/mail/pst_records.h"

#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>

namespace datavagt::pst {

namespace {

constexpr std::size_t kReadBytes = 64 * 1024;

bool write_all(int fd, const char* p, std::size_t n) {
  while (n > 0) {
    const ssize_t w = ::write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    p += w;
    n -= static_cast<std::size_t>(w);
  }
  return true;
}

template <class T>
bool parse_number(std::string_view s, T& v) {
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

std::uint32_t get_u32(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return std::uint32_t{u[0]} | std::uint32_t{u[1]} << 8 | std::uint32_t{u[2]} << 16 | std::uint32_t{u[3]} << 24;
}

}  // namespace

std::optional<std::uint64_t> decimal_field(std::string_view field) {
  std::uint64_t v = 0;
  if (!parse_number(field, v)) return std::nullopt;
  return v;
}

std::optional<ItemInfo> message_member(const ItemInfo& parent, const std::vector<std::string>& fields) {
  std::uint64_t size = 0;
  std::int64_t date = 0;
  if (fields.size() != 3 || !parse_number(fields[2], size) || (!fields[1].empty() && !parse_number(fields[1], date)))
    return std::nullopt;
  ItemInfo m = parent.member(parent.location.child(fields[0]), size);
  if (!fields[1].empty()) m.mtime = date;  // the message's date, not its container's
  return m;
}

std::optional<Problem> record_problem(const ItemInfo& parent, const std::vector<std::string>& fields) {
  int kind = 0;
  if (fields.size() != 3 || !parse_number(fields[0], kind) || kind < 0 || kind > static_cast<int>(ProblemKind::Internal))
    return std::nullopt;
  Problem p = Problem::make(static_cast<ProblemKind>(kind), fields[1]);
  if (!fields[2].empty()) p.members = parent.location.child(fields[2]).members;
  return p;
}

std::string record_head(Record type, std::size_t fields) {
  return {static_cast<char>(type), static_cast<char>(fields)};
}

std::string field_length(std::uint32_t n) {
  std::string s(4, '\0');
  for (int i = 0; i < 4; ++i) s[static_cast<std::size_t>(i)] = static_cast<char>((n >> (8 * i)) & 0xFF);
  return s;
}

void append_record(std::string& out, Record type, std::initializer_list<std::string_view> fields) {
  out += record_head(type, fields.size());
  for (std::string_view f : fields) {
    out += field_length(static_cast<std::uint32_t>(f.size()));
    out += f;
  }
}

bool RecordWriter::write(Record type, std::initializer_list<std::string_view> fields) {
  std::lock_guard<std::mutex> lock(m_);
  const std::string head = record_head(type, fields.size());
  if (!write_all(fd_, head.data(), head.size())) return false;
  for (std::string_view f : fields) {
    const std::string len = field_length(static_cast<std::uint32_t>(f.size()));
    if (!write_all(fd_, len.data(), len.size()) || !write_all(fd_, f.data(), f.size())) return false;
  }
  return true;
}

RecordReader::RecordReader(ByteSource& in, std::size_t max_field_bytes)
    : in_(in), max_field_(max_field_bytes), buf_(kReadBytes) {}

RecordReader::Status RecordReader::refill(bool at_start) {
  if (pos_ < end_) return Status::Ok;
  auto n = in_.read(std::span<char>(buf_.data(), buf_.size()));
  if (!n) {
    failure_ = n.problem();
    return Status::Failed;
  }
  if (*n == 0) return at_start ? Status::Eof : Status::Malformed;  // cut inside a record: the writer died
  pos_ = 0;
  end_ = *n;
  return Status::Ok;
}

RecordReader::Status RecordReader::take(char* out, std::size_t n, bool at_start) {
  while (n > 0) {
    if (auto s = refill(at_start); s != Status::Ok) return s;
    at_start = false;
    const std::size_t k = std::min(n, end_ - pos_);
    std::memcpy(out, buf_.data() + pos_, k);
    pos_ += k;
    out += k;
    n -= k;
  }
  return Status::Ok;
}

RecordReader::Status RecordReader::begin(Record& type, unsigned& fields) {
  field_left_ = 0;
  char head[2];
  do {
    if (auto s = take(head, 2, true); s != Status::Ok) return s;
    type = static_cast<Record>(head[0]);
  } while (type == Record::Alive && head[1] == 0);
  fields = static_cast<unsigned char>(head[1]);
  return Status::Ok;
}

RecordReader::Status RecordReader::field_size(std::uint32_t& n) {
  char len[4];
  if (auto s = take(len, 4, false); s != Status::Ok) return s;
  n = get_u32(len);
  field_left_ = n;
  return Status::Ok;
}

RecordReader::Status RecordReader::field(std::string& out) {
  std::uint32_t n = 0;
  if (auto s = field_size(n); s != Status::Ok) return s;
  if (n > max_field_) return Status::Malformed;
  out.clear();
  // Grown as the bytes arrive: a declared length alone allocates nothing.
  while (field_left_ > 0) {
    if (auto s = refill(false); s != Status::Ok) return s;
    const std::size_t k = static_cast<std::size_t>(std::min<std::uint64_t>(field_left_, end_ - pos_));
    out.append(buf_.data() + pos_, k);
    pos_ += k;
    field_left_ -= k;
  }
  return Status::Ok;
}

Result<std::size_t> RecordReader::read_field(std::span<char> buf) {
  if (field_left_ == 0 || buf.empty()) return std::size_t{0};
  const Status s = refill(false);
  if (s == Status::Failed) return *failure_;
  if (s != Status::Ok) return Problem::make(ProblemKind::Corrupt, "pst: a message ends inside an attachment");
  const std::size_t k =
      static_cast<std::size_t>(std::min<std::uint64_t>({field_left_, end_ - pos_, buf.size()}));
  std::memcpy(buf.data(), buf_.data() + pos_, k);
  pos_ += k;
  field_left_ -= k;
  return k;
}

RecordReader::Status RecordReader::skip_field() {
  while (field_left_ > 0) {
    if (auto s = refill(false); s != Status::Ok) return s;
    const std::size_t k = static_cast<std::size_t>(std::min<std::uint64_t>(field_left_, end_ - pos_));
    pos_ += k;
    field_left_ -= k;
  }
  return Status::Ok;
}

RecordReader::Status RecordReader::next(Record& type, std::vector<std::string>& fields) {
  unsigned count = 0;
  if (auto s = begin(type, count); s != Status::Ok) return s;
  fields.resize(count);
  for (auto& f : fields)
    if (auto s = field(f); s != Status::Ok) return s;
  return Status::Ok;
}

Result<std::size_t> PipeSource::read(std::span<char> buf) {
  for (;;) {
    pollfd pfd{fd_, POLLIN, 0};
    const int ready = ::poll(&pfd, 1, stall_ms_);
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) {
      stalled_ = true;
      return Problem::make(ProblemKind::Corrupt, "pst: the reader process fell silent");
    }
    const ssize_t r = ::read(fd_, buf.data(), buf.size());
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return Problem::make(ProblemKind::Internal, std::string("pst: reading the pipe: ") + std::strerror(errno));
    return static_cast<std::size_t>(r);
  }
}

Result<bool> PipeSource::rewind() { return Problem::make(ProblemKind::Internal, "pst: a pipe cannot be read twice"); }

}  // namespace datavagt::pst
