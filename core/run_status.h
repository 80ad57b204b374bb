#pragma once
// How a scan run stands, shared by everything that reports a run: the summary and the JSONL `scan-end`
// record (reports/), the findings store's run history (reports/store/). Pure value; thread-safe.
#include <optional>
#include <string>
#include <string_view>

namespace datavagt {

// Running: not ended (a store's run a killed scan left open reads so until it is closed). Complete: every path
// named was scanned (a file inside that could not be read is a record, not a failure). Interrupted: stopped
// by a signal (Ctrl-C, SIGTERM); the records cover what was scanned until then. Failed: a path named could not
// be scanned (not found, unreadable), the scan broke, or an output could not be written.
enum class RunStatus { Running, Complete, Interrupted, Failed };

// "running", "complete", "interrupted", "failed": the JSONL's and the store's word for it.
std::string_view to_string(RunStatus s);
std::optional<RunStatus> run_status_from(std::string_view s);

// "SIGINT", "SIGTERM": how the summary and the scan-end record name the signal that interrupted a run.
std::string signal_name(int signal);

}  // namespace datavagt
