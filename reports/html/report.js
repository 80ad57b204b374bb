// Datavagt's DPO report: the files table. The rows come as compact JSON (#dv-data); only the rows in view
// are in the DOM (a virtual list), so 100,000 files render and filter at once. A file's findings (#dv-details,
// one JSON line per file) are parsed when it is opened. Every text is set as text, never as HTML.
// Messages: t(MSGID) and tn(SINGULAR, PLURAL, n) look the English text up in the catalogue the page carries
// (po/da.po, context "report page"); tests/i18n/catalogue_check.py checks that each is translated.
(function () {
  "use strict";
  var started = performance.now();
  var D = JSON.parse(document.getElementById("dv-data").textContent);
  var M = D.msgs || {};
  function t(s) { var v = M[s]; return typeof v === "string" ? v : s; }
  function tn(s, p, n) { var v = M[s]; return Array.isArray(v) ? v[n === 1 ? 0 : 1] : (n === 1 ? s : p); }
  function fill(s, o) { return s.replace(/\{(\w+)\}/g, function (m, k) { return k in o ? o[k] : m; }); }
  var sep = D.lang === "da" ? "." : ",";
  function num(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, sep); }

  var rows = D.rows, N = rows.length, DAY = 86400;
  var DIR = 0, NAME = 1, DEPT = 2, OWNER = 3, SEV = 4, FLAGS = 5, STATE = 6, MTIME = 7, NF = 8, KC = 9;
  var F_OVERDUE = 1, F_MISPLACED = 2, F_NEW = 4, F_PROBLEM = 8;
  var MIXED = D.states.length - 1;
  var nowDays = Math.floor(D.now / DAY);

  function path(i) { var r = rows[i]; return D.dirs[r[DIR]] + r[NAME]; }
  var lower = null;  // lower-case paths for the text filter, made when the page is idle after the first render
  function makeLower() { lower = new Array(N); for (var i = 0; i < N; i++) lower[i] = path(i).toLowerCase(); }
  function kindsText(r) {
    var kc = r[KC], out = [];
    for (var j = 0; j < kc.length; j += 2) {
      var k = kc[j], c = kc[j + 1];
      out.push(k < 2 ? c + " " + D.kinds[k] : D.kinds[k] + " ×" + c);
    }
    return out.join(", ");
  }
  function kindMask(r) { var kc = r[KC], m = 0; for (var j = 0; j < kc.length; j += 2) m |= 1 << kc[j]; return m; }
  function ageDays(r) { return Math.max(0, nowDays - Math.floor(r[MTIME] / DAY)); }
  function isoDate(s) { return new Date(s * 1000).toISOString().slice(0, 10); }

  // ---- sorting: the report order is the rows' order; other columns sort with it as the tie-break
  var rank = { dept: null, owner: null };
  function labelRank(list) {
    var idx = list.map(function (_, i) { return i; });
    idx.sort(function (a, b) { return list[a] < list[b] ? -1 : list[a] > list[b] ? 1 : 0; });
    var r = new Int32Array(list.length); idx.forEach(function (v, i) { r[v] = i; }); return r;
  }
  var keys = {
    sev: function (i) { return -rows[i][SEV]; },
    path: function (i) { return D.prank[i]; },
    dept: function (i) { return (rank.dept || (rank.dept = labelRank(D.depts)))[rows[i][DEPT]]; },
    owner: function (i) { return (rank.owner || (rank.owner = labelRank(D.owners)))[rows[i][OWNER]]; },
    kinds: function (i) { return -rows[i][NF]; },
    flags: function (i) { var f = rows[i][FLAGS]; return f & F_MISPLACED ? 0 : f & F_OVERDUE ? 1 : 2; },
    state: function (i) { return rows[i][STATE]; },
    mtime: function (i) { return rows[i][MTIME]; },
    age: function (i) { return -rows[i][MTIME]; }
  };
  var order = new Int32Array(N);
  for (var i0 = 0; i0 < N; i0++) order[i0] = i0;
  var sortKey = null, sortDir = 1;
  function sortRows() {
    var idx = new Int32Array(N);
    for (var i = 0; i < N; i++) idx[i] = i;
    if (sortKey) {
      var f = keys[sortKey], k = new Float64Array(N);
      for (var j = 0; j < N; j++) k[j] = f(j);
      var dir = sortDir;
      idx.sort(function (a, b) { return (k[a] - k[b]) * dir || a - b; });
    }
    order = idx;
  }

  // ---- filtering
  var el = function (id) { return document.getElementById(id); };
  var fKind = el("f-kind"), fSev = el("f-sev"), fDept = el("f-dept"), fFlag = el("f-flag"), fState = el("f-state"),
      fAge = el("f-age"), fText = el("f-text");
  function option(sel, value, label) {
    var o = document.createElement("option"); o.value = value; o.textContent = label; sel.appendChild(o);
  }
  option(fKind, "", t("All kinds"));
  D.kinds.forEach(function (k, i) { if (D.kindsPresent & (1 << i)) option(fKind, String(i), k); });
  option(fSev, "", t("All severities"));
  for (var s = 3; s >= 0; s--) option(fSev, String(s), D.sev[s]);
  option(fDept, "", t("All departments"));
  D.depts.forEach(function (d, i) { option(fDept, String(i), d === "" ? t("(no department)") : d); });
  option(fFlag, "", t("All files"));
  option(fFlag, "mp", t("Misplaced"));
  option(fFlag, "od", t("Overdue"));
  option(fFlag, "any", t("Misplaced or overdue"));
  option(fFlag, "none", t("Neither misplaced nor overdue"));
  option(fFlag, "new", t("New since the previous run"));
  option(fFlag, "pr", t("Not fully scanned"));
  option(fState, "", t("All states"));
  option(fState, "undecided", t("Not handled (open or mixed)"));
  D.states.forEach(function (s, i) { option(fState, String(i), s); });
  option(fAge, "", t("Any age"));
  [[30, t("Changed in the last 30 days")], [-365, t("Older than 1 year")], [-365 * 3, t("Older than 3 years")],
   [-365 * 5, t("Older than 5 years")], [-365 * 10, t("Older than 10 years")]].forEach(function (a) {
    option(fAge, String(a[0]), a[1]);
  });

  var view = new Int32Array(0), viewLen = 0;
  function applyFilter() {
    var t0 = performance.now();
    var kind = fKind.value === "" ? -1 : 1 << +fKind.value, sev = fSev.value === "" ? -1 : +fSev.value,
        dept = fDept.value === "" ? -1 : +fDept.value, flag = fFlag.value, state = fState.value,
        age = fAge.value === "" ? 0 : +fAge.value, text = fText.value.trim().toLowerCase();
    if (text && !lower) makeLower();
    var st = state === "" || state === "undecided" ? -1 : +state;
    var out = new Int32Array(N), n = 0;
    for (var j = 0; j < N; j++) {
      var idx = order[j], r = rows[idx], f = r[FLAGS];
      if (sev >= 0 && r[SEV] !== sev) continue;
      if (dept >= 0 && r[DEPT] !== dept) continue;
      if (st >= 0 && r[STATE] !== st) continue;
      if (state === "undecided" && r[STATE] !== 0 && r[STATE] !== MIXED) continue;
      if (flag === "mp" && !(f & F_MISPLACED)) continue;
      if (flag === "od" && !(f & F_OVERDUE)) continue;
      if (flag === "any" && !(f & (F_MISPLACED | F_OVERDUE))) continue;
      if (flag === "none" && (f & (F_MISPLACED | F_OVERDUE))) continue;
      if (flag === "new" && !(f & F_NEW)) continue;
      if (flag === "pr" && !(f & F_PROBLEM)) continue;
      if (kind > 0 && !(kindMask(r) & kind)) continue;
      if (age > 0 && ageDays(r) > age) continue;
      if (age < 0 && ageDays(r) <= -age) continue;
      if (text && lower[idx].indexOf(text) < 0) continue;
      out[n++] = idx;
    }
    view = out; viewLen = n;
    el("count").textContent = fill(tn("Showing {shown} of {total} file", "Showing {shown} of {total} files", N),
                                   { shown: num(n), total: num(N) });
    el("scroller").scrollTop = 0;
    render(true);
    window.dvTiming.lastFilter = performance.now() - t0;
    window.dvTiming.filters++;
  }

  // ---- the virtual list: a padding row above and below the rows in view
  var FLAG_TAGS = [[F_MISPLACED, "mp", t("misplaced")], [F_OVERDUE, "od", t("overdue")], [F_NEW, "nw", t("new")],
                   [F_PROBLEM, "pr", t("not fully scanned")]];
  var ROW = 28, OVERSCAN = 10, tbody = el("rows"), scroller = el("scroller"), selected = -1, shownFrom = -1;
  function cell(tr, text, cls, title) {
    var td = document.createElement("td"); td.textContent = text;
    if (cls) td.className = cls;
    if (title) td.title = title;
    tr.appendChild(td); return td;
  }
  function pad(h) {
    var tr = document.createElement("tr"); tr.className = "pad";
    var td = document.createElement("td"); td.colSpan = 8; td.style.height = h + "px"; tr.appendChild(td); return tr;
  }
  function render(force) {
    var first = Math.max(0, Math.floor(scroller.scrollTop / ROW) - OVERSCAN);
    var count = Math.ceil(scroller.clientHeight / ROW) + 2 * OVERSCAN;
    if (!force && first === shownFrom) return;
    shownFrom = first;
    var last = Math.min(viewLen, first + count), frag = document.createDocumentFragment();
    frag.appendChild(pad(first * ROW));
    for (var p = first; p < last; p++) {
      var i = view[p], r = rows[i], tr = document.createElement("tr");
      tr.className = i === selected ? "row sel" : "row"; tr.dataset.i = i; tr.tabIndex = 0;
      var sevTd = document.createElement("td"), b = document.createElement("span");
      b.className = "sev sev" + r[SEV]; b.textContent = D.sev[r[SEV]]; sevTd.appendChild(b); tr.appendChild(sevTd);
      var full = path(i); cell(tr, full, "path", full);
      cell(tr, D.depts[r[DEPT]]); cell(tr, D.owners[r[OWNER]]);
      var k = kindsText(r); cell(tr, k, null, k);
      var fl = document.createElement("td"), f = r[FLAGS];
      FLAG_TAGS.forEach(function (x) {
        if (!(f & x[0])) return; var s = document.createElement("span"); s.className = "tag " + x[1];
        s.textContent = x[2]; fl.appendChild(s);
      });
      tr.appendChild(fl);
      cell(tr, D.states[r[STATE]]);
      cell(tr, isoDate(r[MTIME]));
      frag.appendChild(tr);
    }
    frag.appendChild(pad(Math.max(0, viewLen - last) * ROW));
    tbody.replaceChildren(frag);
  }
  scroller.addEventListener("scroll", function () { render(false); }, { passive: true });
  window.addEventListener("resize", function () { render(true); });

  // ---- one file's findings
  var details = null;
  function detailOf(i) {  // null while the browser is still reading the page
    if (!details) {
      var e = document.getElementById("dv-details");
      if (!e || document.readyState === "loading") return null;
      details = e.textContent.split("\n");
    }
    return JSON.parse(details[i]);
  }
  function addRow(table, cells, tag) {
    var tr = document.createElement("tr");
    cells.forEach(function (c, j) {
      var td = document.createElement(tag || "td"); td.textContent = c == null ? "" : String(c);
      if (j === cells.length - 1 && tag !== "th" && D.context) td.className = "ctx";
      tr.appendChild(td);
    });
    table.appendChild(tr);
  }
  function open(i) {
    selected = i; render(true);
    var d = detailOf(i), r = rows[i], box = el("detail");
    box.replaceChildren();
    if (!d) {
      box.textContent = t("Loading…"); box.className = "open";
      document.addEventListener("DOMContentLoaded", function () { if (selected === i) open(i); });
      return;
    }
    var close = document.createElement("button"); close.textContent = t("Close"); close.type = "button";
    close.addEventListener("click", function () { box.className = ""; selected = -1; render(true); });
    box.appendChild(close);
    var h = document.createElement("h3"); h.textContent = path(i); box.appendChild(h);
    var dl = document.createElement("dl");
    function item(k, v) {
      if (v == null || v === "") return;
      var dt = document.createElement("dt"); dt.textContent = k; var dd = document.createElement("dd"); dd.textContent = v;
      dl.appendChild(dt); dl.appendChild(dd);
    }
    item(t("Severity"), D.sev[r[SEV]]);
    item(t("Department"), D.depts[r[DEPT]]);
    item(t("Owner"), D.owners[r[OWNER]]);
    item(t("Responsible"), d.resp);
    item(t("Modified"), isoDate(r[MTIME]) + " (" + fill(tn("{n} day old", "{n} days old", ageDays(r)), { n: num(ageDays(r)) }) + ")");
    item(t("Size"), fill(tn("{n} byte", "{n} bytes", d.size), { n: num(d.size) }));
    item(t("Format"), d.fmt);
    if (d.od) item(t("Overdue"), d.od);
    if (d.mp) item(t("Misplaced"), d.mp.join("; "));
    item(t("Review state"), D.states[r[STATE]]);
    (d.notes || []).forEach(function (n) { item(t("Note"), n); });
    box.appendChild(dl);
    var table = document.createElement("table"); table.className = "grid";
    var head = [t("Kind"), t("Value or terms"), t("Where"), t("Count"), t("State"), t("Id")];
    if (D.context) head.push(t("Context"));
    addRow(table, head, "th");
    d.f.forEach(function (f) {
      var state = D.states[f[4]] + (f[5] ? " — " + f[5] : "") + (f[6] ? " (" + f[6] + ", " + f[7] + ")" : "") +
                  (f[9] ? " · " + t("new") : "");
      var cells = [D.kinds[f[0]], f[1], f[2], f[3], state, f[8]];
      if (D.context) cells.push(f[10]);
      addRow(table, cells);
    });
    box.appendChild(table);
    if (d.pr && d.pr.length) {
      var p = document.createElement("p"); p.textContent = t("Not fully scanned:"); box.appendChild(p);
      var ul = document.createElement("ul"); ul.className = "plain";
      d.pr.forEach(function (x) { var li = document.createElement("li"); li.textContent = x; ul.appendChild(li); });
      box.appendChild(ul);
    }
    box.className = "open";
  }
  tbody.addEventListener("click", function (e) {
    var tr = e.target.closest("tr.row"); if (tr) open(+tr.dataset.i);
  });
  tbody.addEventListener("keydown", function (e) {
    var tr = e.target.closest("tr.row"); if (tr && e.key === "Enter") open(+tr.dataset.i);
  });

  // ---- headers sort; filters filter
  var ths = document.querySelectorAll("#files th[data-sort]");
  Array.prototype.forEach.call(ths, function (th) {
    th.addEventListener("click", function () {
      var k = th.dataset.sort;
      if (sortKey === k) sortDir = -sortDir; else { sortKey = k; sortDir = 1; }
      Array.prototype.forEach.call(ths, function (o) { o.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", sortDir > 0 ? "ascending" : "descending");
      sortRows(); applyFilter();
    });
  });
  [fKind, fSev, fDept, fFlag, fState, fAge].forEach(function (s) { s.addEventListener("change", applyFilter); });
  fText.addEventListener("input", applyFilter);
  Array.prototype.forEach.call(document.querySelectorAll("[data-show]"), function (a) {
    a.addEventListener("click", function (e) {
      e.preventDefault();
      var what = a.dataset.show.split("=");
      if (what[0] === "flag") fFlag.value = what[1];
      if (what[0] === "dept") fDept.value = what[1];
      applyFilter(); el("files-section").scrollIntoView();
    });
  });

  // ---- export: the rows the filters show, in the table's order, as a CSV for Danish Excel (UTF-8 with BOM,
  // ";", CRLF, a text Excel would take for a formula starts with "'"), made in the page: nothing is sent.
  function csvField(v) {
    var s = String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
    return /[";\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  function shownAsCsv() {
    var lines = [Array.prototype.map.call(ths, function (th) { return csvField(th.textContent); }).join(";")];
    for (var p = 0; p < viewLen; p++) {
      var i = view[p], r = rows[i], f = r[FLAGS];
      var flags = FLAG_TAGS.filter(function (x) { return f & x[0]; }).map(function (x) { return x[2]; }).join(", ");
      lines.push([D.sev[r[SEV]], path(i), D.depts[r[DEPT]], D.owners[r[OWNER]], kindsText(r), flags,
                  D.states[r[STATE]], isoDate(r[MTIME])].map(csvField).join(";"));
    }
    return "\ufeff" + lines.join("\r\n") + "\r\n";
  }
  el("export-csv").addEventListener("click", function () {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([shownAsCsv()], { type: "text/csv;charset=utf-8" }));
    a.download = "datavagt-" + isoDate(D.now) + ".csv";
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 10000);
  });
  window.dvShownAsCsv = shownAsCsv;  // for the browser test

  window.dvTiming = { rows: N, filters: 0, lastFilter: 0, firstRender: 0 };
  applyFilter();
  window.dvTiming.filters = 0;
  window.dvTiming.script = performance.now() - started;
  window.dvTiming.firstRender = performance.now();
  setTimeout(function () { if (!lower) makeLower(); }, 50);
})();
