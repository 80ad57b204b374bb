#include "scanner/scan_worker.h"

#include <sys/resource.h>
#include <unistd.h>

#include <cmath>
#include <csignal>
#include <new>

#include <libxml/parser.h>

#include "core/scan_stop.h"
#include "detectors/fingerprint.h"
#include "detectors/ruleset.h"
#include "scanner/fault_injection.h"
#include "scanner/file_source.h"
#include "scanner/frame_channel.h"
#include "scanner/item_scanner.h"
#include "scanner/verdict_wire.h"
#include "scanner/worker_progress.h"
#include "scanner/worker_results.h"

namespace datavagt {

namespace {

// Results of finished files waiting for the end of the request are written once this much is queued.
constexpr std::size_t kFlushBytes = std::size_t{64} << 10;

void put_limits(wire::Writer& w, const Limits& l) {
  w.u64(l.max_text_bytes);
  w.u64(l.read_chunk_bytes);
  w.u64(l.max_findings_per_item);
  w.u32(l.max_depth);
  w.u64(l.max_buffered_member_bytes);
  w.u64(l.max_members);
  w.u64(l.max_unpacked_bytes);
  w.u64(l.max_file_unpacked_bytes);
  w.u32(l.max_compression_ratio);
  w.u64(l.ratio_guard_bytes);
  w.f64(l.max_seconds_per_file);
  w.u64(l.dedup_member_bytes);
  w.u64(l.max_spooled_member_bytes);
  w.u32(l.max_silent_seconds);
  w.u64(l.parallel_member_bytes);
  w.u64(l.parallel_pending_bytes);
  w.u8(static_cast<std::uint8_t>(l.ocr));
  w.u64(l.ocr_min_pixels);
  w.u32(l.ocr_min_side);
  w.u64(l.ocr_max_image_pixels);
  w.u32(l.ocr_max_pages_per_file);
  w.u64(l.ocr_max_pixels_per_file);
  w.f64(l.ocr_max_seconds_per_file);
  w.u32(l.ocr_pdf_dpi);
  w.f64(l.stop_grace_seconds);
  w.u64(l.max_worker_memory_bytes);
  w.u32(l.worker_recycle_files);
  w.u64(l.worker_recycle_rss_bytes);
  w.f64(l.worker_watchdog_grace_seconds);
}

// nullopt when a value is out of its range (an OCR mode that does not exist).
std::optional<Limits> get_limits(wire::Reader& r) {
  Limits l;
  l.max_text_bytes = r.u64();
  l.read_chunk_bytes = r.u64();
  l.max_findings_per_item = r.u64();
  l.max_depth = r.u32();
  l.max_buffered_member_bytes = r.u64();
  l.max_members = r.u64();
  l.max_unpacked_bytes = r.u64();
  l.max_file_unpacked_bytes = r.u64();
  l.max_compression_ratio = r.u32();
  l.ratio_guard_bytes = r.u64();
  l.max_seconds_per_file = r.f64();
  l.dedup_member_bytes = r.u64();
  l.max_spooled_member_bytes = r.u64();
  l.max_silent_seconds = r.u32();
  l.parallel_member_bytes = r.u64();
  l.parallel_pending_bytes = r.u64();
  const std::uint8_t ocr = r.u8();
  if (ocr > static_cast<std::uint8_t>(OcrMode::All)) return std::nullopt;
  l.ocr = static_cast<OcrMode>(ocr);
  l.ocr_min_pixels = r.u64();
  l.ocr_min_side = r.u32();
  l.ocr_max_image_pixels = r.u64();
  l.ocr_max_pages_per_file = r.u32();
  l.ocr_max_pixels_per_file = r.u64();
  l.ocr_max_seconds_per_file = r.f64();
  l.ocr_pdf_dpi = r.u32();
  l.stop_grace_seconds = r.f64();
  l.max_worker_memory_bytes = r.u64();
  l.worker_recycle_files = r.u32();
  l.worker_recycle_rss_bytes = r.u64();
  l.worker_watchdog_grace_seconds = r.f64();
  return l;
}

// The scan's stop, as the scanner asked for it with SIGUSR1 (ScanStop::request is async-signal-safe).
ScanStop* stop_for_signal = nullptr;
double grace_for_signal = 0;

void on_stop_signal(int) {
  if (stop_for_signal != nullptr)
    stop_for_signal->request(SIGINT, std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                         std::chrono::duration<double>(grace_for_signal)));
}

[[noreturn]] void out_of_memory() { ::_exit(kMemoryLimitExit); }

void set_limit(int resource, rlim_t soft) {
  struct rlimit r;
  if (::getrlimit(resource, &r) != 0) return;
  r.rlim_cur = r.rlim_max == RLIM_INFINITY ? soft : std::min(soft, r.rlim_max);
  ::setrlimit(resource, &r);
}

double cpu_seconds_used() {
  struct rusage u;
  if (::getrusage(RUSAGE_SELF, &u) != 0) return 0;
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

std::uint64_t peak_rss_bytes() {
  struct rusage u;
  if (::getrusage(RUSAGE_SELF, &u) != 0) return 0;
  return static_cast<std::uint64_t>(u.ru_maxrss) * 1024;
}

// Sends what `verdict` gained since the last call: one frame per finding, problem and note.
class ResultStream {
 public:
  explicit ResultStream(FrameChannel& channel) : channel_(channel) {}
  void start() { findings_ = problems_ = notes_ = 0; }
  // `flush`: written now (a member starts: what came before it goes out), else left queued for the file's end
  // frame to take along in the same write.
  void send_new(const FileVerdict& v, bool flush = true) {
    bool any = false;
    for (; findings_ < v.findings.size(); ++findings_, any = true) {
      wire::Writer w;
      wire::put_finding(w, v.findings[findings_]);
      channel_.queue(worker_frame::kFinding, w.bytes());
    }
    for (; problems_ < v.problems.size(); ++problems_, any = true) {
      wire::Writer w;
      wire::put_problem(w, v.problems[problems_]);
      channel_.queue(worker_frame::kProblem, w.bytes());
    }
    for (; notes_ < v.notes.size(); ++notes_, any = true) channel_.queue(worker_frame::kNote, v.notes[notes_]);
    if (any && flush) channel_.flush();
  }

 private:
  FrameChannel& channel_;
  std::size_t findings_ = 0, problems_ = 0, notes_ = 0;
};

}  // namespace

std::string encode_settings(const WorkerSettings& s) {
  wire::Writer w;
  w.u32(static_cast<std::uint32_t>(s.rules.kinds.size()));
  for (FindingKind k : s.rules.kinds) w.u8(static_cast<std::uint8_t>(k));
  w.u32(static_cast<std::uint32_t>(s.rules.site_dictionaries.size()));
  for (const auto& d : s.rules.site_dictionaries) {
    w.str(d.origin);
    w.str(d.text);
  }
  w.u8(s.rules.builtin_dictionaries ? 1 : 0);
  w.u8(s.rules.inflect ? 1 : 0);
  w.str(s.rules.cache_dir);
  w.u32(static_cast<std::uint32_t>(s.detect.today.year));
  w.u32(static_cast<std::uint32_t>(s.detect.today.month));
  w.u32(static_cast<std::uint32_t>(s.detect.today.day));
  w.f64(s.detect.min_confidence);
  w.f64(s.detect.min_score);
  w.str(s.key);
  put_limits(w, s.limits);
  return std::move(w.bytes());
}

std::optional<WorkerSettings> decode_settings(std::string_view bytes) {
  wire::Reader r(bytes);
  WorkerSettings s;
  const std::uint32_t kinds = r.u32();
  for (std::uint32_t i = 0; r.ok() && i < kinds; ++i) {
    const std::uint8_t k = r.u8();
    if (k > static_cast<std::uint8_t>(FindingKind::Criminal)) return std::nullopt;
    s.rules.kinds.push_back(static_cast<FindingKind>(k));
  }
  const std::uint32_t dictionaries = r.u32();
  for (std::uint32_t i = 0; r.ok() && i < dictionaries; ++i) {
    DictionarySource d;
    d.origin = r.str();
    d.text = r.str();
    s.rules.site_dictionaries.push_back(std::move(d));
  }
  s.rules.builtin_dictionaries = r.flag();
  s.rules.inflect = r.flag();
  s.rules.cache_dir = r.str();
  s.detect.today.year = static_cast<int>(r.u32());
  s.detect.today.month = static_cast<int>(r.u32());
  s.detect.today.day = static_cast<int>(r.u32());
  s.detect.min_confidence = r.f64();
  s.detect.min_score = r.f64();
  s.key = r.str();
  auto limits = get_limits(r);
  if (!limits || !r.done()) return std::nullopt;
  s.limits = *limits;
  return s;
}

std::string encode_request(const std::string& path, bool follow_symlink, bool want_hash) {
  wire::Writer w;
  w.str(path);
  w.u8(follow_symlink ? 1 : 0);
  w.u8(want_hash ? 1 : 0);
  return std::move(w.bytes());
}

std::string encode_batch(std::span<const FileRequest> files, std::span<const std::size_t> which) {
  wire::Writer w;
  w.u32(static_cast<std::uint32_t>(which.size()));
  for (const std::size_t i : which) {
    w.str(files[i].path);
    w.u8(files[i].follow_symlink ? 1 : 0);
  }
  return std::move(w.bytes());
}

std::optional<std::vector<FileRequest>> decode_batch(std::string_view bytes) {
  wire::Reader r(bytes);
  const std::uint32_t n = r.u32();
  if (n == 0 || n > kMaxBatchFiles) return std::nullopt;
  std::vector<FileRequest> files(n);
  for (auto& f : files) {
    f.path = r.str();
    f.follow_symlink = r.flag();
  }
  if (!r.done()) return std::nullopt;
  return files;
}

int scan_worker_main(std::span<char* const>) {
  std::signal(SIGPIPE, SIG_IGN);
  set_limit(RLIMIT_CORE, 0);
  FrameChannel channel(kWorkerSocketFd);
  auto progress = WorkerProgress::map(kWorkerProgressFd);
  if (!progress) return 2;
  Frame frame;
  if (channel.next(frame, -1) != FrameChannel::Got::Frame || frame.type != worker_frame::kSettings) return 2;
  auto settings = decode_settings(frame.payload);
  if (!settings) return 2;
  std::string().swap(frame.payload);  // the key's bytes: not kept twice
  if (settings->limits.max_worker_memory_bytes > 0) set_limit(RLIMIT_DATA, settings->limits.max_worker_memory_bytes);
  std::set_new_handler(out_of_memory);

  ScanStop stop;
  Limits limits = settings->limits;
  limits.stop = &stop;
  stop_for_signal = &stop;
  grace_for_signal = limits.stop_grace_seconds;
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  ::sigaction(SIGUSR1, &sa, nullptr);
  sigset_t usr1;  // blocked by the scanner until now (worker_pool.cpp)
  sigemptyset(&usr1);
  sigaddset(&usr1, SIGUSR1);
  ::sigprocmask(SIG_UNBLOCK, &usr1, nullptr);

  xmlInitParser();
  auto rules = Ruleset::build_default(settings->rules);
  if (!rules) return 3;
  const Fingerprinter fingerprinter(std::move(settings->key));
  const DetectContext ctx{settings->detect, fingerprinter, limits};
  KnownMembers known;  // this worker's files' members, met again in a later file it scans
  ItemScanner scanner(**rules, ctx, nullptr, &known);
  const FaultInjection faults = FaultInjection::from_environment();
  ResultStream stream(channel);
  scanner.set_before_item([&](const ItemInfo& item, const FileVerdict& verdict) {
    stream.send_new(verdict);
    if (!faults.empty())
      if (auto f = faults.fault_for(item.location.display())) FaultInjection::raise(*f);
  });

  // CPU time per file: as much as the watchdog allows in wall-clock time (0 = no bound). The scanner's
  // watchdog bounds each file; this bounds the request, should the scanner stop watching (stopped, suspended).
  const double cpu_per_file =
      limits.max_seconds_per_file > 0 ? limits.max_seconds_per_file + limits.worker_watchdog_grace_seconds : 0;
  std::uint64_t files = 0;  // scanned by this worker
  for (;;) {
    if (channel.next(frame, -1) != FrameChannel::Got::Frame) return 0;  // the scanner is done (or gone)
    std::vector<FileRequest> batch;
    bool want_hash = false;
    int open_fd = -1;
    if (frame.type == worker_frame::kScanBatch) {
      auto decoded = decode_batch(frame.payload);
      if (!decoded) return 2;
      batch = std::move(*decoded);
    } else if (frame.type == worker_frame::kScanOpen) {
      wire::Reader r(frame.payload);
      FileRequest one;
      one.path = r.str();
      one.follow_symlink = r.flag();
      want_hash = r.flag();
      if (!r.done()) return 2;
      batch.push_back(std::move(one));
      open_fd = channel.take_fd();
    } else {
      return 2;
    }
    if (cpu_per_file > 0)
      set_limit(RLIMIT_CPU, static_cast<rlim_t>(std::ceil(cpu_seconds_used() + cpu_per_file * static_cast<double>(batch.size()))));

    for (std::size_t i = 0; i < batch.size(); ++i) {
      const FileRequest& request = batch[i];
      progress->starting(++files);
      stream.start();
      FileVerdict v;
      std::optional<std::array<unsigned char, 32>> hash;
      if (frame.type == worker_frame::kScanBatch) {
        v = scanner.scan_file(request.path, request.follow_symlink);
      } else {
        auto src = open_fd >= 0 ? FileSource::adopt(open_fd)
                                : Result<std::unique_ptr<FileSource>>(Problem::make(ProblemKind::Internal, "no descriptor"));
        if (src) {
          if (want_hash) (*src)->hash_content();
          v = scanner.scan_open_file(request.path, **src);
          if (want_hash && v.has_text)
            if (auto h = (*src)->content_hash()) hash = *h;
        } else {
          v.info.location.path = request.path;
          v.problems.push_back(src.problem());
        }
      }
      stream.send_new(v, false);
      wire::FileEnd end = file_end_of(v);
      end.hash = hash;
      // Decided after the request's last file (a request is small: the worker may pass its count by a few).
      end.retiring = i + 1 == batch.size() &&
                     ((limits.worker_recycle_files > 0 && files >= limits.worker_recycle_files) ||
                      (limits.worker_recycle_rss_bytes > 0 && peak_rss_bytes() > limits.worker_recycle_rss_bytes));
      wire::Writer w;
      wire::put_end(w, end);
      channel.queue(worker_frame::kEnd, w.bytes());
      progress->done(files);
      if (end.retiring) {
        (void)channel.flush();  // retiring either way; a scanner gone has nothing to read it
        return 0;
      }
      if (channel.queued() >= kFlushBytes && !channel.flush()) return 0;
    }
    if (!channel.flush()) return 0;
  }
}

}  // namespace datavagt
