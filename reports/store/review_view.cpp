#include "reports/store/review_view.h"

#include <set>

namespace datavagt::store {

const ReviewRecord* ReviewView::decision(const StoredFile& f, std::size_t finding) const {
  if (!book || !f.result || !f.result->content_hash) return nullptr;
  const FindingKey* key = finding < f.result->finding_keys.size() ? &f.result->finding_keys[finding] : nullptr;
  return book->decision(*f.result->content_hash, key, f.file.path_key);
}

ReviewState ReviewView::state(const StoredFile& f, std::size_t finding) const {
  const ReviewRecord* r = decision(f, finding);
  return r != nullptr ? r->state : ReviewState::Open;
}

Result<ReviewView> load_review_view(Store& db, const FileQuery& query) {
  ReviewView view;
  std::set<PathKey> present;
  FileQuery all;
  all.without_results = true;
  auto listed = db.for_each_file(all, [&](StoredFile&& f) { present.insert(f.file.path_key); });
  if (!listed) return listed.problem();
  auto files = db.for_each_file(query, [&](StoredFile&& f) { view.files.push_back(std::move(f)); });
  if (!files) return files.problem();
  auto reviews = db.reviews();
  if (!reviews) return reviews.problem();
  view.book.emplace(std::move(*reviews), std::move(present));
  return view;
}

}  // namespace datavagt::store
