#include "scanner/policy/exclude_list.h"

#include "scanner/policy/match_text.h"

namespace datavagt::policy {

Result<ExcludeList> ExcludeList::make(const std::vector<Glob>& from_policy, const std::vector<std::string>& command_line) {
  std::vector<Glob> globs = from_policy;
  for (const auto& text : command_line) {
    std::string why;
    auto g = Glob::compile(text, &why);
    if (!g) return Problem::make(ProblemKind::Corrupt, "bad --exclude glob \"" + text + "\": " + why);
    globs.push_back(std::move(*g));
  }
  return ExcludeList(std::move(globs));
}

bool ExcludeList::excludes(const std::string& path, bool folder) const {
  if (globs_.empty()) return false;
  // Asked for every file of the tree: a plain ASCII path is its own match form, without a copy.
  bool plain = path.compare(0, 2, "./") != 0;
  for (unsigned char c : path) plain = plain && c < 0x80;
  std::string normalised;
  if (!plain) normalised = match_path(path);
  const std::string_view text = plain ? std::string_view(path) : std::string_view(normalised);
  for (const auto& g : globs_)
    if (folder ? g.matches_folder(text) : g.matches(text)) return true;
  return false;
}

}  // namespace datavagt::policy
