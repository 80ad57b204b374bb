#pragma once
// The worker process's side of worker_pool.h: this program started afresh in the role "scan-worker"
// (core/helper_process.h), with its socket to the scanner as descriptor 3 and its progress slot
// (worker_progress.h) as descriptor 4. It reads its settings (the rule set's configuration, the detection
// options, the fingerprint key, the limits) as the first frame, builds its own rule set (from the database
// cache the scanner has just filled), and then scans the files of each request (a batch of paths, or one
// open descriptor) one after the other, on one thread, with no member tasks. Before each file it writes the
// file's number into the progress slot, and marks it done after. What a file gives is sent as it
// comes (verdict_wire.h): findings, problems and notes go out each time the next member starts, the
// verdict's own fields (the end frame) after the file; the small files of a batch are answered together
// (written once the request is done or 64 KiB are waiting).
// Bounds it sets on itself: the memory limit (RLIMIT_DATA; operator new failing ends the process with
// kMemoryLimitExit), a CPU-time limit (RLIMIT_CPU: SIGXCPU) of the per-file allowance times the files of the
// request, no core dumps. It retires after a request once it has scanned Limits::worker_recycle_files files
// or its peak RSS passed Limits::worker_recycle_rss_bytes (the scanner starts another). SIGUSR1 from the
// scanner asks the file in progress, and the rest of the request, to stop as the scan stops
// (Limits::stop_grace_seconds). It ends when the scanner closes the socket.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/limits.h"
#include "detectors/detector.h"
#include "detectors/detector_config.h"
#include "scanner/file_scanner.h"

namespace datavagt {

inline constexpr std::string_view kScanWorkerRole = "scan-worker";
// A worker's exit status when it could not get memory within its limit.
inline constexpr int kMemoryLimitExit = 86;
// The descriptors a worker is started with.
inline constexpr int kWorkerSocketFd = 3;
inline constexpr int kWorkerProgressFd = 4;
// At most this many files in one request.
inline constexpr std::size_t kMaxBatchFiles = 256;

// Frame types (frame_channel.h) between the scanner and a worker.
namespace worker_frame {
inline constexpr char kSettings = 'C';  // scanner -> worker, first: WorkerSettings
inline constexpr char kScanBatch = 'B';  // scanner -> worker: open and scan these paths, in this order
inline constexpr char kScanOpen = 'O';  // scanner -> worker: scan the descriptor sent with it
inline constexpr char kFinding = 'f';   // worker -> scanner
inline constexpr char kProblem = 'p';
inline constexpr char kNote = 'n';
inline constexpr char kEnd = 'e';  // the file is done: wire::FileEnd
}  // namespace worker_frame

// What a worker needs to scan as the scanner would.
struct WorkerSettings {
  RulesetConfig rules;
  DetectOptions detect;
  std::string key;  // the fingerprint key's bytes (never on a command line: in the settings frame)
  Limits limits;    // `stop` is the worker's own
};
std::string encode_settings(const WorkerSettings& s);
std::optional<WorkerSettings> decode_settings(std::string_view bytes);

// A request for one open file (kScanOpen): the path, whether to follow a symlink there (a root), whether to
// hash the content.
std::string encode_request(const std::string& path, bool follow_symlink, bool want_hash);
// A request for several files (kScanBatch): `files[which[0]]`, `files[which[1]]`, ... (at most kMaxBatchFiles).
std::string encode_batch(std::span<const FileRequest> files, std::span<const std::size_t> which);
std::optional<std::vector<FileRequest>> decode_batch(std::string_view bytes);

// The role's main (helper_roles.cpp).
int scan_worker_main(std::span<char* const> args);

}  // namespace datavagt
