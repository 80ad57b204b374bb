#include "reports/html/html_report.h"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <algorithm>
#include <map>

#include "reports/html/html_text.h"
#include "reports/html/page_assets.h"
#include "reports/html/report_data.h"
#include "reports/html/svg_charts.h"
#include "reports/i18n/local_format.h"
#include "reports/labels.h"

namespace datavagt::html {

using report::GroupTotals;
using report::ReportModel;

namespace {

constexpr const char* kSeverityColours[] = {"#757575", "#b7860b", "#d84315", "#b00020"};  // by Severity
constexpr std::size_t kMaxUnscannedListed = 2000;

// The script's hash for the Content-Security-Policy: only this script may run on the page.
std::string script_hash(std::string_view script) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(script.data()), script.size(), digest);
  unsigned char b64[64] = {};
  EVP_EncodeBlock(b64, digest, SHA256_DIGEST_LENGTH);
  return "sha256-" + std::string(reinterpret_cast<const char*>(b64));
}

class Page {
 public:
  Page(const ReportModel& model, const i18n::Messages& m, const HtmlOptions& o) : model_(model), m_(m), o_(o) {}

  std::string render() {
    head();
    header();
    out_ += "<nav><a href=\"#overview\">" + esc(m_.tr("Overview")) + "</a><a href=\"#departments\">" +
            esc(m_.tr("Departments")) + "</a><a href=\"#owners\">" + esc(m_.tr("Owners")) + "</a><a href=\"#files-section\">" +
            esc(m_.tr("Files")) + "</a><a href=\"#coverage\">" + esc(m_.tr("Coverage")) + "</a></nav>\n<main>\n";
    overview();
    groups("departments", m_.tr("Departments"), model_.departments, true);
    groups("owners", m_.tr("Owners"), model_.owners, false);
    files();
    coverage();
    out_ += "</main>\n<footer class=\"note\" style=\"padding:0 24px 24px\">";
    out_ += esc(m_.tr("CPR numbers are masked (DDMMYY-XXXX), file and member names too; contexts have every "
                      "CPR-like number masked. The report itself is personal data: keep it where only those who "
                      "need it can read it."));
    if (!o_.context) out_ += " " + esc(m_.tr("Made with --no-context: the text around the findings is left out."));
    out_ += "</footer>\n";
    const ReportData data = report_data(model_, m_, o_.context);
    // The table's data and the script first: the page draws the table while the browser still reads the
    // findings of every file (the bulk of a big report), which the script needs only when one is opened.
    out_ += "<script type=\"application/json\" id=\"dv-data\">" + data.table + "</script>\n";
    out_ += "<script>" + std::string(report_js()) + "</script>\n";
    out_ += "<script type=\"application/json\" id=\"dv-details\">" + data.details + "</script>\n</body>\n</html>\n";
    return std::move(out_);
  }

 private:
  std::string esc(std::string_view s) const { return escaped(s); }
  std::string count(std::uint64_t n) const { return i18n::format_count(m_, n); }
  std::string date(std::int64_t t) const { return i18n::format_date(m_, t); }

  std::string title() const {
    std::string t(m_.tr("Personal data on the file shares"));
    if (model_.filter.department)
      t += " — " + (model_.filter.department->empty() ? std::string(m_.tr("(no department)")) : *model_.filter.department);
    return t;
  }

  void head() {
    out_ += "<!DOCTYPE html>\n<html lang=\"" + std::string(i18n::lang_code(m_.lang())) + "\">\n<head>\n<meta charset=\"utf-8\">\n";
    out_ += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
            "img-src data:; script-src '" + script_hash(report_js()) + "'\">\n";
    out_ += "<meta name=\"referrer\" content=\"no-referrer\">\n<meta name=\"viewport\" content=\"width=device-width, "
            "initial-scale=1\">\n<meta name=\"generator\" content=\"Datavagt\">\n";
    out_ += "<title>" + esc(title()) + " — " + esc(date(model_.generated_at)) + "</title>\n";
    out_ += "<style>" + std::string(report_css()) + "</style>\n</head>\n<body>\n";
  }

