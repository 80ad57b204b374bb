#pragma once
// Finding and loading Datavagt's own modules (libdatavagt_*.so: the OCR back end and the extractors of heavy
// formats) with dlopen, so a scan that meets no such file never maps their libraries.
//
// Where a module is looked for, first found wins:
//   1. `$<env_file>` (the OCR module's $DATAVAGT_OCR_MODULE: one file), else every module in $DATAVAGT_MODULE_DIR
//      when that is set: then nowhere else (packagers, tests that check a missing module);
//   2. next to the executable;
//   3. a program in the build tree: the build tree's modules (DATAVAGT_MODULE_DIR_BUILT); an installed program:
//      the module folder where the install put it relative to the program (`<bindir>/../<libdir>/datavagt`,
//      DATAVAGT_MODULE_DIR_FROM_BINDIR: an installed tree moved elsewhere or staged under DESTDIR), then the
//      installed folder (`<libdir>/datavagt`, DATAVAGT_MODULE_DIR_INSTALLED). A program never mixes its own
//      build with another's modules.
// Contract: load_module() is thread-safe (dlopen is); a handle returned stays loaded until the process ends
// (never dlclose'd). Failures are values naming the module and where it was looked for, with dlopen's reason.
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace datavagt {

// The folder the installed modules live in (what a missing module's message names).
std::string_view installed_module_dir();

// The paths `file_name` is looked for at, in order (see above). `env_file`: an environment variable naming
// the module's file itself, or empty.
std::vector<std::string> module_candidates(std::string_view file_name, std::string_view env_file);

// A loaded module and the entry point `entry` it exports.
struct LoadedModule {
  std::string path;
  void* entry = nullptr;
};

// dlopen (RTLD_NOW | RTLD_LOCAL) of the first candidate that exists and loads and exports `entry`; an
// Internal problem "<what>: <file_name> could not be loaded (...)" when none does.
Result<LoadedModule> load_module(std::string_view file_name, std::string_view env_file, std::string_view entry,
                                 std::string_view what);

}  // namespace datavagt
