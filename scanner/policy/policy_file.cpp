#include "scanner/policy/policy_file.h"

#include <initializer_list>
#include <sstream>

#include <toml++/toml.h>

#include "core/finding.h"
#include "core/small_file.h"
#include "core/utf8.h"
#include "detectors/registry.h"

namespace datavagt::policy {

namespace {

constexpr std::size_t kMaxPolicyBytes = std::size_t{16} << 20;  // a policy is a few KB; a mistake is not read whole

std::string type_name(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "a whole number";
    case toml::node_type::floating_point: return "a decimal number";
    case toml::node_type::boolean: return "true/false";
    case toml::node_type::date:
    case toml::node_type::time:
    case toml::node_type::date_time: return "a date or time";
    case toml::node_type::none: break;
  }
  return "nothing";
}

// 'text', built by appending: GCC 12 at -O3 sees a false -Wrestrict in "'" + std::string(…) chains.
std::string quoted(std::string_view text) {
  std::string q;
  q.reserve(text.size() + 2);
  q += '\'';
  q += text;
  q += '\'';
  return q;
}

// "name:line:column" (just "name" when the line is not known), appended likewise.
std::string place(const std::string& name, std::size_t line, std::size_t column) {
  std::string p = name;
  if (line > 0) {
    p += ':';
    p += std::to_string(line);
    p += ':';
    p += std::to_string(column);
  }
  return p;
}

std::string join(std::initializer_list<std::string_view> names) {
  std::string out;
  for (auto n : names) out += (out.empty() ? "" : ", ") + std::string(n);
  return out;
}

// Walks the parsed document; the first error found is kept (with its place) and everything after it is
// only checked as far as it can be.
class Reader {
 public:
  Reader(const std::string& name, Policy& out) : name_(name), out_(out) {
    const auto slash = name.rfind('/');
    folder_ = slash == std::string::npos ? "" : name.substr(0, slash + 1);
  }

  const std::string& error() const { return error_; }

  void fail(const toml::source_region& at, const std::string& message) {
    if (!error_.empty()) return;
    error_ = place(name_, at.begin.line, at.begin.column);
    error_ += ": ";
    error_ += message;
  }

  void document(const toml::table& root) {
    for (auto&& [key, node] : root) {
      const std::string_view k = key.str();
      if (k == "retention") {
        if (auto* t = table(node, k)) retention(*t);
      } else if (k == "misplaced") {
        if (auto* t = table(node, k)) misplaced(*t);
      } else if (k == "department") {
        if (auto* a = array_of_tables(node, "[[department]]"))
          for (auto& d : *a) department(*d.as_table());
      } else if (k == "sids") {
        if (auto* t = table(node, k)) sids(*t);
      } else if (k == "scan") {
        if (auto* t = table(node, k)) scan(*t);
      } else if (k == "limits") {
        if (auto* t = table(node, k)) limits(*t);
      } else {
        unknown(key, "at the top level", {"[scan]", "[limits]", "[retention]", "[misplaced]", "[[department]]", "[sids]"});
      }
    }
  }

 private:
  void unknown(const toml::key& key, std::string_view where, std::initializer_list<std::string_view> known) {
    fail(key.source(), "unknown key '" + std::string(key.str()) + "' " + std::string(where) + " (known: " +
                           join(known) + ")");
  }

  const toml::table* table(const toml::node& n, std::string_view key) {
    if (auto* t = n.as_table()) return t;
    fail(n.source(), quoted(key) + " must be a table ([" + std::string(key) + "]), not " + type_name(n));
    return nullptr;
  }

  const toml::array* array_of_tables(const toml::node& n, std::string_view what) {
    const auto* a = n.as_array();
    if (a == nullptr || !a->is_array_of_tables()) {
      fail(n.source(), std::string(what) + " must be written as " + std::string(what) + " tables, not " + type_name(n));
      return nullptr;
    }
    return a;
  }

  std::optional<std::string> string(const toml::node& n, std::string_view key) {
    if (auto* s = n.as_string()) return s->get();
    fail(n.source(), quoted(key) + " must be a string, not " + type_name(n));
    return std::nullopt;
  }

