#include "scanner/purge_command.h"

#include <ctime>

#include "scanner/store_access.h"

namespace datavagt {

int run_purge(const PurgeOptions& o) {
  auto opened = open_existing_store(o.db, false);
  if (!opened) return command_error(opened.problem().detail);
  store::Store& db = **opened;
  auto locked = db.try_lock_for_scan();
  if (!locked) return command_error(locked.problem().detail);
  if (!*locked) return command_error(o.db + " is in use by a scan; purge it when the scan has finished");
  store::PurgeRequest req;
  req.now = static_cast<std::int64_t>(std::time(nullptr));
  if (o.keep_runs) req.keep_runs = *o.keep_runs;
  if (o.older_than_days || !o.keep_runs)
    req.before = req.now - static_cast<std::int64_t>(o.older_than_days.value_or(kDefaultRetentionDays) * 86400);
  auto counts = db.purge(req);
  if (!counts) return command_error(counts.problem().detail);
  std::printf("purged %llu run%s, %llu gone file%s, %llu earlier result%s, %llu review decision%s\n",
              static_cast<unsigned long long>(counts->runs), counts->runs == 1 ? "" : "s",
              static_cast<unsigned long long>(counts->files), counts->files == 1 ? "" : "s",
              static_cast<unsigned long long>(counts->results), counts->results == 1 ? "" : "s",
              static_cast<unsigned long long>(counts->reviews), counts->reviews == 1 ? "" : "s");
  return 0;
}

}  // namespace datavagt
