#include "scanner/helper_roles.h"

#include "core/helper_process.h"
#include "extractors/registry.h"

namespace datavagt {

void maybe_run_helper(int argc, char** argv) { run_helper_if_asked(argc, argv, extractor_helper_roles()); }

}  // namespace datavagt
