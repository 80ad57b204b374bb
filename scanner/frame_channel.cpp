#include "scanner/frame_channel.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace datavagt {

namespace {

constexpr std::size_t kHeader = 5;                        // 32-bit length, type
constexpr std::uint32_t kMaxPayload = std::uint32_t{1} << 28;  // far beyond any one finding or problem

}  // namespace

FrameChannel::FrameChannel(FrameChannel&& o) noexcept
    : fd_(o.fd_), out_(std::move(o.out_)), in_(std::move(o.in_)), in_pos_(o.in_pos_), fds_(std::move(o.fds_)),
      broken_(o.broken_) {
  o.fd_ = -1;
  o.fds_.clear();
}

FrameChannel& FrameChannel::operator=(FrameChannel&& o) noexcept {
  if (this != &o) {
    this->~FrameChannel();
    new (this) FrameChannel(std::move(o));
  }
  return *this;
}

FrameChannel::~FrameChannel() {
  for (int f : fds_) ::close(f);
  if (fd_ >= 0) ::close(fd_);
}

void FrameChannel::queue(char type, std::string_view payload) {
  const auto n = static_cast<std::uint32_t>(payload.size());
  char head[kHeader];
  std::memcpy(head, &n, 4);
  head[4] = type;
  out_.append(head, kHeader);
  out_.append(payload);
}

bool FrameChannel::write_all(std::string_view bytes, int pass_fd) {
  if (broken_) return false;
  while (!bytes.empty()) {
    iovec iov{const_cast<char*>(bytes.data()), bytes.size()};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))];
    if (pass_fd >= 0) {
      std::memset(control, 0, sizeof control);
      msg.msg_control = control;
      msg.msg_controllen = sizeof control;
      cmsghdr* c = CMSG_FIRSTHDR(&msg);
      c->cmsg_level = SOL_SOCKET;
      c->cmsg_type = SCM_RIGHTS;
      c->cmsg_len = CMSG_LEN(sizeof(int));
      std::memcpy(CMSG_DATA(c), &pass_fd, sizeof(int));
    }
    const ssize_t n = ::sendmsg(fd_, &msg, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      broken_ = true;
      return false;
    }
    pass_fd = -1;  // sent with the first byte
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

bool FrameChannel::flush() {
  if (out_.empty()) return !broken_;
  const bool ok = write_all(out_, -1);
  out_.clear();
  return ok;
}

bool FrameChannel::send_with_fd(char type, std::string_view payload, int fd) {
  std::string pending;
  pending.swap(out_);
  queue(type, payload);
  // What was queued before goes first, in the same write; the descriptor rides on its first byte.
  pending += out_;
  out_.clear();
  return write_all(pending, fd);
}

bool FrameChannel::take_frame(Frame& out) {
  const std::size_t have = in_.size() - in_pos_;
  if (have < kHeader) return false;
  std::uint32_t n;
  std::memcpy(&n, in_.data() + in_pos_, 4);
  if (n > kMaxPayload) {
    broken_ = true;
    return false;
  }
  if (have < kHeader + n) return false;
  out.type = in_[in_pos_ + 4];
  out.payload.assign(in_, in_pos_ + kHeader, n);
  in_pos_ += kHeader + n;
  if (in_pos_ == in_.size()) {
    in_.clear();
    in_pos_ = 0;
  }
  return true;
}

int FrameChannel::take_fd() {
  if (fds_.empty()) return -1;
  const int f = fds_.front();
  fds_.pop_front();
  return f;
}

FrameChannel::Got FrameChannel::next(Frame& out, int timeout_ms) {
  for (;;) {
    if (take_frame(out)) return Got::Frame;
    if (broken_) return Got::End;
    pollfd p{fd_, POLLIN, 0};
    const int r = ::poll(&p, 1, timeout_ms);
    if (r < 0 && errno == EINTR) continue;
    if (r == 0) return Got::Timeout;
    if (r < 0) {
      broken_ = true;
      return Got::End;
    }
    if (in_pos_ > 0) {
      in_.erase(0, in_pos_);
      in_pos_ = 0;
    }
    const std::size_t old = in_.size();
    in_.resize(old + (std::size_t{64} << 10));
    iovec iov{in_.data() + old, in_.size() - old};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * 4)];
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    const ssize_t n = ::recvmsg(fd_, &msg, MSG_CMSG_CLOEXEC);
    if (n < 0 && errno == EINTR) {
      in_.resize(old);
      continue;
    }
    if (n <= 0) {
      in_.resize(old);
      broken_ = true;
      return Got::End;
    }
    in_.resize(old + static_cast<std::size_t>(n));
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
      if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
      const std::size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
      for (std::size_t i = 0; i < count; ++i) {
        int f;
        std::memcpy(&f, CMSG_DATA(c) + i * sizeof(int), sizeof f);
        fds_.push_back(f);
      }
    }
  }
}

}  // namespace datavagt
