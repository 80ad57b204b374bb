#include "reports/store/stored_verdict.h"

namespace datavagt::store {

FileVerdict verdict_of(const StoredFile& s) {
  FileVerdict v;
  v.info.location.path = s.file.path_bytes ? *s.file.path_bytes : s.file.display_path;
  v.info.size = s.file.size;
  v.info.mtime = s.file.mtime_ns / 1000000000;
  v.info.owner_uid = s.file.owner_uid;
  v.info.mode = s.file.mode;
  v.flags = s.file.flags;
  if (s.result) {
    v.format = s.result->format;
    v.has_text = s.result->has_text;
    v.findings = s.result->findings;
    v.problems = s.result->problems;
    v.notes = s.result->notes;
  }
  return v;
}

}  // namespace datavagt::store