  std::optional<bool> boolean(const toml::node& n, std::string_view key) {
    if (auto* b = n.as_boolean()) return b->get();
    fail(n.source(), quoted(key) + " must be true or false, not " + type_name(n));
    return std::nullopt;
  }

  std::optional<std::int64_t> integer(const toml::node& n, std::string_view key, std::int64_t min, std::int64_t max) {
    const auto* i = n.as_integer();
    if (i == nullptr) {
      fail(n.source(), quoted(key) + " must be a whole number, not " + type_name(n));
      return std::nullopt;
    }
    if (i->get() < min || i->get() > max) {
      fail(n.source(), quoted(key) + " must be between " + std::to_string(min) + " and " +
                           std::to_string(max) + ", not " + std::to_string(i->get()));
      return std::nullopt;
    }
    return i->get();
  }

  std::optional<double> number(const toml::node& n, std::string_view key, double min, double max) {
    double v = 0;
    if (auto* f = n.as_floating_point())
      v = f->get();
    else if (auto* i = n.as_integer())
      v = static_cast<double>(i->get());
    else {
      fail(n.source(), quoted(key) + " must be a number, not " + type_name(n));
      return std::nullopt;
    }
    if (!(v >= min && v <= max)) {
      std::ostringstream s;
      s << "'" << key << "' must be between " << min << " and " << max << ", not " << v;
      fail(n.source(), s.str());
      return std::nullopt;
    }
    return v;
  }

  // A string, or an array of strings (`glob = "a"` and `glob = ["a", "b"]` both read).
  std::vector<std::pair<std::string, const toml::node*>> strings(const toml::node& n, std::string_view key) {
    std::vector<std::pair<std::string, const toml::node*>> out;
    if (auto* s = n.as_string()) {
      out.emplace_back(s->get(), &n);
    } else if (auto* a = n.as_array()) {
      for (auto& e : *a) {
        if (auto* s = e.as_string())
          out.emplace_back(s->get(), &e);
        else
          fail(e.source(), quoted(key) + " must hold strings, not " + type_name(e));
      }
    } else {
      fail(n.source(), quoted(key) + " must be a string or an array of strings, not " + type_name(n));
    }
    return out;
  }

  std::vector<Glob> globs(const toml::node& n, std::string_view key, Case c = Case::Sensitive) {
    std::vector<Glob> out;
    for (const auto& [text, at] : strings(n, key)) {
      std::string why;
      if (auto g = Glob::compile(text, &why, c))
        out.push_back(std::move(*g));
      else
        fail(at->source(), "bad glob \"" + text + "\" in '" + std::string(key) + "': " + why);
    }
    return out;
  }

  std::string resolve(std::string path) const {
    if (path.empty() || path[0] == '/' || folder_.empty()) return path;
    return folder_ + path;
  }

  void retention(const toml::table& t) {
    for (auto&& [key, node] : t) {
      const std::string_view k = key.str();
      if (k == "default_days") {
        out_.default_days = integer(node, k, 0, 1000000);
      } else if (k == "rule") {
        if (auto* a = array_of_tables(node, "[[retention.rule]]"))
          for (auto& r : *a) rule(*r.as_table());
      } else if (k == "mail_folder") {
        if (auto* a = array_of_tables(node, "[[retention.mail_folder]]"))
          for (auto& r : *a) mail_folder(*r.as_table());
      } else {
        unknown(key, "in [retention]", {"default_days", "[[retention.rule]]", "[[retention.mail_folder]]"});
      }
    }
  }

  void rule(const toml::table& t) {
    RetentionRule r;
    bool has_glob = false, has_days = false;
    for (auto&& [key, node] : t) {
      const std::string_view k = key.str();
      if (k == "glob") {
        r.globs = globs(node, k);
        has_glob = true;
      } else if (k == "days") {
        if (auto d = integer(node, k, 0, 1000000)) r.days = *d;
        has_days = true;
      } else {
        unknown(key, "in [[retention.rule]]", {"glob", "days"});
      }
    }
    if (!has_glob || !has_days) fail(t.source(), "[[retention.rule]] needs both 'glob' and 'days'");
    out_.retention.push_back(std::move(r));
  }

