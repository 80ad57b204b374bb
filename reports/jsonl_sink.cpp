#include "reports/jsonl_sink.h"

#include <cerrno>
#include <cstring>

#include "core/utf8.h"
#include "reports/json_text.h"
#include "reports/policy_json.h"

namespace datavagt {

namespace {

void append_location(std::string& r, const FileVerdict& v, const std::vector<std::string>& members) {
  const std::string& path = v.info.location.path;
  r += "\"path\":";
  json::append_string(r, path);
  if (!utf8::is_valid(path)) {
    r += ",\"path_bytes\":\"";
    r += json::base64(path);
    r += '"';
  }
  Location loc{path, members};
  r += ",\"location\":";
  json::append_string(r, loc.display());
}

void append_file_fields(std::string& r, const FileVerdict& v) {
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
    r += ",\"notes\":[";
    for (std::size_t i = 0; i < v.notes.size(); ++i) {
      if (i) r += ',';
      json::append_string(r, v.notes[i]);
    }
    r += ']';
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
  explicit FileFields(const FileVerdict& v) : v_(v) {}

  void append_location(std::string& r, const std::vector<std::string>& members) {
    if (!location_ready_ || members != members_) {
      location_.clear();
      datavagt::append_location(location_, v_, members);
      members_ = members;
      location_ready_ = true;
    }
    r += location_;
  }
  void append_file_fields(std::string& r) {
    if (file_fields_.empty()) datavagt::append_file_fields(file_fields_, v_);
    r += file_fields_;
  }

 private:
  const FileVerdict& v_;
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

}  // namespace

std::string JsonlSink::finding_record(const FileVerdict& v, const Finding& f) {
  std::string r;
  FileFields file(v);
  append_finding(r, file, f);
  return r;
}

std::string JsonlSink::problem_record(const FileVerdict& v, const Problem& p) {
  std::string r = "{";
  append_location(r, v, p.members);
  r += ",\"kind\":\"error\",\"reason\":";
  json::append_string(r, to_string(p.kind));
  r += ",\"detail\":";
  json::append_string(r, p.detail);
  if (v.overdue) append_overdue(r, *v.overdue);
  append_file_fields(r, v);
  r += '}';
  return r;
}

std::string JsonlSink::note_record(const FileVerdict& v) {
  std::string r = "{";
  append_location(r, v, {});
  r += ",\"kind\":\"note\"";
  append_file_fields(r, v);
  r += '}';
  return r;
}

std::string JsonlSink::prepare(const FileVerdict& v) const {
  std::string lines;
  FileFields file(v);
  for (const auto& f : v.findings) {
    append_finding(lines, file, f);
    lines += '\n';
  }
  for (const auto& p : v.problems) {
    lines += problem_record(v, p);
    lines += '\n';
  }
  // A file with notes and nothing else (a clean scanned PDF) still gets one line, so its notes are not lost.
  if (lines.empty() && !v.notes.empty()) {
    lines += note_record(v);
    lines += '\n';
  }
  return lines;
}

void JsonlSink::verdict(const FileVerdict& v) { prepared_verdict(v, prepare(v)); }

void JsonlSink::prepared_verdict(const FileVerdict&, std::string lines) {
  if (failed_) return;
  if (!lines.empty() && std::fwrite(lines.data(), 1, lines.size(), out_) != lines.size()) failed_ = true;
}

Result<bool> JsonlSink::finish(const RunSummary&) {
  if (std::fflush(out_) != 0) failed_ = true;
  if (failed_) return Problem::make(ProblemKind::Internal, "cannot write " + name_ + ": " + std::strerror(errno));
  return true;
}

}  // namespace datavagt