  std::string_view run_status(store::RunStatus s) const {
    switch (s) {
      case store::RunStatus::Complete: return m_.trc("run status", "complete");
      case store::RunStatus::Interrupted: return m_.trc("run status", "interrupted");
      case store::RunStatus::Failed: return m_.trc("run status", "failed");
      case store::RunStatus::Running: return m_.trc("run status", "running");
    }
    return "?";
  }

  void header() {
    out_ += "<header><h1>" + esc(title()) + "</h1>\n<p>" +
            esc(i18n::fill(m_.tr("Made by Datavagt on {date} at {time} from the findings store."),
                           {{"date", date(model_.generated_at)}, {"time", i18n::iso_date_time(model_.generated_at).substr(11)}})) +
            "</p>\n";
    if (model_.last_run) {
      const auto& r = *model_.last_run;
      out_ += "<p>" + esc(i18n::fill(m_.tr("Newest scan: run {run}, started {date}, {status}."),
                                     {{"run", std::to_string(r.id)}, {"date", date(r.start.started_at)},
                                      {"status", std::string(run_status(r.status))}}));
      std::string roots;
      for (const auto& root : r.start.roots) roots += (roots.empty() ? "" : ", ") + root;
      if (!roots.empty()) out_ += " " + esc(i18n::fill(m_.tr("Scanned: {roots}."), {{"roots", roots}}));
      out_ += "</p>\n";
      if (r.status != store::RunStatus::Complete)
        out_ += "<p class=\"warn\">" +
                esc(m_.tr("The newest run did not complete: files it did not reach are shown as the previous runs "
                          "left them.")) +
                "</p>\n";
    } else {
      out_ += "<p class=\"warn\">" + esc(m_.tr("The store holds no scan yet.")) + "</p>\n";
    }
    std::vector<std::string> filters;
    if (!model_.filter.since.empty())
      filters.push_back(model_.baseline != 0
                            ? i18n::fill(m_.tr("only findings new since run {run}"), {{"run", std::to_string(model_.baseline)}})
                            : std::string(m_.tr("only new findings (there is no earlier run: all are new)")));
    if (!model_.filter.states.empty()) {
      std::string states;
      for (auto s : model_.filter.states) states += (states.empty() ? "" : ", ") + std::string(state_label(m_, s));
      filters.push_back(i18n::fill(m_.tr("only findings that are: {states}"), {{"states", states}}));
    }
    if (!filters.empty()) {
      std::string all;
      for (const auto& f : filters) all += (all.empty() ? "" : "; ") + f;
      out_ += "<p>" + esc(i18n::fill(m_.tr("This report shows {filters}."), {{"filters", all}})) + "</p>\n";
    }
    out_ += "</header>\n";
  }

  std::string trend_chart(std::uint64_t report::TrendPoint::*field, const std::string& colour) const {
    if (model_.trend.size() < 2) return "<div class=\"muted\">" + esc(m_.tr("no history yet")) + "</div>";
    std::vector<ChartPoint> points;
    for (const auto& p : model_.trend)
      points.push_back({p.*field, i18n::fill(m_.tr("run {run}, {date}: {n}"),
                                             {{"run", std::to_string(p.run)}, {"date", date(p.at)}, {"n", count(p.*field)}})});
    return sparkline(points, 170, 34, colour);
  }

  void card(const std::string& label, std::uint64_t n, const std::string& chart, const char* css = "",
            const char* show = nullptr) {
    out_ += std::string("<div class=\"card ") + css + "\"><div class=\"n\">" + esc(count(n)) + "</div><div class=\"label\">";
    if (show != nullptr)
      out_ += "<a href=\"#files-section\" data-show=\"" + std::string(show) + "\">" + esc(label) + "</a>";
    else
      out_ += esc(label);
    out_ += "</div>" + chart + "</div>\n";
  }

