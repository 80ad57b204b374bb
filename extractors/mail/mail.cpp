// One mail message (RFC 822 / MIME, as saved in .eml files): headers, bodies, attachments as members of the
// file (`brev.eml!/bilag.pdf`). The walk itself is mime_message.cpp, shared with the mbox extractor.
#include <memory>

#include "extractors/extractor.h"
#include "extractors/mail/mime_message.h"

namespace datavagt {

namespace {

class MailExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "mail"; }

  void extract(ByteSource& in, const ItemInfo& info, ExtractSink& out, const Limits& limits) override {
    extract_mime_message(in, info, out, limits);
  }
};

}  // namespace

std::unique_ptr<Extractor> make_mail_extractor() { return std::make_unique<MailExtractor>(); }

}  // namespace datavagt
