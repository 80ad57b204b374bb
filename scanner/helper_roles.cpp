#include "scanner/helper_roles.h"

#include <vector>

#include "core/helper_process.h"
#include "extractors/registry.h"
#include "scanner/scan_worker.h"

namespace datavagt {

void maybe_run_helper(int argc, char** argv) {
  std::vector<HelperRole> roles(extractor_helper_roles().begin(), extractor_helper_roles().end());
  roles.push_back({kScanWorkerRole, scan_worker_main});
  run_helper_if_asked(argc, argv, roles);
}

}  // namespace datavagt