  void overview() {
    std::uint64_t overdue = 0, misplaced = 0, handled = 0;
    std::array<std::uint64_t, 4> by_severity{};
    std::map<FindingKind, std::uint64_t> by_kind;
    for (const auto& f : model_.files) {
      overdue += f.overdue;
      misplaced += f.misplaced;
      handled += f.open_findings == 0;
      by_severity[static_cast<std::size_t>(f.severity)]++;
      for (const auto& [k, n] : f.kind_counts) by_kind[k]++;
    }
    out_ += "<section id=\"overview\"><h2>" + esc(m_.tr("Overview")) + "</h2>\n<div class=\"cards\">\n";
    const bool all = !model_.filter.department.has_value();
    card(std::string(m_.tr("files with personal data")), model_.files.size(),
         trend_chart(&report::TrendPoint::with_findings, "#263238"));
    card(std::string(m_.tr("overdue (past their retention)")), overdue,
         all ? trend_chart(&report::TrendPoint::overdue, "#6a1b9a") : "", "", "flag=od");
    card(std::string(m_.tr("misplaced (wrong place or access too broad)")), misplaced,
         all ? trend_chart(&report::TrendPoint::misplaced, "#c62828") : "", "", "flag=mp");
    card(std::string(m_.tr("reviewed (every finding decided)")), handled,
         trend_chart(&report::TrendPoint::reviewed, "#2e7d32"));
    if (model_.baseline != 0)
      card(i18n::fill(m_.tr("new since run {run} ({date})"),
                      {{"run", std::to_string(model_.baseline)}, {"date", date(model_.baseline_at)}}),
           model_.new_files, "<div class=\"muted\">" +
                                 esc(i18n::fill(m_.trn("{n} new finding", "{n} new findings", model_.new_findings),
                                                {{"n", count(model_.new_findings)}})) +
                                 "</div>",
           "new", "flag=new");
    out_ += "</div>\n";
    if (model_.last_run && model_.last_run->start.policy_hash.empty())
      out_ += "<p class=\"note\">" +
              esc(m_.tr("The newest scan ran without a policy (--policy): files are not judged overdue or misplaced, "
                        "and have no department.")) +
              "</p>\n";
    out_ += "<div class=\"charts\"><figure><figcaption>" + esc(m_.tr("Files by severity")) + "</figcaption>";
    std::vector<ChartBar> sev;
    for (int s = 3; s >= 0; --s)
      sev.push_back({std::string(severity_label(m_, static_cast<Severity>(s))), by_severity[static_cast<std::size_t>(s)],
                     kSeverityColours[s], count(by_severity[static_cast<std::size_t>(s)])});
    out_ += stacked_bar(sev, 360, 22) + "<div class=\"muted\">";
    for (const auto& b : sev) out_ += "<span class=\"sev\" style=\"background:" + b.colour + "\">" + esc(b.label) + "</span> " + esc(b.title) + " &nbsp; ";
    out_ += "</div></figure>\n<figure><figcaption>" + esc(m_.tr("Files by kind of personal data")) + "</figcaption>";
    std::vector<ChartBar> kinds;
    for (FindingKind k : kReportKinds)
      if (auto it = by_kind.find(k); it != by_kind.end())
        kinds.push_back({std::string(kind_label(m_, k)), it->second, is_identifier(k) ? "#37474f" : "#00838f", count(it->second)});
    out_ += bar_chart(kinds, 460) + "</figure></div>\n</section>\n";
  }

