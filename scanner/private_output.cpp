#include "scanner/private_output.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace datavagt {

OutputFile open_private_output(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return nullptr;
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) ::fchmod(fd, 0600);
  return OutputFile(::fdopen(fd, "w"));
}

}  // namespace datavagt
