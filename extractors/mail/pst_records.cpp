#include "extractors/mail/pst_records.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace datavagt::pst {

namespace {

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

void put_u32(std::string& s, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) s += static_cast<char>((v >> (8 * i)) & 0xFF);
}

std::uint32_t get_u32(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return std::uint32_t{u[0]} | std::uint32_t{u[1]} << 8 | std::uint32_t{u[2]} << 16 | std::uint32_t{u[3]} << 24;
}

}  // namespace

bool RecordWriter::write(Record type, std::initializer_list<std::string_view> fields) {
  std::lock_guard<std::mutex> lock(m_);
  std::string head;
  head += static_cast<char>(type);
  head += static_cast<char>(fields.size());
  if (!write_all(fd_, head.data(), head.size())) return false;
  for (std::string_view f : fields) {
    std::string len;
    put_u32(len, static_cast<std::uint32_t>(f.size()));
    if (!write_all(fd_, len.data(), len.size()) || !write_all(fd_, f.data(), f.size())) return false;
  }
  return true;
}

RecordReader::Status RecordReader::read_exact(char* p, std::size_t n, bool at_start) {
  while (n > 0) {
    pollfd pfd{fd_, POLLIN, 0};
    const int ready = ::poll(&pfd, 1, stall_ms_);
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) return Status::Stalled;
    const ssize_t r = ::read(fd_, p, n);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return at_start ? Status::Eof : Status::Malformed;  // cut inside a record: the reader died
    at_start = false;
    p += r;
    n -= static_cast<std::size_t>(r);
  }
  return Status::Ok;
}

RecordReader::Status RecordReader::next(Record& type, std::vector<std::string>& fields) {
  fields.clear();
  char head[2];
  do {
    if (auto s = read_exact(head, 2, true); s != Status::Ok) return s;
    type = static_cast<Record>(head[0]);
  } while (type == Record::Alive && head[1] == 0);
  const auto count = static_cast<unsigned char>(head[1]);
  for (unsigned i = 0; i < count; ++i) {
    char len[4];
    if (auto s = read_exact(len, 4, false); s != Status::Ok) return s;
    const std::uint32_t n = get_u32(len);
    if (n > max_field_) return Status::Malformed;
    std::string f(n, '\0');
    if (auto s = read_exact(f.data(), n, false); s != Status::Ok) return s;
    fields.push_back(std::move(f));
  }
  return Status::Ok;
}

}  // namespace datavagt::pst
