#pragma once
// OLE 1.0 objects (MS-OLEDS 2.2), the wrapping in which RTF's \objdata (and an OLE2 "\1Ole10Native"
// stream) carries an embedded file. Pure functions over bytes in memory, thread-safe. Nothing fails: bytes
// that do not parse, or a linked object, come back unchanged, so a caller loses nothing by unwrapping.
#include <string_view>

namespace datavagt {

// The embedded file inside an OLE1 object: its native data (often an OLE2 compound file), or for the
// "Package" class, the packaged file itself. A view into `object`.
std::string_view ole1_object_payload(std::string_view object);

// The file inside Packager native data (a label, its paths, then the file's size and bytes). A view into
// `native`.
std::string_view ole_package_payload(std::string_view native);

}  // namespace datavagt