  void groups(const char* id, std::string_view heading, const std::vector<GroupTotals>& groups, bool departments) {
    out_ += std::string("<section id=\"") + id + "\"><h2>" + esc(heading) + "</h2>\n";
    if (groups.empty()) {
      out_ += "<p class=\"muted\">" + esc(m_.tr("No files with personal data.")) + "</p></section>\n";
      return;
    }
    std::vector<FindingKind> kinds;
    for (FindingKind k : kReportKinds)
      if (std::any_of(groups.begin(), groups.end(), [&](const GroupTotals& g) { return g.files_by_kind.count(k) > 0; }))
        kinds.push_back(k);
    out_ += groups.size() > 25 ? "<div class=\"scrollbox\">" : "<div>";
    out_ += "<table class=\"grid\"><thead><tr><th>" + esc(departments ? m_.tr("Department") : m_.tr("Owner")) + "</th>";
    if (departments) out_ += "<th>" + esc(m_.tr("Responsible")) + "</th>";
    out_ += "<th class=\"num\">" + esc(m_.tr("Files")) + "</th>";
    for (int s = 3; s >= 0; --s) out_ += "<th class=\"num\">" + esc(severity_label(m_, static_cast<Severity>(s))) + "</th>";
    for (FindingKind k : kinds) out_ += "<th class=\"num\">" + esc(kind_label(m_, k)) + "</th>";
    out_ += "<th class=\"num\">" + esc(m_.tr("Overdue")) + "</th><th class=\"num\">" + esc(m_.tr("Misplaced")) +
            "</th><th class=\"num\">" + esc(m_.tr("Open")) + "</th><th class=\"num\">" + esc(m_.tr("Handled")) +
            "</th></tr></thead><tbody>\n";
    for (std::size_t i = 0; i < groups.size(); ++i) {
      const GroupTotals& g = groups[i];
      const std::string name = g.name.empty() ? std::string(departments ? m_.tr("(no department)") : m_.tr("(unknown)")) : g.name;
      out_ += "<tr><td>";
      if (departments)
        out_ += "<a href=\"#files-section\" data-show=\"dept=" + std::to_string(i) + "\">" + esc(name) + "</a>";
      else
        out_ += esc(name);
      out_ += "</td>";
      if (departments) out_ += "<td>" + esc(g.responsible) + "</td>";
      out_ += "<td class=\"num\">" + count(g.files) + "</td>";
      for (int s = 3; s >= 0; --s) out_ += "<td class=\"num\">" + count(g.by_severity[static_cast<std::size_t>(s)]) + "</td>";
      for (FindingKind k : kinds) {
        auto it = g.files_by_kind.find(k);
        out_ += "<td class=\"num\">" + count(it == g.files_by_kind.end() ? 0 : it->second) + "</td>";
      }
      out_ += "<td class=\"num\">" + count(g.overdue) + "</td><td class=\"num\">" + count(g.misplaced) +
              "</td><td class=\"num\">" + count(g.open) + "</td><td class=\"num\">" + count(g.handled) + "</td></tr>\n";
    }
    out_ += "</tbody></table></div>\n</section>\n";
  }

  void files() {
    out_ += "<section id=\"files-section\"><h2>" + esc(m_.tr("Files with personal data")) + "</h2>\n";
    out_ += "<p class=\"note\">" +
            esc(m_.tr("Most severe first; then misplaced, overdue, the most findings. Click a column to sort, a file "
                      "to see its findings.")) +
            "</p>\n<noscript><p class=\"warn\">" +
            esc(m_.tr("The table needs JavaScript. The CSV report (--csv) has the same rows.")) + "</p></noscript>\n";
    out_ += "<div id=\"filters\">";
    auto select = [&](const char* id, std::string_view label) {
      out_ += std::string("<label>") + esc(label) + "<select id=\"" + id + "\"></select></label>";
    };
    select("f-kind", m_.tr("Kind"));
    select("f-sev", m_.tr("Severity"));
    select("f-dept", m_.tr("Department"));
    select("f-flag", m_.tr("Flag"));
    select("f-state", m_.tr("Review state"));
    select("f-age", m_.tr("Age"));
    out_ += "<label>" + esc(m_.tr("Path contains")) + "<input type=\"search\" id=\"f-text\" placeholder=\"" +
            esc(m_.tr("part of a path or file name")) + "\"></label></div>\n<div id=\"count-line\"><span id=\"count\"></span><button type=\"button\" id=\"export-csv\">" +
            esc(m_.tr("Save the files shown as CSV")) + "</button></div>\n";
    out_ += "<div id=\"scroller\"><table id=\"files\"><colgroup><col style=\"width:82px\"><col><col style=\"width:10%\">"
            "<col style=\"width:7%\"><col style=\"width:15%\"><col style=\"width:130px\"><col style=\"width:11%\">"
            "<col style=\"width:104px\"></colgroup><thead><tr>";
    const std::pair<const char*, std::string_view> heads[] = {
        {"sev", m_.tr("Severity")},  {"path", m_.tr("Path")},       {"dept", m_.tr("Department")},
        {"owner", m_.tr("Owner")},   {"kinds", m_.tr("Findings")},  {"flags", m_.tr("Flags")},
        {"state", m_.tr("Review state")}, {"mtime", m_.tr("Modified")}};
    for (const auto& [key, label] : heads) out_ += std::string("<th data-sort=\"") + key + "\">" + esc(label) + "</th>";
    out_ += "</tr></thead><tbody id=\"rows\"></tbody></table></div>\n<div id=\"detail\"></div>\n</section>\n";
  }

