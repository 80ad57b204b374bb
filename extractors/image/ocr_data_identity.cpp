#include "extractors/image/ocr_data_identity.h"

#include <sys/stat.h>

#include <cstdlib>

namespace datavagt {

std::string tessdata_folder(int tesseract_major) {
  if (const char* env = std::getenv("TESSDATA_PREFIX"); env != nullptr && *env != '\0') {
    std::string dir(env);
    while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
    return dir;
  }
  return "/usr/share/tesseract-ocr/" + std::to_string(tesseract_major) + "/tessdata";
}

std::string ocr_data_identity(const std::string& tesseract_version, const std::string& folder,
                              const std::vector<std::string>& languages) {
  std::string id = "tesseract " + tesseract_version + "\n";
  for (const auto& lang : languages) {
    const std::string path = folder + "/" + lang + ".traineddata";
    id += path;
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) {
      const long long mtime_ns = static_cast<long long>(st.st_mtim.tv_sec) * 1'000'000'000LL + st.st_mtim.tv_nsec;
      id += " " + std::to_string(st.st_size) + " " + std::to_string(mtime_ns) + "\n";
    } else {
      id += " missing\n";
    }
  }
  return id;
}

}  // namespace datavagt
