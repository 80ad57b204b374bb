#include "core/location.h"

namespace datavagt {

std::string Location::display() const {
  std::string out = path;
  for (const auto& m : members) {
    out += "!/";
    out += m;
  }
  return out;
}

Location Location::child(std::string member) const {
  Location c = *this;
  c.members.push_back(std::move(member));
  return c;
}

}  // namespace datavagt
