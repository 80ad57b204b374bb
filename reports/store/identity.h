#pragma once
// How the store names things without personal data in clear: a file by a keyed hash of its raw path, a
// finding by its identity within its content. A key is named by Fingerprinter::key_check_value() (stored at
// creation, so another key is refused and the key itself is never stored), and a name for display is masked
// by mask_cpr_numbers() (detectors/name_scan.h), as every output masks names. Pure functions, thread-safe.
#include <string>
#include <string_view>

#include "core/finding.h"
#include "detectors/fingerprint.h"
#include "reports/store/store.h"

namespace datavagt::store {

// HMAC-SHA256 (the fingerprint key) of the raw absolute path bytes, first 16 bytes. Domain-separated from the
// CPR fingerprints, so a file named like a number never shares its fingerprint.
PathKey path_key(const Fingerprinter& keyed, std::string_view raw_path);

// A finding's identity within one content: its kind, where it is (the member chain) and, for a CPR, whose
// number (the fingerprint). Not its offset or score: the same content always gives the same keys.
FindingKey finding_key(const Finding& f);
// The finding id users see and pass to `review --id`: 16 hex digits, stable while the content is unchanged.
std::string finding_id(const ContentHash& content, const FindingKey& key);

std::string to_hex(const unsigned char* data, std::size_t size);
template <class Array>
std::string to_hex(const Array& a) { return to_hex(a.data(), a.size()); }
// False unless `hex` is exactly 2 * out.size() hex digits.
bool from_hex(std::string_view hex, unsigned char* out, std::size_t size);

}  // namespace datavagt::store
