#pragma once
// What a scan run is, known before its first verdict: handed to every sink's begin() (the JSONL `scan-start`
// record; the store keeps it as the run). Never holds a key or clear personal data: the key is named by its
// file and its check value (Fingerprinter::key_check_value()), and paths are given as the user named them,
// for the sink to show (masked) like every other path.
#include <cstdint>
#include <string>
#include <vector>

namespace datavagt {

struct RunInfo {
  std::string run_id;                  // a random UUID (version 4), also on the `scan-end` record
  std::string version;                 // Datavagt's version
  std::int64_t started = 0;            // unix seconds
  std::string host;                    // the machine's name
  std::string user;                    // who ran the scan (login name, or the uid)
  std::vector<std::string> roots;      // the paths named, raw
  std::string key_id;                  // the key's check value (16 hex digits)
  std::string key_file;                // where the key was read
  bool per_user_key = false;           // not the installation key: fingerprints will not match the DPO's
  std::string options_json;            // the effective options as one JSON object (README: scan-start)
  std::vector<std::string> warnings;   // about the key, for the record
};

}  // namespace datavagt
