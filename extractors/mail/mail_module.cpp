// libdatavagt_mail.so (extractor_module.h): mail with GMime (eml, mbox) and Outlook PST/OST with libpst
// (GLib, GIO, gpgme, ICU, libidn2 … come with them), loaded on the first message; also the PST reader's helper
// role (pst_walk.h), which the program's registry starts through it.
#include "extractors/mail/pst_walk.h"
#include "extractors/module_entry.h"

namespace datavagt {

std::unique_ptr<Extractor> make_mail_extractor();
std::unique_ptr<Extractor> make_mbox_extractor();
std::unique_ptr<Extractor> make_pst_extractor();
std::unique_ptr<Extractor> make_pst_message_extractor();

namespace {

std::unique_ptr<Extractor> make(FormatId format) {
  switch (format) {
    case FormatId::Mail: return make_mail_extractor();
    case FormatId::Mbox: return make_mbox_extractor();
    case FormatId::Pst: return make_pst_extractor();
    case FormatId::PstMessage: return make_pst_message_extractor();
    default: return nullptr;
  }
}

int run_helper(std::string_view role, std::span<char* const> args) {
  return role == pst::kReaderRole ? pst::run_reader(args) : 127;
}

constexpr ExtractorModule kModule{kExtractorModuleAbi, "mail", &make, &run_helper};

}  // namespace
}  // namespace datavagt

DATAVAGT_EXTRACTOR_MODULE_ENTRY(const datavagt::ExtractorHost* host) {
  return datavagt::open_extractor_module(host, datavagt::kModule);
}