  void coverage() {
    const report::Coverage& c = model_.coverage;
    out_ += "<section id=\"coverage\"><h2>" + esc(m_.tr("Coverage")) + "</h2>\n<p class=\"note\">" +
            esc(m_.tr("Every file is accounted for. A file that was not fully scanned is not clean: look at it.")) +
            "</p>\n";
    if (model_.filter.department)
      out_ += "<p class=\"note\">" +
              esc(m_.tr("A department's report counts the files of that department; files are given a department "
                        "when they hold personal data, so files that could not be read are in the full report.")) +
              "</p>\n";
    out_ += "<table class=\"grid\"><tbody>\n";
    auto row = [&](std::string_view label, std::uint64_t n, bool strong = false) {
      out_ += "<tr><td>" + std::string(strong ? "<b>" : "") + esc(label) + (strong ? "</b>" : "") +
              "</td><td class=\"num\">" + count(n) + "</td></tr>\n";
    };
    row(m_.tr("Files in the store (scanned)"), c.files, true);
    row(m_.tr("clean: read whole, nothing found"), c.clean);
    row(m_.tr("with personal data"), c.with_findings);
    row(m_.tr("not fully scanned"), c.not_fully_scanned, true);
    for (const auto& [kind, n] : c.files_by_reason) row("    " + std::string(reason_label(m_, kind)), n);
    row(m_.tr("without text (images, media, programs)"), c.without_text);
    row(m_.tr("with notes (e.g. PDF pages that are images)"), c.with_notes);
    if (!model_.filter.department) {
      row(m_.tr("Not reached in the newest run"), c.skipped_symlinks + c.skipped_special + c.skipped_other_fs, true);
      row(m_.tr("symbolic links (never followed)"), c.skipped_symlinks);
      row(m_.tr("FIFOs, sockets and devices (never opened)"), c.skipped_special);
      row(m_.tr("folders on other file systems"), c.skipped_other_fs);
    }
    out_ += "</tbody></table>\n";
    if (!model_.unscanned.empty()) {
      out_ += "<h3>" + esc(m_.tr("Not fully scanned")) + "</h3>\n<div class=\"scrollbox\"><table class=\"grid\"><thead><tr><th>" +
              esc(m_.tr("Path")) + "</th><th>" + esc(m_.tr("Why")) + "</th></tr></thead><tbody>\n";
      for (std::size_t i = 0; i < model_.unscanned.size() && i < kMaxUnscannedListed; ++i) {
        const auto& u = model_.unscanned[i];
        std::string why;
        for (const auto& p : u.problems) {
          std::string where;
          for (const auto& member : p.members) where += (where.empty() ? "" : " › ") + member;
          why += (why.empty() ? "" : "; ") + std::string(reason_label(m_, p.kind)) + (where.empty() ? "" : " (" + where + ")");
        }
        out_ += "<tr><td>" + esc(u.path) + "</td><td>" + esc(why) + "</td></tr>\n";
      }
      out_ += "</tbody></table></div>\n";
      if (model_.unscanned.size() > kMaxUnscannedListed)
        out_ += "<p class=\"note\">" +
                esc(i18n::fill(m_.tr("… and {n} more (report --jsonl lists every one)."),
                               {{"n", count(model_.unscanned.size() - kMaxUnscannedListed)}})) +
                "</p>\n";
    }
    out_ += "</section>\n";
  }

  const ReportModel& model_;
  const i18n::Messages& m_;
  const HtmlOptions& o_;
  std::string out_;
};

}  // namespace

std::string html_report(const ReportModel& model, const i18n::Messages& m, const HtmlOptions& options) {
  return Page(model, m, options).render();
}

}  // namespace datavagt::html
