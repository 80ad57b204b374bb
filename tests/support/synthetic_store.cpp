#include "detectors/name_scan.h"
#include "tests/support/synthetic_store.h"

#include <random>
#include <vector>

#include "reports/store/identity.h"
#include "reports/store/sqlite_store.h"

namespace datavagt::testing {

using namespace store;

namespace {

const char* const kDepartments[] = {"Jobcenter", "Ældreplejen", "Skole og dagtilbud", "HR", "Borgerservice",
                                    "Teknik/Miljø", ""};
const char* const kFolders[] = {"Sager", "Arkiv", "Fælles", "Breve", "Mails", "Udtræk"};
const char* const kNames[] = {"Ansøgning", "Journalnotat", "Elevliste", "Personalesag", "Bevilling", "Referat",
                              "Afgørelse", "Udtræk_borgere"};
const char* const kSuffixes[] = {".docx", ".pdf", ".xlsx", ".txt", ".msg", ".csv"};

struct Generator {
  std::mt19937_64 rng;
  std::size_t next_content = 1;

  std::uint64_t below(std::uint64_t n) { return rng() % n; }

  ContentHash content() {
    ContentHash h{};
    std::size_t v = next_content++;
    for (std::size_t i = 0; i < h.size(); ++i) h[i] = static_cast<unsigned char>((v >> (8 * (i % 8))) ^ (i * 37));
    return h;
  }

  std::string masked_cpr() {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d%02d%02d-XXXX", static_cast<int>(1 + below(28)), static_cast<int>(1 + below(12)),
                  static_cast<int>(below(100)));
    return buf;
  }

  std::string fingerprint() {
    static const char hex[] = "0123456789abcdef";
    std::string f;
    for (int i = 0; i < 64; ++i) f += hex[below(16)];
    return f;
  }

  ResultRecord result(std::size_t findings, bool problem) {
    ResultRecord r;
    r.content_hash = content();
    r.decided_by = "synthetic";
    r.format = "docx";
    const bool mail = below(5) == 0;
    for (std::size_t i = 0; i < findings; ++i) {
      Finding f;
      if (i % 3 == 2) {
        f.kind = below(2) ? FindingKind::Health : FindingKind::Criminal;
        f.severity = Severity::Critical;
        f.terms = {{f.kind == FindingKind::Health ? "diabet*" : "straffeattest", static_cast<std::uint32_t>(1 + below(4))}};
        f.count = f.terms[0].count;
        f.confidence = 0.6;
        f.context = "borgeren har diabetes og kommer til kontrol hos egen læge hver tredje måned";
      } else {
        f.kind = FindingKind::Cpr;
        f.severity = findings >= 3 ? Severity::Critical : Severity::High;
        f.masked = masked_cpr();
        f.fingerprint = fingerprint();
        f.confidence = 0.8 + 0.01 * static_cast<double>(below(20));
        f.count = static_cast<std::uint32_t>(1 + below(3));
        f.context = "Ansøger: Jens Hansen, CPR-nr. " + f.masked + ", Skovvej 3, 4000 Roskilde";
      }
      if (mail) f.members = {"Indbakke/" + std::to_string(1 + below(90)) + " Ansøgning (2019-03-01)"};
      f.where.page = static_cast<std::uint32_t>(below(3));
      f.where.part = f.where.page ? "" : "body";
      f.offset = below(5000);
      r.finding_keys.push_back(finding_key(f));
      r.findings.push_back(std::move(f));
    }
    if (problem) r.problems.push_back(Problem{ProblemKind::Encrypted, "zip: encrypted member", {"bilag.zip"}});
    r.bytes_read = r.text_bytes = 1000;
    return r;
  }
};

}  // namespace

