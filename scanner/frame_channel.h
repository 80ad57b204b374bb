#pragma once
// Frames over one end of a local stream socket: between the scanner and a worker process (worker_pool.h).
// A frame is a type byte and a payload (verdict_wire.h), preceded by its length; a descriptor can travel with
// a frame (SCM_RIGHTS: the findings store's open file). Frames are queued and written together by flush(),
// so a file's many small results cost few system calls. Owns the descriptor; one thread at a time.
// Failures: send/flush return false once the other end is gone (no SIGPIPE); next() tells a frame, a
// timeout, or the end (the other end closed or sent something that is not a frame).
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>

namespace datavagt {

struct Frame {
  char type = 0;
  std::string payload;
};

class FrameChannel {
 public:
  FrameChannel() = default;
  explicit FrameChannel(int fd) : fd_(fd) {}
  FrameChannel(FrameChannel&& o) noexcept;
  FrameChannel& operator=(FrameChannel&& o) noexcept;
  FrameChannel(const FrameChannel&) = delete;
  FrameChannel& operator=(const FrameChannel&) = delete;
  ~FrameChannel();

  int fd() const { return fd_; }
  void queue(char type, std::string_view payload);
  // The bytes queued and not yet written.
  std::size_t queued() const { return out_.size(); }
  bool flush();
  // Flushes what is queued, then writes this frame with `fd` attached.
  bool send_with_fd(char type, std::string_view payload, int fd);

  enum class Got { Frame, Timeout, End };
  // The next frame, waiting at most `timeout_ms` (-1: for ever).
  Got next(Frame& out, int timeout_ms);
  // The oldest descriptor received and not yet taken (the caller owns it), or -1. One sent with a frame has
  // arrived by the time that frame is returned by next().
  int take_fd();

 private:
  bool write_all(std::string_view bytes, int pass_fd);
  // A whole frame from what has been received, if there is one.
  bool take_frame(Frame& out);
  int fd_ = -1;
  std::string out_;
  std::string in_;
  std::size_t in_pos_ = 0;
  std::deque<int> fds_;
  bool broken_ = false;
};

}  // namespace datavagt
