#pragma once
// Hyperscan databases compiled when Datavagt is built (datavagt_prebuild_databases, detectors/CMakeLists.txt)
// and embedded in the program, so that even the first scan of a new user, or of a service user without a
// home, loads the default rule set (< 1 ms) instead of compiling it (0.3-0.5 s). Each one is stored under its
// DatabaseCache::key, which hashes the Hyperscan version, the CPU's features and every expression: a program
// run with another libhs, on another kind of CPU, or with other rules (site dictionaries, --kinds) simply
// misses and compiles, as without them. Read-only, thread-safe.
//
// The bundle is a sequence of records, each a line `<key> <size>\n` followed by `size` bytes of
// hs_serialize_database output. The bytes are built by this project, not read from a user's file.
#include <string>
#include <string_view>

namespace datavagt {

// The serialised database stored under `key` in `bundle`, or an empty view (also for a damaged bundle).
std::string_view find_in_bundle(std::string_view bundle, std::string_view key);

// Appends one record to `bundle` (the build-time tool writes the bundle with it).
void append_to_bundle(std::string& bundle, std::string_view key, std::string_view database);

// The bundle embedded in this program (prebuilt_databases.S, linked into the datavagt executable only), or an
// empty view in a program without one (the tests, the benchmarks, the build-time tool itself).
std::string_view embedded_bundle();

}  // namespace datavagt
