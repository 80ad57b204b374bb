#pragma once
// Every bound the scan respects, in one place, with its default. Passed by const reference; never global.
#include <cstddef>
#include <cstdint>

namespace datavagt {

class ScanStop;

// Which images are read with OCR (--ocr; extractors/image/). Auto: image-only PDF pages, and images large
// enough to hold text (Limits::ocr_min_pixels, ocr_min_side); All: every image; Off: none, and a note names
// each image or page not read.
enum class OcrMode { Off, Auto, All };

struct Limits {
  // Extracted text per on-disk file; past it extraction stops and the file gets a `truncated` problem.
  std::uint64_t max_text_bytes = std::uint64_t{4} << 30;  // 4 GiB: a plain-text log is scanned whole
  // Bytes read from disk per read() call, and the size of the text chunks fed to the matcher.
  std::size_t read_chunk_bytes = std::size_t{1} << 20;  // 1 MiB per thread
  // Distinct findings kept per item; further matches are counted but not stored (`limit` problem).
  std::size_t max_findings_per_item = 100000;
  // Container nesting (archives, mail, embedded objects). A member deeper than this is not scanned
  // (`limit`). ClamAV: MaxRecursion 17. CLI: --max-depth.
  unsigned max_depth = 16;
  // A member an extractor can only hand on from memory (an embedded object decoded from RTF hex, a 7z inside
  // another archive): larger ones are skipped with a `limit` problem.
  std::size_t max_buffered_member_bytes = std::size_t{64} << 20;  // 64 MiB per thread
  // Entries (files, directories, links) read from one container; past it the rest are skipped with a
  // `limit` problem. ClamAV: MaxFiles 10000. CLI: --max-members.
  std::size_t max_members = 10000;
  // Bytes decompressed from the members of one container (an archive, an Office file): past it the
  // remaining members are skipped with a `limit` problem. CLI: --max-archive-size.
  std::uint64_t max_unpacked_bytes = std::uint64_t{1} << 30;  // 1 GiB
  // Bytes read from members at any depth of one on-disk file; past it the rest of the file is skipped
  // (`limit`). ClamAV's MaxScanSize is 400 MB; ours is larger because a share's backup zip is scanned for
  // completeness, not speed, and bombs are stopped earlier by the ratio guard, the duplicate check and the
  // time budget. CLI: --max-unpacked-size.
  std::uint64_t max_file_unpacked_bytes = std::uint64_t{4} << 30;  // 4 GiB
  // Compression ratio guard (zip bombs): a member (or a compressed stream) that has unpacked more than
  // `ratio_guard_bytes` and more than `max_compression_ratio` times the compressed bytes read for it is
  // cut off with a `limit` problem. Deflate tops out near 1032:1 (zeros); text rarely passes 50:1.
  // CLI: --max-ratio.
  unsigned max_compression_ratio = 250;
  std::uint64_t ratio_guard_bytes = std::uint64_t{16} << 20;  // 16 MiB
  // Wall-clock budget per on-disk file with everything nested in it, checked between reads and text
  // chunks; past it the rest of the file is skipped (`limit`). ClamAV: MaxScanTime 120 s. 0 = none.
  // CLI: --max-seconds.
  double max_seconds_per_file = 120;
  // Members up to this size are read whole and hashed (SHA-256) before they are scanned: an identical copy
  // in the same on-disk file is matched once and its findings are reported at every place it occurs.
  std::size_t dedup_member_bytes = std::size_t{1} << 20;  // 1 MiB per nesting level and thread
  // A member a library can only read from a file of its own (a PST inside a zip: libpst opens files by
  // name) is copied to a private temporary file (extractors/spool_file.h: in $TMPDIR/datavagt-<uid>/, mode
  // 0700, a file without a name); larger ones are skipped with a `limit` problem.
  std::uint64_t max_spooled_member_bytes = std::uint64_t{4} << 30;  // 4 GiB of $TMPDIR per thread
  // A helper process (the PST reader, which runs libpst apart from the scanner) that sends nothing for this
  // long is taken to be stuck in a damaged file: it is stopped, and the file gets a `corrupt` problem.
  unsigned max_silent_seconds = 300;
  // Members of a container (archive entries, mails of an mbox, attachments) are scanned on other cores while
  // the container is read on (scanner/member_tasks.h): a member up to this size is copied to memory and
  // scanned as a task; a bigger one is scanned in line, streamed. 0 = every member in line (one core per
  // on-disk file). CLI: --member-tasks off.
  std::size_t parallel_member_bytes = std::size_t{8} << 20;  // 8 MiB
  // Bytes of members waiting or being scanned as tasks, per on-disk file being scanned (so at most threads
  // times this in all); past it members are scanned in line: the reader slows down to the scanners' pace
  // instead of buffering more, and the owner's core is busy too. A few members per thread keep the others
  // busy; more only costs memory (a 160 MiB mbox must scan in under 100 MiB: tests/e2e/mail_scan_test.cpp).
  std::size_t parallel_pending_bytes = std::size_t{16} << 20;  // 16 MiB per thread
  // OCR (extractors/image/ocr_engine.h). What --ocr auto reads: images of at least this many pixels with each
  // side at least ocr_min_side (a 16x16 icon, a 300x8 rule line hold no text worth reading).
  OcrMode ocr = OcrMode::Auto;
  std::uint64_t ocr_min_pixels = 100 * 100;
  std::uint32_t ocr_min_side = 20;
  // One image (or one rendered page) is decoded only when its header says it has at most this many pixels: a
  // 50,000 x 50,000 header is refused before any memory is taken (`limit`). 60 Mpx is a 600 dpi A3 scan;
  // decoded at 32 bit that is 240 MiB per thread at worst.
  std::uint64_t ocr_max_image_pixels = 60'000'000;
  // OCR budget per on-disk file with everything nested in it (scanner/file_budget.h): pages (images and
  // rendered PDF pages), pixels and seconds of OCR. Sized so a 50-page scanned case file at 300 dpi (8.7 Mpx a
  // page, 1-3 s) is read whole; past it the rest is not OCRed and a note says "OCR stopped after 60 of 80
  // pages". The seconds OCR takes are added to max_seconds_per_file, so a long scanned file is stopped by
  // this budget, gracefully, and not by the file's watchdog.
  std::uint32_t ocr_max_pages_per_file = 200;
  std::uint64_t ocr_max_pixels_per_file = 2'000'000'000;
  double ocr_max_seconds_per_file = 600;
  // Resolution PDF pages without text are rendered at for OCR.
  unsigned ocr_pdf_dpi = 300;
  // The scan as a whole asked to stop (Ctrl-C, SIGTERM; core/scan_stop.h): no new files are started, and a
  // file in progress may run this much longer before it is cut off (its budget is spent, the file gets an
  // `interrupted` problem). A second Ctrl-C ends the scan at once. nullptr = never asked (tests, tools).
  const ScanStop* stop = nullptr;
  double stop_grace_seconds = 5;
  // Worker processes (scanner/worker_pool.h; --workers processes): each file is extracted in one, under these
  // bounds. A worker may use this much memory (RLIMIT_DATA; past it the file gets `memory-limit` and the
  // worker is replaced; 0 = no limit). CLI: --max-worker-memory.
  std::uint64_t max_worker_memory_bytes = std::uint64_t{2} << 30;  // 2 GiB per worker
  // A worker is replaced by a fresh one after this many files, or once its peak resident memory passed this
  // (what a leaking library keeps is given back: the memory bound is what catches a leak). A new worker costs
  // about 0.1 s of CPU (its libraries and the rule set), so the file count is high (as Tika's forked server's
  // 100,000 files per process): at 5,000 it was a third of the workers' cost on a share of small files.
  unsigned worker_recycle_files = 100000;
  std::uint64_t worker_recycle_rss_bytes = std::uint64_t{512} << 20;  // 512 MiB
  // The watchdog: a worker still on one file this long past max_seconds_per_file (which the file's own
  // budget should have enforced) is killed, and the file gets `timeout`. Its CPU time per file is bounded the
  // same (RLIMIT_CPU).
  double worker_watchdog_grace_seconds = 5;
};

}  // namespace datavagt
