#pragma once
// What decides the findings a file's content gives, as one fingerprint: this program (version and build id),
// the kinds asked for, the dictionaries (built-in and the site's --terms, by content), the thresholds, the
// fingerprint key (by its check value) and the limits that cut extraction short. A rescan reuses a file's
// stored findings only when its fingerprint is the one they were decided under; anything else reads the file
// again. With OCR on, the OCR settings and the engine (`ocr_engine`: OcrBackend::engine_id, Tesseract's version
// and its language data; the caller finds it, so tests can inject it) decide too. Pure; thread-safe.
#include <string>
#include <vector>

#include "detectors/ruleset.h"
#include "scanner/scan_command.h"

namespace datavagt {

std::string findings_decided_by(const ScanOptions& options, const std::vector<DictionarySource>& site_dictionaries,
                                const std::string& key_check, const std::string& ocr_engine);

// The GNU build id of this program in hex, "" if it has none: a rebuilt detector decides anew.
std::string program_build_id();

}  // namespace datavagt
