#pragma once
// The store's schema as a list of migrations: step N takes a database from user_version N-1 to N. A new
// schema is a new step appended here (never an edit of an old one), and a test opens a database of every
// earlier version (tests/reports/store/sqlite_store_test.cpp).
#include <vector>

namespace datavagt::store {

struct Migration {
  int version;      // user_version after this step
  const char* sql;  // statements, run in one transaction
};

// The real history, oldest first.
const std::vector<Migration>& schema_migrations();

}  // namespace datavagt::store
