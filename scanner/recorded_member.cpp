#include "scanner/recorded_member.h"

namespace datavagt {

// Events are filled in field by field: GCC 12 at -O3 warns (maybe-uninitialized) on the aggregate temporaries.
RecordedMember::Event& RecordedMember::add(Kind kind) {
  Event& e = events_.emplace_back();
  e.kind = kind;
  return e;
}

void RecordedMember::text(const TextChunk& chunk) {
  bytes_ += chunk.utf8.size();
  Event& e = add(Kind::Text);
  e.data.assign(chunk.utf8);
  e.where = chunk.where;
}

void RecordedMember::nested(const ItemInfo& member, std::string bytes, std::optional<Problem> failure) {
  bytes_ += bytes.size();
  Event& e = add(Kind::Nested);
  e.data = std::move(bytes);
  e.member = member;
  e.problem = std::move(failure);
}

void RecordedMember::problem(Problem p) { add(Kind::Problem).problem = std::move(p); }

void RecordedMember::note(std::string n) {
  bytes_ += n.size();
  add(Kind::Note).data = std::move(n);
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
