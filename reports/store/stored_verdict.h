#pragma once
// A stored file as the sinks know it: the FileVerdict a scan would have delivered for it (JSON Lines from the
// store and from a scan are the same records). The path is the raw bytes when the store kept them, else the
// masked display path. Pure.
#include "core/file_verdict.h"
#include "reports/store/store.h"

namespace datavagt::store {

FileVerdict verdict_of(const StoredFile& f);

}  // namespace datavagt::store
