#pragma once
// Where bytes came from: the on-disk path as reached from a scan root, plus the chain of members inside
// containers (zip entry, mail attachment, PST message). Value type; no I/O.
#include <string>
#include <vector>

namespace datavagt {

struct Location {
  std::string path;                  // on-disk file, raw bytes as the file system gave them (may be non-UTF-8)
  std::vector<std::string> members;  // a.zip!/b/c.docx  ->  path "a.zip", members {"b/c.docx"}

  // The display form: path and members joined with "!/".
  std::string display() const;
  Location child(std::string member) const;
};

}  // namespace datavagt
