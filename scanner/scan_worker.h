#pragma once
// The worker process's side of worker_pool.h: this program started afresh in the role "scan-worker"
// (core/helper_process.h), with its socket to the scanner as descriptor 3. It reads its settings (the rule
// set's configuration, the detection options, the fingerprint key, the limits) as the first frame, builds
// its own rule set (from the database cache the scanner has just filled), and then scans one file per
// request, on one thread, with no member tasks. What a file gives is sent as it comes (verdict_wire.h):
// findings, problems and notes go out each time the next member starts, the verdict's own fields at the end.
// Bounds it sets on itself: the memory limit (RLIMIT_DATA; operator new failing ends the process with
// kMemoryLimitExit), a CPU-time limit per file (RLIMIT_CPU: SIGXCPU), no core dumps. It retires after
// Limits::worker_recycle_files files or once its peak RSS passes Limits::worker_recycle_rss_bytes (the
// scanner starts another). SIGUSR1 from the scanner asks the file in progress to stop as the scan stops
// (Limits::stop_grace_seconds). It ends when the scanner closes the socket.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/limits.h"
#include "detectors/detector.h"
#include "detectors/detector_config.h"

namespace datavagt {

inline constexpr std::string_view kScanWorkerRole = "scan-worker";
// A worker's exit status when it could not get memory within its limit.
inline constexpr int kMemoryLimitExit = 86;

// Frame types (frame_channel.h) between the scanner and a worker.
namespace worker_frame {
inline constexpr char kSettings = 'C';  // scanner -> worker, first: WorkerSettings
inline constexpr char kScanPath = 'S';  // scanner -> worker: open and scan this path
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

// A scan request: the path, whether to follow a symlink there (a root), whether to hash the content.
std::string encode_request(const std::string& path, bool follow_symlink, bool want_hash);

// The role's main (helper_roles.cpp).
int scan_worker_main(std::span<char* const> args);

}  // namespace datavagt
