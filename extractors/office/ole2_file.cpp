#include "extractors/office/ole2_file.h"

#include <gsf/gsf-infile-impl.h>
#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-impl.h>
#include <gsf/gsf-input-memory.h>
#include <gsf/gsf-input.h>
#include <gsf/gsf-outfile-msole.h>
#include <gsf/gsf-outfile.h>
#include <gsf/gsf-output-memory.h>
#include <gsf/gsf-output.h>
#include <gsf/gsf-utils.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <functional>
#include <mutex>
#include <vector>

namespace datavagt {

// ---- a GsfInput over pread() on a file descriptor the caller keeps open ------------------------------------
// libgsf reads a compound file block by block at the offsets its sector chains give; pread keeps the
// descriptor's offset (the ByteSource's) untouched, and reading through the scanner's own descriptor keeps
// the atime (it was opened O_NOATIME).
extern "C" {
struct DatavagtFdInput {
  GsfInput input;
  int fd;
  guint8* buf;
  std::size_t buf_size;
};
struct DatavagtFdInputClass {
  GsfInputClass input_class;
};
}

namespace {
GType fd_input_type();

DatavagtFdInput* new_fd_input(int fd, gsf_off_t size) {
  auto* in = static_cast<DatavagtFdInput*>(g_object_new(fd_input_type(), nullptr));
  in->fd = fd;
  gsf_input_set_size(&in->input, size);
  return in;
}

GsfInput* fd_input_dup(GsfInput* src, GError**) {
  auto* s = reinterpret_cast<DatavagtFdInput*>(src);
  return &new_fd_input(s->fd, src->size)->input;
}

const guint8* fd_input_read(GsfInput* input, std::size_t num_bytes, guint8* optional_buffer) {
  auto* in = reinterpret_cast<DatavagtFdInput*>(input);
  guint8* dst = optional_buffer;
  if (dst == nullptr) {
    if (in->buf_size < num_bytes) {
      g_free(in->buf);
      in->buf = static_cast<guint8*>(g_try_malloc(num_bytes));
      in->buf_size = in->buf ? num_bytes : 0;
      if (!in->buf) return nullptr;
    }
    dst = in->buf;
  }
  std::size_t done = 0;
  while (done < num_bytes) {
    const ssize_t n = ::pread(in->fd, dst + done, num_bytes - done, static_cast<off_t>(input->cur_offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return nullptr;  // an I/O error, or the file shrank since it was opened
    done += static_cast<std::size_t>(n);
  }
  return dst;
}

gboolean fd_input_seek(GsfInput*, gsf_off_t, GSeekType) { return FALSE; }  // pread is positional: nothing to do

void fd_input_finalize(GObject* obj);
GObjectClass* fd_input_parent_class = nullptr;

void fd_input_class_init(gpointer klass, gpointer) {
  fd_input_parent_class = static_cast<GObjectClass*>(g_type_class_peek_parent(klass));
  auto* input_class = static_cast<GsfInputClass*>(klass);
  input_class->Dup = &fd_input_dup;
  input_class->Read = &fd_input_read;
  input_class->Seek = &fd_input_seek;
  static_cast<GObjectClass*>(klass)->finalize = &fd_input_finalize;
}

void fd_input_init(GTypeInstance* obj, gpointer) {
  auto* in = reinterpret_cast<DatavagtFdInput*>(obj);
  in->fd = -1;
  in->buf = nullptr;
  in->buf_size = 0;
}

void fd_input_finalize(GObject* obj) {
  auto* in = reinterpret_cast<DatavagtFdInput*>(obj);
  g_free(in->buf);
  in->buf = nullptr;
  fd_input_parent_class->finalize(obj);
}

GType fd_input_type() {
  static const GType type = [] {
    GTypeInfo info{};
    info.class_size = sizeof(DatavagtFdInputClass);
    info.class_init = &fd_input_class_init;
    info.instance_size = sizeof(DatavagtFdInput);
    info.instance_init = &fd_input_init;
    return g_type_register_static(gsf_input_get_type(), "DatavagtFdInput", &info, GTypeFlags(0));
  }();
  return type;
}

// libgsf warns through GLib's log on malformed files (and may quote names from them): not on our stderr.
void ignore_log(const gchar*, GLogLevelFlags, const gchar*, gpointer) {}

void init_libgsf() {
  static std::once_flag once;
  std::call_once(once, [] {
    gsf_init();
    const auto levels = GLogLevelFlags(G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION);
    // libgsf's own domains, and the default one its g_return_if_fail checks log under.
    for (const char* domain : {"libgsf", "libgsf:msole", "libgsf:utils"})
      g_log_set_handler(domain, levels, &ignore_log, nullptr);
    g_log_set_handler(nullptr, levels, &ignore_log, nullptr);
    (void)fd_input_type();
  });
}

void unref(gpointer p) {
  if (p) g_object_unref(p);
}

std::shared_ptr<GsfInfile> own_infile(GsfInfile* f) {
  return std::shared_ptr<GsfInfile>(f, [](GsfInfile* p) { unref(p); });
}

Problem problem(ProblemKind k, std::string_view what, std::string_view detail) {
  return Problem::make(k, std::string(what) + ": " + std::string(detail));
}

}  // namespace

// ---- Ole2Storage ----------------------------------------------------------------------------------------------

struct Ole2Storage::Backing {
  std::string bytes;  // the compound file in memory (empty when read through a descriptor)
  GsfInput* source = nullptr;
  Backing() = default;
  Backing(const Backing&) = delete;
  Backing& operator=(const Backing&) = delete;
  ~Backing() { unref(source); }
};

Ole2Storage::Ole2Storage(std::shared_ptr<Backing> file, std::shared_ptr<GsfInfile> dir)
    : file_(std::move(file)), dir_(std::move(dir)) {
  const int n = gsf_infile_num_children(dir_.get());
  for (int i = 0; i < n; ++i) {
    const char* name = gsf_infile_name_by_index(dir_.get(), i);
    if (!name) continue;
    Entry e;
    e.name = name;
    GsfInput* child = gsf_infile_child_by_index(dir_.get(), i);
    if (!child) continue;  // a broken directory entry: as if absent
    e.storage = GSF_IS_INFILE(child) && gsf_infile_num_children(GSF_INFILE(child)) >= 0;
    e.size = static_cast<std::uint64_t>(std::max<gsf_off_t>(gsf_input_size(child), 0));
    unref(child);
    entries_.push_back(std::move(e));
  }
}

const Ole2Storage::Entry* Ole2Storage::find(std::string_view name) const {
  for (const auto& e : entries_)
    if (e.name == name) return &e;
  return nullptr;
}

bool Ole2Storage::has_stream(std::string_view name) const {
  const Entry* e = find(name);
  return e && !e->storage;
}

std::optional<Ole2Storage> Ole2Storage::storage(std::string_view name) const {
  const Entry* e = find(name);
  if (!e || !e->storage) return std::nullopt;
  GsfInput* child = gsf_infile_child_by_name(dir_.get(), e->name.c_str());
  if (!child) return std::nullopt;
  if (!GSF_IS_INFILE(child)) {
    unref(child);
    return std::nullopt;
  }
  return Ole2Storage(file_, own_infile(GSF_INFILE(child)));
}

Result<std::string> Ole2Storage::read(std::string_view name, std::size_t max_bytes, std::string_view what) const {
  const Entry* e = find(name);
  if (!e || e->storage) return problem(ProblemKind::Corrupt, what, "a stream is missing");
  if (e->size > max_bytes)
    return problem(ProblemKind::Limit, what,
                   "a stream is larger than " + std::to_string(max_bytes) +
                       " bytes (max_buffered_member_bytes); not scanned");
  GsfInput* child = gsf_infile_child_by_name(dir_.get(), e->name.c_str());
  if (!child) return problem(ProblemKind::Corrupt, what, "a stream cannot be opened");
  std::string out;
  const auto size = static_cast<std::size_t>(gsf_input_size(child));
  bool ok = size <= max_bytes;
  if (ok) {
    out.resize(size);
    constexpr std::size_t kPiece = 64 * 1024;
    for (std::size_t done = 0; ok && done < size;) {
      const std::size_t n = std::min(kPiece, size - done);
      ok = gsf_input_read(child, n, reinterpret_cast<guint8*>(out.data() + done)) != nullptr;
      done += n;
    }
  }
  unref(child);
  if (!ok) return problem(ProblemKind::Corrupt, what, "a stream cannot be read whole (damaged or truncated file)");
  return out;
}

namespace {

// Copies `dir` into `out` (a storage of a new compound file); false when a stream cannot be read, the
// storages nest too deep, or the copy would pass `budget` bytes (then `over` is set).
bool copy_storage(GsfInfile* dir, GsfOutfile* out, std::size_t& budget, bool& over, unsigned depth) {
  if (depth > 32) return false;
  const int n = gsf_infile_num_children(dir);
  for (int i = 0; i < n; ++i) {
    const char* name = gsf_infile_name_by_index(dir, i);
    GsfInput* child = gsf_infile_child_by_index(dir, i);
    if (!name || !child) {
      unref(child);
      continue;
    }
    const bool is_dir = GSF_IS_INFILE(child) && gsf_infile_num_children(GSF_INFILE(child)) >= 0;
    GsfOutput* dst = gsf_outfile_new_child(out, name, is_dir);
    bool ok = dst != nullptr;
    if (ok && is_dir) {
      ok = copy_storage(GSF_INFILE(child), GSF_OUTFILE(dst), budget, over, depth + 1);
    } else if (ok) {
      gsf_off_t left = gsf_input_size(child);
      if (left < 0) ok = false;
      if (ok && static_cast<std::uint64_t>(left) > budget) ok = false, over = true;
      if (ok) budget -= static_cast<std::size_t>(left);
      while (ok && left > 0) {
        const std::size_t piece = static_cast<std::size_t>(std::min<gsf_off_t>(left, 64 * 1024));
        const guint8* data = gsf_input_read(child, piece, nullptr);
        ok = data != nullptr && gsf_output_write(dst, piece, data);
        left -= static_cast<gsf_off_t>(piece);
      }
    }
    if (dst) {
      gsf_output_close(dst);
      unref(dst);
    }
    unref(child);
    if (!ok) return false;
  }
  return true;
}

}  // namespace

Result<std::string> Ole2Storage::to_compound_file(std::size_t max_bytes, std::string_view what) const {
  GsfOutput* mem = gsf_output_memory_new();
  GsfOutfile* out = gsf_outfile_msole_new(mem);
  std::size_t budget = max_bytes;
  bool over = false;
  bool ok = out != nullptr && copy_storage(dir_.get(), out, budget, over, 0);
  if (out) {
    gsf_output_close(GSF_OUTPUT(out));
    unref(out);
  }
  std::string bytes;
  if (ok) {
    if (!gsf_output_is_closed(mem)) gsf_output_close(mem);  // the writer closes it
    const guint8* data = gsf_output_memory_get_bytes(GSF_OUTPUT_MEMORY(mem));
    const gsf_off_t size = gsf_output_size(mem);
    if (data && size > 0 && static_cast<std::uint64_t>(size) <= max_bytes)
      bytes.assign(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size));
    else
      ok = false, over = size > 0;
  }
  unref(mem);
  if (over)
    return problem(ProblemKind::Limit, what,
                   "an embedded object is larger than " + std::to_string(max_bytes) +
                       " bytes (max_buffered_member_bytes); not scanned");
  if (!ok) return problem(ProblemKind::Corrupt, what, "an embedded object cannot be read (damaged)");
  return bytes;
}

// ---- truncation ---------------------------------------------------------------------------------------------

namespace {

// Reads `n` bytes at `offset` of the compound file into `dst`; false when they are not all there.
using ReadAt = std::function<bool(std::uint64_t offset, char* dst, std::size_t n)>;

std::uint32_t u32_at(const char* p) {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = v << 8 | static_cast<unsigned char>(p[i]);
  return v;
}

// MS-CFB: the header (512 bytes) names the sector size and the FAT's sectors (109 in the header, the rest in
// the DIFAT chain); the FAT marks each sector of the file free (0xFFFFFFFF) or in use. A sector in use that
// is not all there is missing: the file was cut (a file is whole sectors; a last sector cut short loses the
// end of a stream, e.g. the document properties, which libgsf then does not give). Bounded by the file: at
// most size / sector size + 109 FAT sectors are read, as libgsf reads them to open the file. Nullopt when nothing is missing or the header
// itself is not readable (libgsf then says whether the file can be opened at all).
std::optional<std::string> missing_sectors(const ReadAt& read_at, std::uint64_t size) {
  char header[512];
  if (!read_at(0, header, sizeof header) || std::memcmp(header, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) != 0)
    return std::nullopt;
  const unsigned shift = static_cast<unsigned char>(header[0x1E]) | static_cast<unsigned char>(header[0x1F]) << 8;
  if (shift != 9 && shift != 12) return std::nullopt;
  const std::uint64_t sector = std::uint64_t{1} << shift;
  const std::uint64_t fat_count = u32_at(header + 0x2C);
  const std::uint64_t max_sectors = size / sector + 1;  // a FAT sector lists sector / 4 sectors of the file
  constexpr std::uint32_t kLastRegular = 0xFFFFFFFA;
  constexpr std::uint32_t kFree = 0xFFFFFFFF;
  auto offset_of = [&](std::uint64_t s) { return (s + 1) << shift; };

  std::vector<std::uint32_t> fat_sectors;
  for (int i = 0; i < 109 && fat_sectors.size() < fat_count; ++i) fat_sectors.push_back(u32_at(header + 0x4C + 4 * i));
  std::vector<char> buf(sector);
  std::uint32_t difat = u32_at(header + 0x44);
  for (std::uint64_t hops = 0; fat_sectors.size() < fat_count && difat <= kLastRegular && hops <= max_sectors; ++hops) {
    if (offset_of(difat) >= size) return "its sector list (DIFAT) reaches past its end at byte " + std::to_string(size);
    if (!read_at(offset_of(difat), buf.data(), sector)) return std::nullopt;
    for (std::uint64_t i = 0; i + 1 < sector / 4 && fat_sectors.size() < fat_count; ++i)
      fat_sectors.push_back(u32_at(buf.data() + 4 * i));
    difat = u32_at(buf.data() + sector - 4);
  }
  std::uint64_t last_used = 0;
  bool any = false;
  for (std::size_t k = 0; k < fat_sectors.size() && k <= max_sectors; ++k) {
    const std::uint32_t f = fat_sectors[k];
    if (f > kLastRegular) continue;
    if (offset_of(f) >= size) return "its sector table (FAT) reaches past its end at byte " + std::to_string(size);
    if (!read_at(offset_of(f), buf.data(), sector)) return std::nullopt;
    for (std::uint64_t i = 0; i < sector / 4; ++i)
      if (u32_at(buf.data() + 4 * i) != kFree) last_used = k * (sector / 4) + i, any = true;
  }
  if (!any || offset_of(last_used) + sector <= size) return std::nullopt;
  return "the file ends at byte " + std::to_string(size) + ", and its sectors in use reach to byte " +
         std::to_string(offset_of(last_used) + sector);
}

}  // namespace

// ---- opening ----------------------------------------------------------------------------------------------

Result<Ole2Storage> open_ole2(ByteSource& in, const ItemInfo& info, const Limits& limits, std::string_view what) {
  init_libgsf();
  auto file = std::make_shared<Ole2Storage::Backing>();
  const std::size_t bound = std::min<std::size_t>(limits.max_buffered_member_bytes, INT_MAX);
  if (const int fd = in.file_descriptor(); fd >= 0 && info.size > bound) {
    file->source = &new_fd_input(fd, static_cast<gsf_off_t>(info.size))->input;
  } else {
    if (info.size > bound)
      return problem(ProblemKind::Limit, what,
                     "a compound file inside another item is read into memory, and this one is larger than " +
                         std::to_string(bound) + " bytes (max_buffered_member_bytes); not scanned");
    file->bytes.reserve(static_cast<std::size_t>(info.size));
    auto whole = read_up_to(in, bound, file->bytes, std::min<std::size_t>(limits.read_chunk_bytes, 1 << 20));
    if (!whole) return whole.problem();
    if (!*whole)
      return problem(ProblemKind::Limit, what,
                     "a compound file is larger than " + std::to_string(bound) +
                         " bytes (max_buffered_member_bytes); not scanned");
    file->source = gsf_input_memory_new(reinterpret_cast<const guint8*>(file->bytes.data()),
                                        static_cast<gsf_off_t>(file->bytes.size()), FALSE);
  }
  if (!file->source) return problem(ProblemKind::Internal, what, "cannot set up the compound file reader");
  GError* err = nullptr;
  GsfInfile* root = gsf_infile_msole_new(file->source, &err);
  if (err) g_error_free(err);  // its message may quote the file: not passed on
  if (!root) return problem(ProblemKind::Corrupt, what, "not a readable OLE2 compound file (damaged or truncated)");
  const std::uint64_t size = file->bytes.empty() ? info.size : file->bytes.size();
  const int fd = file->bytes.empty() ? in.file_descriptor() : -1;
  const ReadAt read_at = [&](std::uint64_t offset, char* dst, std::size_t n) {
    if (offset > size || size - offset < n) return false;
    if (fd < 0) {
      std::memcpy(dst, file->bytes.data() + offset, n);
      return true;
    }
    for (std::size_t done = 0; done < n;) {
      const ssize_t got = ::pread(fd, dst + done, n - done, static_cast<off_t>(offset + done));
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) return false;
      done += static_cast<std::size_t>(got);
    }
    return true;
  };
  auto truncation = missing_sectors(read_at, size);
  Ole2Storage storage(std::move(file), own_infile(root));
  if (truncation) storage.truncation_ = "truncated: " + *truncation + "; read as far as present";
  return storage;
}

}  // namespace datavagt
