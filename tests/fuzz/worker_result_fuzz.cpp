// libFuzzer target: the bytes a worker process sends the scanner for a request (worker_pool.h) — one file, or a
// batch of files answered one after the other — read as the scanner reads them: frames off a stream socket
// (scanner/frame_channel.h), each folded into the verdict of the file being answered (scanner/worker_results.h,
// payloads of scanner/verdict_wire.h); an end frame closes that file and the next frames are the next file's,
// up to a batch's kMaxBatchFiles. A worker that a file has corrupted may send anything. Checks beyond "no crash":
//   - the frames read never take more bytes than were sent;
//   - every finding, problem and end frame that is accepted encodes back to the very bytes that were read (one
//     value, one encoding: nothing is half-read, guessed or dropped);
//   - a malformed frame ends the request (the supervisor replaces the worker) and adds nothing; each file's
//     verdict holds what its own accepted frames said and nothing of the file before it.
// Seeds are real verdicts: `worker_result_fuzz --seed-from FILE... > seed` scans each FILE in process with the
// default rules and writes the frames a worker would send for them as one batch (./run does this with the
// fixtures of targets.tsv, one seed per file and one batch of several), then exits before libFuzzer starts.
#include <sys/socket.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>
#include <string_view>

#include "detectors/database_cache.h"
#include "detectors/fingerprint.h"
#include "detectors/ruleset.h"
#include "scanner/frame_channel.h"
#include "scanner/item_scanner.h"
#include "scanner/scan_worker.h"
#include "scanner/verdict_wire.h"
#include "scanner/worker_results.h"

namespace {

using namespace datavagt;

void check(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "worker_result_fuzz: %s\n", what);
  std::abort();
}

// The frame header FrameChannel writes: a 32-bit length (host order) and the type byte.
std::string framed(char type, std::string_view payload) {
  const auto n = static_cast<std::uint32_t>(payload.size());
  std::string out(reinterpret_cast<const char*>(&n), sizeof n);
  out += type;
  out.append(payload);
  return out;
}

// What a worker sends for `v`: each finding, problem and note, then the end frame.
std::string frames_of(const FileVerdict& v) {
  std::string out;
  for (const auto& f : v.findings) {
    wire::Writer w;
    wire::put_finding(w, f);
    out += framed(worker_frame::kFinding, w.bytes());
  }
  for (const auto& p : v.problems) {
    wire::Writer w;
    wire::put_problem(w, p);
    out += framed(worker_frame::kProblem, w.bytes());
  }
  for (const auto& n : v.notes) out += framed(worker_frame::kNote, n);
  wire::Writer w;
  wire::put_end(w, file_end_of(v));
  out += framed(worker_frame::kEnd, w.bytes());
  return out;
}

void write_seed(std::span<char* const> paths) {
  RulesetConfig config;
  config.cache_dir = DatabaseCache::default_dir();  // compiled once, then loaded: ./run makes a seed per file
  auto rules = Ruleset::build_default(config);
  check(rules.ok(), "the default rules do not build");
  const Fingerprinter fingerprinter(std::string(32, 'k'));
  const DetectOptions options;
  const Limits limits;
  const DetectContext ctx{options, fingerprinter, limits};
  ItemScanner scanner(**rules, ctx);
  std::string bytes;
  for (const char* path : paths) {
    FileVerdict v = scanner.scan_file(path);
    v.seconds = 0;  // the same seed on every run (./run sanitize runs the same inputs every time)
    bytes += frames_of(v);
  }
  std::fwrite(bytes.data(), 1, bytes.size(), stdout);
  std::exit(0);
}

template <typename T, typename Put>
void check_encodes_back(const T& value, Put put, std::string_view payload, const char* what) {
  wire::Writer w;
  put(w, value);
  check(w.bytes() == payload, what);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  if (*argc >= 3 && std::string_view((*argv)[1]) == "--seed-from")
    write_seed(std::span<char* const>(*argv + 2, static_cast<std::size_t>(*argc - 2)));
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  int ends[2];
  check(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, ends) == 0, "socketpair");
  // The worker's end: sends what the socket takes (all of an input up to -max_len=65536: a local socket buffers
  // about 200 KB; a longer input is cut where the buffer is full), then closes (the worker is gone).
  std::size_t sent = 0;
  while (sent < input.size()) {
    const ssize_t n = ::send(ends[1], input.data() + sent, input.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<std::size_t>(n);
  }
  ::close(ends[1]);
  size = sent;

  FrameChannel channel(ends[0]);
  FileVerdict v;  // the file being answered
  wire::FileEnd end;
  std::size_t consumed = 0;
  std::size_t files = 0;  // answered whole
  std::size_t findings = 0, problems = 0, notes = 0;
  Frame frame;
  while (files < kMaxBatchFiles && channel.next(frame, -1) == FrameChannel::Got::Frame) {
    consumed += 5 + frame.payload.size();
    check(consumed <= size, "frames longer than the bytes sent");
    const char type = frame.type;
    const std::string payload = frame.payload;
    const ResultStep step = add_result_frame(frame, v, end);
    if (step == ResultStep::Malformed) {
      check(v.findings.size() == findings && v.problems.size() == problems && v.notes.size() == notes,
            "a malformed frame changed the verdict");
      break;
    }
    if (step == ResultStep::End) {
      check(type == worker_frame::kEnd, "an end from a frame that is not the end");
      check_encodes_back(end, wire::put_end, payload, "an end frame does not encode back to its bytes");
      check(v.format == end.format && v.info.size == end.size && v.has_text == end.has_text &&
                v.findings.size() == findings && v.problems.size() == problems && v.notes.size() == notes,
            "the verdict is not what its frames said");
      ++files;
      v = FileVerdict{};  // the next file of the batch, as the supervisor starts it
      end = wire::FileEnd{};
      findings = problems = notes = 0;
      continue;
    }
    if (type == worker_frame::kFinding) {
      check(v.findings.size() == ++findings, "a finding frame did not add one finding");
      check_encodes_back(v.findings.back(), wire::put_finding, payload, "a finding does not encode back to its bytes");
    } else if (type == worker_frame::kProblem) {
      check(v.problems.size() == ++problems, "a problem frame did not add one problem");
      check_encodes_back(v.problems.back(), wire::put_problem, payload, "a problem does not encode back to its bytes");
    } else {
      check(type == worker_frame::kNote && v.notes.size() == ++notes && v.notes.back() == payload,
            "a frame of another type was taken");
    }
  }
  return 0;
}
