#include "reports/jsonl_sink.h"

#include <cerrno>
#include <csignal>
#include <cstring>

#include "core/utf8.h"
#include "reports/json_text.h"
#include "reports/policy_json.h"

namespace datavagt {

namespace {

// `path` as shown, `path_bytes` for a name that is not UTF-8 (the bytes as shown: masked unless --clear-paths,
// so never a CPR number in clear), `path_masked` when a number was masked in either, and `location`.
void append_location(std::string& r, const FileVerdict& v, const std::vector<std::string>& members,
                     const PathDisplay& display) {
  const std::string& path = v.info.location.path;
  const std::string shown = display(path);
  r += "\"path\":";
  json::append_string(r, shown);
  if (!utf8::is_valid(path)) {
    r += ",\"path_bytes\":\"";
    r += json::base64(shown);
    r += '"';
  }
  const std::string location = Location{path, members}.display();
  if (display.masks(location)) r += ",\"path_masked\":true";
  r += ",\"location\":";
  json::append_string(r, display(location));
}

void append_strings(std::string& r, const std::vector<std::string>& values, const PathDisplay& display) {
  r += '[';
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) r += ',';
    json::append_string(r, display(values[i]));
  }
  r += ']';
}

void append_file_fields(std::string& r, const FileVerdict& v, const PathDisplay& display) {
  r += ",\"size\":";
  r += std::to_string(v.info.size);
  r += ",\"mtime\":";
  if (v.info.mtime != 0)
    json::append_string(r, json::iso8601_utc(v.info.mtime));
  else
    r += "null";
  r += ",\"format\":";
  json::append_string(r, v.format);
  r += ",\"flags\":[";
  for (std::size_t i = 0; i < v.flags.size(); ++i) {
    if (i) r += ',';
    json::append_string(r, v.flags[i]);
  }
  r += ']';
  append_policy_fields(r, v);
  if (!v.notes.empty()) {  // only when there are some: records of other files are unchanged
    r += ",\"notes\":";
    append_strings(r, v.notes, display);
  }
}

std::string confidence_text(double c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.2f", c);
  return buf;
}

// The fields every record of a file shares, formatted once per file (a CPR-dense file has hundreds of
// findings): the path, the location of the last members asked for, and the file fields.
class FileFields {
 public:
  FileFields(const FileVerdict& v, const PathDisplay& display) : v_(v), display_(display) {}

  void append_location(std::string& r, const std::vector<std::string>& members) {
    if (!location_ready_ || members != members_) {
      location_.clear();
      datavagt::append_location(location_, v_, members, display_);
      members_ = members;
      location_ready_ = true;
    }
    r += location_;
  }
  void append_file_fields(std::string& r) {
    if (file_fields_.empty()) datavagt::append_file_fields(file_fields_, v_, display_);
    r += file_fields_;
  }

 private:
  const FileVerdict& v_;
  const PathDisplay& display_;
  std::vector<std::string> members_;
  std::string location_;
  bool location_ready_ = false;
  std::string file_fields_;
};

void append_finding(std::string& r, FileFields& file, const Finding& f) {
  r += '{';
  file.append_location(r, f.members);
  r += ",\"kind\":";
  json::append_string(r, to_string(f.kind));
  r += ",\"severity\":";
  json::append_string(r, to_string(f.severity));
  if (is_identifier(f.kind)) {
    r += ",\"masked\":";
    json::append_string(r, f.masked);
    r += ",\"fingerprint\":";
    json::append_string(r, f.fingerprint);
    r += ",\"confidence\":";
    r += confidence_text(f.confidence);
  } else {
    r += ",\"score\":";
    r += confidence_text(f.confidence);
    r += ",\"terms\":{";
    for (std::size_t i = 0; i < f.terms.size(); ++i) {
      if (i) r += ',';
      json::append_string(r, f.terms[i].term);
      r += ':';
      r += std::to_string(f.terms[i].count);
    }
    r += '}';
  }
  r += ",\"count\":";
  r += std::to_string(f.count);
  if (f.where.page) r += ",\"page\":" + std::to_string(f.where.page);
  if (!f.where.part.empty()) {
    r += ",\"part\":";
    json::append_string(r, f.where.part);
  }
  if (f.where.ocr()) r += ",\"via\":\"ocr\"";  // read from a picture (extractors/image/)
  if (f.member_time != 0) {
    r += ",\"date\":";
    json::append_string(r, json::iso8601_utc(f.member_time));
  }
  if (f.overdue) append_overdue(r, *f.overdue);  // this item's (a mail message's own date, else the file's)
  r += ",\"offset\":";
  r += std::to_string(f.offset);
  r += ",\"context\":";
  json::append_string(r, f.context);
  file.append_file_fields(r);
  r += '}';
}


