#include "reports/store/schema.h"

namespace datavagt::store {

namespace {

// Version 1. Columns with personal data in mind: display_path, members, masked, context and problem details
// are masked before they get here; path_key and finding_key are keyed or content hashes; path_bytes holds raw
// bytes only when they carry no CPR-like number, or with --clear-paths.
constexpr const char* kVersion1 = R"sql(
CREATE TABLE meta(
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE runs(
  id                  INTEGER PRIMARY KEY,
  started_at          INTEGER NOT NULL,
  ended_at            INTEGER,
  status              TEXT NOT NULL,
  roots               TEXT NOT NULL,
  options             TEXT NOT NULL,
  decided_by          TEXT NOT NULL,
  policy_hash         TEXT NOT NULL,
  full_scan           INTEGER NOT NULL,
  resumes             INTEGER,
  chain_start         INTEGER NOT NULL,
  host                TEXT NOT NULL,
  user_name           TEXT NOT NULL,
  files               INTEGER NOT NULL DEFAULT 0,
  files_read          INTEGER NOT NULL DEFAULT 0,
  files_unchanged     INTEGER NOT NULL DEFAULT 0,
  files_reused        INTEGER NOT NULL DEFAULT 0,
  files_new           INTEGER NOT NULL DEFAULT 0,
  files_gone          INTEGER NOT NULL DEFAULT 0,
  files_with_findings INTEGER NOT NULL DEFAULT 0,
  files_with_problems INTEGER NOT NULL DEFAULT 0,
  findings            INTEGER NOT NULL DEFAULT 0,
  bytes_read          INTEGER NOT NULL DEFAULT 0,
  text_bytes          INTEGER NOT NULL DEFAULT 0,
  error               TEXT NOT NULL DEFAULT ''
);
CREATE TABLE results(
  id           INTEGER PRIMARY KEY,
  content_hash BLOB,
  decided_by   TEXT NOT NULL,
  run_id       INTEGER NOT NULL,
  size         INTEGER NOT NULL,
  format       TEXT NOT NULL,
  has_text     INTEGER NOT NULL,
  bytes_read   INTEGER NOT NULL,
  text_bytes   INTEGER NOT NULL,
  reusable     INTEGER NOT NULL,
  records      INTEGER NOT NULL,
  notes        TEXT NOT NULL
);
CREATE INDEX results_by_content ON results(content_hash, decided_by);
CREATE TABLE findings(
  id          INTEGER PRIMARY KEY,
  result_id   INTEGER NOT NULL,
  ordinal     INTEGER NOT NULL,
  finding_key BLOB NOT NULL,
  kind        TEXT NOT NULL,
  severity    TEXT NOT NULL,
  members     TEXT NOT NULL,
  masked      TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  confidence  REAL NOT NULL,
  count       INTEGER NOT NULL,
  page        INTEGER NOT NULL,
  part        TEXT NOT NULL,
  text_offset INTEGER NOT NULL,
  context     TEXT NOT NULL,
  terms       TEXT NOT NULL,
  member_time INTEGER NOT NULL
);
CREATE INDEX findings_by_result ON findings(result_id, ordinal);
CREATE INDEX findings_by_fingerprint ON findings(fingerprint);
CREATE TABLE problems(
  id        INTEGER PRIMARY KEY,
  result_id INTEGER NOT NULL,
  ordinal   INTEGER NOT NULL,
  reason    TEXT NOT NULL,
  detail    TEXT NOT NULL,
  members   TEXT NOT NULL
);
CREATE INDEX problems_by_result ON problems(result_id, ordinal);
CREATE TABLE files(
  id           INTEGER PRIMARY KEY,
  path_key     BLOB NOT NULL UNIQUE,
  display_path TEXT NOT NULL,
  path_bytes   BLOB,
  root         TEXT NOT NULL,
  size         INTEGER NOT NULL,
  mtime_ns     INTEGER NOT NULL,
  ctime_ns     INTEGER NOT NULL,
  dev          INTEGER NOT NULL,
  inode        INTEGER NOT NULL,
  mode         INTEGER NOT NULL,
  owner_uid    INTEGER NOT NULL,
  owner        TEXT NOT NULL,
  department   TEXT NOT NULL,
  responsible  TEXT NOT NULL,
  flags        TEXT NOT NULL,
  policy       TEXT NOT NULL,
  result_id    INTEGER,
  first_run    INTEGER NOT NULL,
  scanned_run  INTEGER NOT NULL,
  changed_run  INTEGER NOT NULL,
  gone_run     INTEGER
);
CREATE INDEX files_by_display_path ON files(display_path);
CREATE INDEX files_by_result ON files(result_id);
CREATE TABLE file_history(
  file_id   INTEGER NOT NULL,
  result_id INTEGER NOT NULL,
  from_run  INTEGER NOT NULL,
  to_run    INTEGER
);
CREATE INDEX file_history_by_file ON file_history(file_id, to_run);
CREATE INDEX file_history_by_result ON file_history(result_id);
CREATE TABLE reviews(
  id           INTEGER PRIMARY KEY,
  content_hash BLOB NOT NULL,
  finding_key  BLOB,
  path_key     BLOB NOT NULL,
  display_path TEXT NOT NULL,
  state        TEXT NOT NULL,
  reason       TEXT NOT NULL,
  reviewer     TEXT NOT NULL,
  at           INTEGER NOT NULL
);
CREATE INDEX reviews_by_content ON reviews(content_hash);
CREATE TABLE lookups(
  id           INTEGER PRIMARY KEY,
  at           INTEGER NOT NULL,
  who          TEXT NOT NULL,
  fingerprints TEXT NOT NULL,
  hits         INTEGER NOT NULL
);
)sql";

// Version 2: what the trend in the reports needs of each run besides what the history of results gives —
// the files flagged by the policy, and what the walk did not even reach.
constexpr const char* kVersion2 = R"sql(
ALTER TABLE runs ADD COLUMN files_overdue INTEGER NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN files_misplaced INTEGER NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN skipped_symlinks INTEGER NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN skipped_special INTEGER NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN skipped_other_fs INTEGER NOT NULL DEFAULT 0;
)sql";

// Version 3: a finding read by OCR (extractors/image/) keeps Tesseract's confidence of its digits, so a finding
// the store gives back for an unchanged or copied scan is still marked "via":"ocr". 0 = read from text.
constexpr const char* kVersion3 = R"sql(
ALTER TABLE findings ADD COLUMN ocr_confidence INTEGER NOT NULL DEFAULT 0;
)sql";

// Version 4: members of containers kept for their copies in later runs (store.h, MemberRecord): the same
// attachment in next month's mails, a picture pasted into every new letter. The result (in `results`, with no
// content_hash: it never stands for a whole file) is NULL when the member gave nothing.
constexpr const char* kVersion4 = R"sql(
CREATE TABLE member_results(
  content_hash BLOB NOT NULL,
  depth        INTEGER NOT NULL,
  decided_by   TEXT NOT NULL,
  run_id       INTEGER NOT NULL,
  result_id    INTEGER,
  member_chain TEXT NOT NULL,
  member_time  INTEGER NOT NULL,
  PRIMARY KEY(content_hash, depth, decided_by)
) WITHOUT ROWID;
CREATE INDEX member_results_by_run ON member_results(run_id);
CREATE INDEX member_results_by_result ON member_results(result_id);
)sql";

}  // namespace

const std::vector<Migration>& schema_migrations() {
  static const std::vector<Migration> migrations = {{1, kVersion1}, {2, kVersion2}, {3, kVersion3}, {4, kVersion4}};
  return migrations;
}

}  // namespace datavagt::store