  void mail_folder(const toml::table& t) {
    MailFolderRule r;
    bool has_folders = false, has_days = false;
    for (auto&& [key, node] : t) {
      const std::string_view k = key.str();
      if (k == "folders") {
        r.folders = globs(node, k, Case::Insensitive);
        has_folders = true;
      } else if (k == "days") {
        if (auto d = integer(node, k, 0, 1000000)) r.days = *d;
        has_days = true;
      } else if (k == "glob") {
        r.globs = globs(node, k);
      } else {
        unknown(key, "in [[retention.mail_folder]]", {"folders", "days", "glob"});
      }
    }
    if (!has_folders || !has_days) fail(t.source(), "[[retention.mail_folder]] needs both 'folders' and 'days'");
    out_.mail_folders.push_back(std::move(r));
  }

  void misplaced(const toml::table& t) {
    for (auto&& [key, node] : t) {
      const std::string_view k = key.str();
      if (k == "forbid") {
        out_.forbid = globs(node, k);
      } else if (k == "world_readable") {
        if (auto b = boolean(node, k)) out_.world_readable = *b;
      } else if (k == "broad_groups") {
        for (auto& [name, at] : strings(node, k)) {
          if ((name.starts_with("S-") || name.starts_with("s-")) && !Sid::parse(name))
            fail(at->source(), quoted(name) + " in 'broad_groups' looks like a SID but is not one (S-1-5-21-…)");
          else if (name.empty())
            fail(at->source(), "an empty name in 'broad_groups'");
          out_.broad_groups.push_back(name);
        }
      } else {
        unknown(key, "in [misplaced]", {"forbid", "world_readable", "broad_groups"});
      }
    }
  }

  void department(const toml::table& t) {
    Department d;
    bool has_glob = false;
    for (auto&& [key, node] : t) {
      const std::string_view k = key.str();
      if (k == "name") {
        d.name = string(node, k).value_or("");
      } else if (k == "glob") {
        d.globs = globs(node, k);
        has_glob = true;
      } else if (k == "responsible") {
        d.responsible = string(node, k).value_or("");
      } else if (k == "email") {
        d.email = string(node, k).value_or("");
      } else {
        unknown(key, "in [[department]]", {"name", "glob", "responsible", "email"});
      }
    }
    if (d.name.empty() || !has_glob) fail(t.source(), "[[department]] needs a 'name' and a 'glob'");
    out_.departments.push_back(std::move(d));
  }

  void sids(const toml::table& t) {
    for (auto&& [key, node] : t) {
      auto sid = Sid::parse(key.str());
      if (!sid) {
        fail(key.source(), quoted(key.str()) + " in [sids] is not a SID (write \"S-1-5-21-…\" = \"name\")");
        continue;
      }
      if (auto name = string(node, key.str())) out_.sid_names.emplace_back(*sid, *name);
    }
  }

  void scan(const toml::table& t) {
    ScanSettings& s = out_.scan;
    for (auto&& [key, node] : t) {
      const std::string_view k = key.str();
      if (k == "key_file") {
        if (auto v = string(node, k)) s.key_file = resolve(*v);
      } else if (k == "min_confidence") {
        s.min_confidence = number(node, k, 0, 1);
      } else if (k == "min_score") {
        s.min_score = number(node, k, 0, 1);
      } else if (k == "kinds") {
        std::vector<std::string> kinds;
        for (auto& [name, at] : strings(node, k)) {
          if (!finding_kind_from(name) || name == "cpr-replacement")
            fail(at->source(), "unknown kind '" + name + "' (known: " + selectable_kinds_text() + ")");
          kinds.push_back(name);
        }
        s.kinds = std::move(kinds);
      } else if (k == "terms") {
        std::vector<std::string> paths;
        for (auto& [p, at] : strings(node, k)) paths.push_back(resolve(p));
        s.terms = std::move(paths);
      } else if (k == "builtin_terms") {
        s.builtin_terms = boolean(node, k);
      } else if (k == "cross_filesystems") {
        s.cross_filesystems = boolean(node, k);
      } else if (k == "threads") {
        if (auto v = integer(node, k, 0, 4096)) s.threads = static_cast<unsigned>(*v);
      } else if (k == "exclude") {
        out_.exclude = globs(node, k);
      } else {
        unknown(key, "in [scan]", {"key_file", "min_confidence", "min_score", "kinds", "terms", "builtin_terms",
                                   "cross_filesystems", "threads", "exclude"});
      }
    }
  }

