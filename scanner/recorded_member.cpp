#include "scanner/recorded_member.h"

namespace datavagt {

void RecordedMember::text(const TextChunk& chunk) {
  bytes_ += chunk.utf8.size();
  events_.push_back(Event{Kind::Text, std::string(chunk.utf8), chunk.where, {}, {}});
}

void RecordedMember::nested(const ItemInfo& member, std::string bytes, std::optional<Problem> failure) {
  bytes_ += bytes.size();
  events_.push_back(Event{Kind::Nested, std::move(bytes), {}, member, std::move(failure)});
}

void RecordedMember::problem(Problem p) { events_.push_back(Event{Kind::Problem, {}, {}, {}, std::move(p)}); }

void RecordedMember::note(std::string n) {
  bytes_ += n.size();
  events_.push_back(Event{Kind::Note, std::move(n), {}, {}, {}});
}

void RecordedMember::replay(ExtractSink& out) const {
  for (const Event& e : events_) {
    switch (e.kind) {
      case Kind::Text:
        if (!out.text(TextChunk{e.data, e.where})) return;
        break;
      case Kind::Nested: {
        MemorySource whole(e.data);
        if (!e.problem) {
          out.nested(e.member, whole);
        } else {
          FailedSource failed(*e.problem);
          PrefixedSource then_failed(e.data, failed);
          out.nested(e.member, then_failed);
        }
        break;
      }
      case Kind::Problem: out.problem(*e.problem); break;
      case Kind::Note: out.note(e.data); break;
    }
  }
}

void RecordedMember::clear() {
  events_.clear();
  bytes_ = 0;
}

}  // namespace datavagt