void append_counts(std::string& r, const char* name, const std::map<std::string, std::uint64_t>& counts) {
  r += ",\"";
  r += name;
  r += "\":{";
  bool first = true;
  for (const auto& [k, n] : counts) {
    if (!first) r += ',';
    first = false;
    json::append_string(r, k);
    r += ':';
    r += std::to_string(n);
  }
  r += '}';
}

void append_number(std::string& r, const char* name, std::uint64_t n) {
  r += ",\"";
  r += name;
  r += "\":";
  r += std::to_string(n);
}

}  // namespace

std::string JsonlSink::finding_record(const FileVerdict& v, const Finding& f, const PathDisplay& display) {
  std::string r;
  FileFields file(v, display);
  append_finding(r, file, f);
  return r;
}

std::string JsonlSink::problem_record(const FileVerdict& v, const Problem& p, const PathDisplay& display) {
  std::string r = "{";
  append_location(r, v, p.members, display);
  r += ",\"kind\":\"error\",\"reason\":";
  json::append_string(r, to_string(p.kind));
  r += ",\"detail\":";
  json::append_string(r, display(p.detail));
  if (v.overdue) append_overdue(r, *v.overdue);
  append_file_fields(r, v, display);
  r += '}';
  return r;
}

std::string JsonlSink::note_record(const FileVerdict& v, const PathDisplay& display) {
  std::string r = "{";
  append_location(r, v, {}, display);
  r += ",\"kind\":\"note\"";
  append_file_fields(r, v, display);
  r += '}';
  return r;
}

std::string JsonlSink::start_record(const RunInfo& run, const PathDisplay& display) {
  std::string r = "{\"kind\":\"scan-start\",\"run_id\":";
  json::append_string(r, run.run_id);
  r += ",\"version\":";
  json::append_string(r, run.version);
  r += ",\"started\":";
  json::append_string(r, json::iso8601_utc(run.started));
  r += ",\"host\":";
  json::append_string(r, run.host);
  r += ",\"user\":";
  json::append_string(r, run.user);
  r += ",\"roots\":";
  append_strings(r, run.roots, display);
  r += ",\"key_id\":";
  json::append_string(r, run.key_id);
  r += ",\"key_file\":";
  json::append_string(r, display(run.key_file));
  r += ",\"per_user_key\":";
  r += run.per_user_key ? "true" : "false";
  r += ",\"options\":";
  r += run.options_json.empty() ? "{}" : run.options_json;
  r += ",\"warnings\":";
  append_strings(r, run.warnings, display);
  r += '}';
  return r;
}