  void limits(const toml::table& t) {
    ScanSettings& s = out_.scan;
    constexpr std::int64_t kMax = std::int64_t{1} << 62;
    for (auto&& [key, node] : t) {
      const std::string_view k = key.str();
      if (k == "max_text_size") {
        if (auto v = integer(node, k, 1, kMax)) s.max_text_size = static_cast<std::uint64_t>(*v);
      } else if (k == "max_depth") {
        if (auto v = integer(node, k, 0, 1000)) s.max_depth = static_cast<unsigned>(*v);
      } else if (k == "max_members") {
        if (auto v = integer(node, k, 0, kMax)) s.max_members = static_cast<std::uint64_t>(*v);
      } else if (k == "max_archive_size") {
        if (auto v = integer(node, k, 1, kMax)) s.max_archive_size = static_cast<std::uint64_t>(*v);
      } else if (k == "max_unpacked_size") {
        if (auto v = integer(node, k, 1, kMax)) s.max_unpacked_size = static_cast<std::uint64_t>(*v);
      } else if (k == "max_ratio") {
        if (auto v = integer(node, k, 0, 1000000)) s.max_ratio = static_cast<unsigned>(*v);
      } else if (k == "max_seconds") {
        s.max_seconds = number(node, k, 0, 1e9);
      } else if (k == "member_tasks") {
        s.member_tasks = boolean(node, k);
      } else {
        unknown(key, "in [limits]", {"max_text_size", "max_depth", "max_members", "max_archive_size",
                                     "max_unpacked_size", "max_ratio", "max_seconds", "member_tasks"});
      }
    }
  }

  const std::string& name_;
  std::string folder_;
  Policy& out_;
  std::string error_;
};

// "name:line:col: not valid UTF-8 …" for the first invalid byte, or "".
std::string utf8_error(std::string_view text, const std::string& name) {
  const std::size_t bad = utf8::valid_prefix(text);
  if (bad == text.size()) return "";
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < bad; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++column;
    }
  }
  return place(name, line, column) + ": not valid UTF-8 (save the policy file as UTF-8)";
}

Problem invalid(std::string detail) { return Problem::make(ProblemKind::Corrupt, std::move(detail)); }

}  // namespace

Result<Policy> parse_policy(std::string_view text, const std::string& name) {
  if (auto e = utf8_error(text, name); !e.empty()) return invalid(e);
  toml::table root;
  try {
    root = toml::parse(text, name);
  } catch (const toml::parse_error& e) {
    std::string detail = place(name, e.source().begin.line, e.source().begin.column);
    detail += ": ";
    detail += e.description();
    return invalid(std::move(detail));
  }
  Policy policy;
  policy.source = name;
  Reader reader(name, policy);
  reader.document(root);
  if (!reader.error().empty()) return invalid(reader.error());
  return policy;
}

Result<Policy> read_policy_file(const std::string& path) {
  auto text = read_small_file(path, kMaxPolicyBytes);
  if (!text && text.problem().kind == ProblemKind::Limit)
    return invalid("policy file " + path + " is larger than " + std::to_string(kMaxPolicyBytes >> 20) + " MiB");
  if (!text) return Problem::make(ProblemKind::Unreadable, "cannot read policy file " + path + ": " + text.problem().detail);
  return parse_policy(*text, path);
}

}  // namespace datavagt::policy
