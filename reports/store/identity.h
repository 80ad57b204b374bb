#pragma once
// How the store names things without personal data in clear: a file by a keyed hash of its raw path, a
// finding by its identity within its content, a key by a check value, and names for display with every
// CPR-like number masked. Pure functions, thread-safe.
#include <string>
#include <string_view>

#include "core/finding.h"
#include "detectors/fingerprint.h"
#include "reports/store/store.h"

namespace datavagt::store {

// HMAC-SHA256 (the fingerprint key) of the raw absolute path bytes, first 16 bytes. Domain-separated from the
// CPR fingerprints, so a file named like a number never shares its fingerprint.
PathKey path_key(const Fingerprinter& keyed, std::string_view raw_path);

// The check value of a key: the first 8 bytes of HMAC(key, "datavagt key check"), in hex. Stored in the
// database at creation, so another key is refused with a clear message and the key itself is never stored.
std::string key_check_value(const Fingerprinter& keyed);

// A finding's identity within one content: its kind, where it is (the member chain) and, for a CPR, whose
// number (the fingerprint). Not its offset or score: the same content always gives the same keys.
FindingKey finding_key(const Finding& f);
// The finding id users see and pass to `review --id`: 16 hex digits, stable while the content is unchanged.
std::string finding_id(const ContentHash& content, const FindingKey& key);

// A path or member name for display, masked as every output masks names: mask_cpr_numbers()
// (detectors/name_scan.h). Bytes that are not UTF-8 stay bytes (the caller decides how to show them).
std::string mask_name(std::string_view name);
// A name whose raw bytes may be stored: it holds nothing mask_name() would hide.
inline bool may_store_raw(std::string_view name) { return mask_name(name) == name; }

std::string to_hex(const unsigned char* data, std::size_t size);
template <class Array>
std::string to_hex(const Array& a) { return to_hex(a.data(), a.size()); }
// False unless `hex` is exactly 2 * out.size() hex digits.
bool from_hex(std::string_view hex, unsigned char* out, std::size_t size);

}  // namespace datavagt::store