std::string JsonlSink::end_record(const RunSummary& s, const std::string& run_id) {
  std::string r = "{\"kind\":\"scan-end\",\"run_id\":";
  json::append_string(r, run_id);
  r += ",\"status\":";
  json::append_string(r, to_string(s.status));
  if (s.status == RunStatus::Interrupted) {
    r += ",\"signal\":";
    json::append_string(r, signal_name(s.signal));
  }
  if (s.status == RunStatus::Failed) {
    r += ",\"failure\":";
    json::append_string(r, s.failure);
  }
  append_number(r, "exit_code", static_cast<std::uint64_t>(s.exit_code));
  r += ",\"ended\":";
  json::append_string(r, json::iso8601_utc(s.ended));
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.3f", s.seconds);
  r += ",\"seconds\":";
  r += seconds;
  append_number(r, "files", s.files);
  append_number(r, "files_with_findings", s.files_with_findings);
  append_number(r, "folders_with_findings", s.folders_with_findings);
  append_number(r, "files_with_problems", s.files_with_problems);
  append_number(r, "files_without_text", s.files_without_text);
  append_number(r, "bytes_read", s.bytes_read);
  append_number(r, "text_bytes", s.text_bytes);
  append_number(r, "members_reused", s.members_reused);
  r += ",\"ocr\":{\"pages_read\":" + std::to_string(s.ocr_pages_read) +
       ",\"pages_cached\":" + std::to_string(s.ocr_pages_cached) + "}";
  append_counts(r, "files_by_kind", s.files_by_kind);
  append_counts(r, "findings_by_kind", s.findings_by_kind);
  append_counts(r, "occurrences_by_kind", s.occurrences_by_kind);
  append_counts(r, "problems_by_reason", s.problems_by_reason);
  std::map<std::string, std::uint64_t> severity;
  for (int i = 0; i < 4; ++i) severity[std::string(to_string(static_cast<Severity>(i)))] = s.files_by_severity[i];
  append_counts(r, "files_by_severity", severity);
  r += ",\"skipped\":{\"symlinks\":" + std::to_string(s.symlinks_skipped) +
       ",\"special\":" + std::to_string(s.special_skipped) +
       ",\"other_filesystems\":" + std::to_string(s.other_fs_skipped) + "}";
  append_number(r, "roots_failed", s.unreadable_roots);
  r += ",\"warnings\":[";
  for (std::size_t i = 0; i < s.warnings.size(); ++i) {
    if (i) r += ',';
    json::append_string(r, s.warnings[i]);
  }
  r += "]}";
  return r;
}

std::string JsonlSink::prepare(const FileVerdict& v) const {
  std::string lines;
  FileFields file(v, display_);
  for (const auto& f : v.findings) {
    append_finding(lines, file, f);
    lines += '\n';
  }
  for (const auto& p : v.problems) {
    lines += problem_record(v, p, display_);
    lines += '\n';
  }
  // A file with notes and nothing else (a clean scanned PDF) still gets one line, so its notes are not lost.
  if (lines.empty() && !v.notes.empty()) {
    lines += note_record(v, display_);
    lines += '\n';
  }
  return lines;
}

void JsonlSink::write(const std::string& lines) {
  if (failed_) return;
  if (!lines.empty() && std::fwrite(lines.data(), 1, lines.size(), out_) != lines.size()) failed_ = true;
}

Result<bool> JsonlSink::begin(const RunInfo& run) {
  run_id_ = run.run_id;
  write(start_record(run, display_) + "\n");
  // The start goes out at once: a reader (or `tail -f`) sees which run the file belongs to.
  if (std::fflush(out_) != 0) failed_ = true;
  if (failed_) return Problem::make(ProblemKind::Internal, "cannot write " + name_ + ": " + std::strerror(errno));
  return true;
}

void JsonlSink::verdict(const FileVerdict& v) { prepared_verdict(v, prepare(v)); }

void JsonlSink::prepared_verdict(const FileVerdict&, std::string lines) { write(lines); }

Result<bool> JsonlSink::finish(const RunSummary& summary) {
  write(end_record(summary, run_id_) + "\n");
  if (std::fflush(out_) != 0) failed_ = true;
  if (failed_) return Problem::make(ProblemKind::Internal, "cannot write " + name_ + ": " + std::strerror(errno));
  return true;
}

}  // namespace datavagt
