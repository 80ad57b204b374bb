#pragma once
// The identity of the OCR engine a reading came from, cheaply: Tesseract's version and, for each language data
// file it reads (dan, eng, osd), its path, size and modification time, never its content. A store's findings
// are decided under it (scanner/findings_decision.h), so an upgraded Tesseract or language pack reads the
// pictures again on the next --db rescan.
//
// Contract: pure apart from stat(2) and getenv; thread-safe; never fails (a file that cannot be stat'ed is
// named "missing", which is an identity too).
#include <string>
#include <vector>

namespace datavagt {

// The folder Tesseract takes its language data from when it is given none, as Tesseract 5 decides it:
// $TESSDATA_PREFIX if set, else the folder it was built with (Debian: /usr/share/tesseract-ocr/<major>/tessdata),
// `major` being the major version of the library loaded.
std::string tessdata_folder(int tesseract_major);

// "tesseract <version>\n" and one line per language, "<folder>/<lang>.traineddata <size> <mtime ns>" or
// "... missing".
std::string ocr_data_identity(const std::string& tesseract_version, const std::string& folder,
                              const std::vector<std::string>& languages);

}  // namespace datavagt