Result<SyntheticStoreCounts> make_synthetic_store(const std::string& path, const SyntheticStoreSpec& spec) {
  OpenOptions o;
  o.create = true;
  auto opened = SqliteStore::open(path, o);
  if (!opened) return opened.problem();
  SqliteStore& db = **opened;
  const Fingerprinter keyed("synthetic-store-key");
  if (auto r = db.set_key_check(keyed.key_check_value()); !r) return r.problem();
  Generator g{std::mt19937_64(spec.seed)};

  struct Planned {
    FileWrite write;
    bool present = true;
  };
  // Files present at some time: spec.files with findings at the end, plus a tenth that go before the end.
  const std::size_t total = spec.files + spec.files / 10;
  std::vector<Planned> files;
  for (std::size_t i = 0; i < total + spec.clean_files; ++i) {
    const bool clean = i >= total;
    const char* dept = kDepartments[i % std::size(kDepartments)];
    FileWrite w;
    const std::string path = std::string("/srv/share/") + (*dept ? dept : "Diverse") + "/" +
                             kFolders[g.below(std::size(kFolders))] + "/" + kNames[g.below(std::size(kNames))] + "_" +
                             std::to_string(i) + kSuffixes[i % std::size(kSuffixes)];
    w.file.path_key = path_key(keyed, path);
    w.file.display_path = mask_cpr_numbers(path);
    w.file.root = "/srv/share";
    w.file.size = 1000 + g.below(100000);
    w.file.mtime_ns = (1500000000LL + static_cast<std::int64_t>(g.below(280000000))) * 1000000000LL;
    w.file.owner = "bruger" + std::to_string(g.below(40));
    if (!clean) {
      w.file.department = dept;
      w.file.responsible = *dept ? std::string("Leder af ") + dept : "";
      std::string policy = "{";
      if (i % 7 == 0) {
        w.file.flags.push_back("overdue");
        policy += "\"overdue\":{\"rule\":\"/srv/share/" + std::string(*dept ? dept : "Diverse") +
                  "/**\",\"days\":1095,\"days_over\":" + std::to_string(1 + g.below(900)) + "}";
      }
      if (i % 11 == 0) {
        w.file.flags.push_back("misplaced");
        policy += std::string(policy.size() > 1 ? "," : "") + "\"misplaced\":[\"readable by Everyone\"]";
      }
      w.file.policy_json = policy + "}";
    }
    ResultRecord r = clean ? g.result(0, false) : g.result(1 + g.below(3), i % 50 == 0);
    w.new_result = std::move(r);
    files.push_back({std::move(w), true});
  }

  SyntheticStoreCounts counts;
  std::vector<ReviewRecord> reviews;
  for (std::size_t run = 1; run <= spec.runs; ++run) {
    RunStart start;
    start.started_at = 1764000000 + static_cast<std::int64_t>(run) * 86400;
    start.roots = {"/srv/share"};
    start.options_json = "{}";
    start.decided_by = "synthetic";
    start.policy_hash = "synthetic-policy";
    start.host = "synthetic";
    start.user = "datavagt";
    auto id = db.begin_run(start);
    if (!id) return id.problem();
    std::vector<FileWrite> writes;
    std::vector<FileId> gone;
    const bool last = run == spec.runs;
    for (std::size_t i = 0; i < files.size(); ++i) {
      Planned& p = files[i];
      if (run == 1) {
        writes.push_back(p.write);
        continue;
      }
      if (last && i >= spec.files && i < total) {  // these go in the last run
        p.present = false;
        continue;
      }
      if (i < total && i % 13 == run) {  // a changed file: new content, new findings
        FileWrite w = p.write;
        w.new_result = g.result(1 + g.below(3), false);
        p.write = w;
        writes.push_back(std::move(w));
      }
    }
    if (auto r = db.write(*id, writes, {}); !r) return r.problem();
    if (last) {
      std::vector<FileId> ids;
      auto listed = db.for_each_file({}, [&](StoredFile&& f) {
        for (std::size_t i = spec.files; i < total; ++i)
          if (f.file.path_key == files[i].write.file.path_key) ids.push_back(f.file.id);
      });
      if (!listed) return listed.problem();
      if (auto r = db.write(*id, {}, ids); !r) return r.problem();
    }
    RunCounts c;
    for (std::size_t i = 0; i < total; ++i) {
      if (!files[i].present) continue;
      c.files_with_findings++;
      for (const auto& f : files[i].write.file.flags) {
        c.files_overdue += f == "overdue";
        c.files_misplaced += f == "misplaced";
      }
    }
    c.files = c.files_with_findings + spec.clean_files;
    if (auto r = db.end_run(*id, RunStatus::Complete, c, ""); !r) return r.problem();
    // Between runs the DPO reviews a few files.
    for (std::size_t i = run; i < spec.files; i += 17) {
      ReviewRecord rv;
      rv.content_hash = *files[i].write.new_result->content_hash;
      rv.path_key = files[i].write.file.path_key;
      rv.display_path = files[i].write.file.display_path;
      rv.state = i % 2 ? ReviewState::Handled : ReviewState::Accepted;
      rv.reason = "gennemgået af DPO";
      rv.reviewer = "dpo";
      rv.at = start.started_at + 3600;
      reviews.push_back(rv);
    }
    if (auto r = db.add_reviews(reviews); !r) return r.problem();
    reviews.clear();
  }
  for (std::size_t i = 0; i < spec.files; ++i) {
    const FileWrite& w = files[i].write;
    counts.files_with_findings++;
    counts.findings += w.new_result->findings.size();
    counts.not_fully_scanned += !w.new_result->problems.empty();
    for (const auto& f : w.file.flags) {
      counts.overdue += f == "overdue";
      counts.misplaced += f == "misplaced";
    }
    counts.files_by_department[w.file.department]++;
  }
  return counts;
}

}  // namespace datavagt::testing
