#pragma once
// An OLE2 compound file (MS-CFB: .doc, .xls, .ppt, .msg, password-protected OOXML) read with libgsf: its tree
// of storages and streams, and reads of one stream into memory, bounded by the caller.
// Contract: one thread uses a file's storages (open_ole2() returns the root); each storage keeps the file's
// data alive. Nothing throws for malformed input: opening fails with a `corrupt` or `limit` Problem, a stream
// that cannot be read whole is a `corrupt` (or `limit`) Problem. libgsf's log messages never reach stderr
// (its handlers are set once per process, for libgsf's domains and GLib's default one).
// Random access: an item up to Limits::max_buffered_member_bytes is read into memory through the ByteSource
// (an on-disk file through the scanner's O_NOATIME descriptor). A larger on-disk file is read with pread() on
// that same descriptor, block by block as libgsf asks (atime unchanged, no mapping that a concurrent truncation
// could turn into SIGBUS). A larger member of an archive or mail is not read (`limit`).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/item.h"
#include "core/limits.h"
#include "core/result.h"
#include "extractors/byte_source.h"

typedef struct _GsfInfile GsfInfile;

namespace datavagt {

// A storage (a directory) of a compound file. Cheap to copy: it shares the file.
class Ole2Storage {
 public:
  struct Entry {
    std::string name;  // UTF-8, as libgsf decodes the directory entry
    bool storage = false;
    std::uint64_t size = 0;  // a stream's size in bytes
  };

  const std::vector<Entry>& entries() const { return entries_; }
  const Entry* find(std::string_view name) const;  // exact name, or nullptr
  bool has_stream(std::string_view name) const;
  // The sub-storage `name`, if there is one.
  std::optional<Ole2Storage> storage(std::string_view name) const;
  // The whole stream `name`; `limit` when it is larger than `max_bytes`, `corrupt` when it is absent or its
  // sectors cannot be read. `what` names the format in problem details ("doc").
  Result<std::string> read(std::string_view name, std::size_t max_bytes, std::string_view what) const;
  // This storage and everything below it as a compound file of its own (an embedded object handed on as a
  // nested item); `limit` past `max_bytes`.
  Result<std::string> to_compound_file(std::size_t max_bytes, std::string_view what) const;
  // The root of a file whose sectors in use (by its FAT) reach past its end: a truncated or cut file, which
  // libgsf opens all the same (the streams it can read are there, others are short or missing). Why, for a
  // `corrupt` problem; nullopt for a whole file and for every storage but the root.
  const std::optional<std::string>& truncation() const { return truncation_; }

 private:
  friend Result<Ole2Storage> open_ole2(ByteSource&, const ItemInfo&, const Limits&, std::string_view);
  struct Backing;  // what the libgsf objects read: bytes in memory, or a file descriptor
  Ole2Storage(std::shared_ptr<Backing> file, std::shared_ptr<GsfInfile> dir);

  std::shared_ptr<Backing> file_;  // declared first: outlives dir_
  std::shared_ptr<GsfInfile> dir_;
  std::vector<Entry> entries_;
  std::optional<std::string> truncation_;
};

// Opens the item `in` (`info.size` bytes) and returns its root storage. Fails with `limit` (too large to read
// into memory and no file descriptor) or `corrupt` (not a readable compound file). `what` names the caller.
Result<Ole2Storage> open_ole2(ByteSource& in, const ItemInfo& info, const Limits& limits, std::string_view what);

// Stream names: "\x05SummaryInformation" and "\x01Ole10Native" begin with a control character.
inline std::string ole2_printable_name(std::string_view name) {
  std::string out;
  for (char c : name)
    if (static_cast<unsigned char>(c) >= 0x20) out += c;
  return out;
}

}  // namespace datavagt
