#pragma once
// Reads a site's own term dictionaries (`--terms PATH`): a file, or a folder whose *.txt files are read in
// name order. A missing or unreadable path is the user's mistake: a Problem, and the scan does not start.
#include <string>
#include <vector>

#include "core/result.h"
#include "detectors/ruleset.h"

namespace datavagt {

Result<std::vector<DictionarySource>> read_site_dictionaries(const std::vector<std::string>& paths);

}  // namespace datavagt
