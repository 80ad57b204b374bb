#pragma once
// The present files of a store with the review decisions as they apply to them now (review_book.h): what
// `report`, `review` and `lookup` read. Loading is one pass over the files and one over the decisions;
// the view is immutable afterwards and thread-safe to read. Errors are values (the store's Problem).
#include <optional>
#include <vector>

#include "reports/store/review_book.h"
#include "reports/store/store.h"

namespace datavagt::store {

struct ReviewView {
  std::vector<StoredFile> files;
  std::optional<ReviewBook> book;
  ReviewState state(const StoredFile& f, std::size_t finding) const;
  const ReviewRecord* decision(const StoredFile& f, std::size_t finding) const;
};

// The files `query` selects; the book knows every present file (moved files' decisions follow them).
Result<ReviewView> load_review_view(Store& db, const FileQuery& query);

}  // namespace datavagt::store
