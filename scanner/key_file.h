#pragma once
// The fingerprint key: raw bytes, exactly as stored in the key file (no trimming). Without --key-file, a
// random 32-byte key is created once per installation (mode 0600) and reused, so fingerprints from
// different scans on this machine can be compared.
#include <string>

#include "core/result.h"

namespace datavagt {

Result<std::string> read_key_file(const std::string& path);

// $DATAVAGT_KEY_FILE, else $XDG_DATA_HOME/datavagt/fingerprint.key, else ~/.local/share/datavagt/fingerprint.key.
std::string default_key_path();

// Reads the key at `path`, creating it (and its folder, mode 0700) if it does not exist. Safe when several
// scans start at once: the key appears atomically.
Result<std::string> read_or_create_key(const std::string& path);

}  // namespace datavagt
