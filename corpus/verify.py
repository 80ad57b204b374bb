#!/usr/bin/env python3
"""Independent check of a generated corpus against its truth.jsonl.

    python3 corpus/verify.py DIR [--key-file K]

Decodes every file under DIR/share (BOM, else UTF-8, else cp1252; HTML rendered without script/style/tags;
DOCX, XLSX, PPTX, ODT, ODS, PDF and RTF read with regular expressions of its own, PDF page by page),
re-finds every number in truth.jsonl by its fingerprint, checks counts, the distance rules for positives and
decoys, and that no unrecorded CPR-like number or long digit run exists.  Exit 0 when everything holds.
Shares no code with generate.py on purpose; both read the sensitive-category dictionaries through
sensitive_terms.py (planted kinds present, no stray dictionary term in files without planted sentences).
"""
import argparse
import collections
import datetime
import hashlib
import hmac
import html
import os
import re
import sys
import zipfile
import zlib

import sensitive_terms

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "reports"))
import jsonl_reader  # noqa: E402  (skips a cut last line with a warning, as for every JSONL we read)

SENSITIVE = sensitive_terms.Matcher()

TODAY = datetime.date(2026, 11, 1)
EXC = {1960, 1962, 1964, 1965, 1966, 1967, 1969, 1970, 1974, 1975, 1978, 1994, 1995} | set(range(1980, 1993))
CAND = re.compile(r"(?<![0-9])([0-9]{6})( - |[-/. \t]|)([0-9]{4})(?![0-9])")
RUN = re.compile(r"[0-9]+")
POS = re.compile(r"cpr|personn(?:umme)?r|person nr|sygesikring|f\u00f8dt|f\u00f8dselsdato", re.I)
NEG = re.compile(r"faktura|ordre|bilag|kunde|konto|p-nr|p-nummer|timestamp|\bts\b", re.I)
INVOICE_LABEL = re.compile(r"(faktura|ordre|bilag|kunde|konto)[a-z]*\.?(?: nr\.?)?:? *$", re.I)


def date_of(d):
    dd, mm, yy, c = int(d[:2]), int(d[2:4]), int(d[4:6]), int(d[6])
    if dd > 60:
        dd -= 60
    if c < 4:
        cent = 1900
    elif c == 4 or c == 9:
        cent = 1900 if yy >= 37 else 2000
    else:
        cent = 1800 if yy >= 58 else 2000
    try:
        x = datetime.date(cent + yy, mm, dd)
    except ValueError:
        return None
    return x if x <= TODAY else None


def m11(d):
    return sum(int(a) * b for a, b in zip(d, [4, 3, 2, 7, 6, 5, 4, 3, 2, 1])) % 11 == 0


def detectable(d):
    x = date_of(d)
    return x is not None and (m11(d) or (x.month == 1 and x.day == 1 and x.year in EXC))


def decode(b):
    if b.startswith(b"\xef\xbb\xbf"):
        return b[3:].decode("utf-8"), "utf-8-bom"
    if b.startswith(b"\xff\xfe"):
        return b[2:].decode("utf-16-le"), "utf-16le"
    if b.startswith(b"\xfe\xff"):
        return b[2:].decode("utf-16-be"), "utf-16be"
    try:
        return b.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return b.decode("cp1252"), "cp1252"


# ---- documents: read here with regular expressions, independently of how generate.py/documents.py write them

DOC_EXT = (b".docx", b".xlsx", b".pptx", b".odt", b".ods", b".pdf", b".rtf")
XML_BREAK = re.compile(r"</(?:w:p|w:tc|w:tr|a:p|si|c|row|text:p|text:h|table:table-cell|table:table-row)>|<w:br/>")


def xml_text(x):
    x = XML_BREAK.sub("\n", x)
    x = re.sub(r"<text:s(?: text:c=\"(\d+)\")?/>", lambda m: " " * int(m.group(1) or 1), x)
    return html.unescape(re.sub(r"<[^>]*>", "", x))


def docx_text(z):
    names = [n for n in z.namelist() if re.fullmatch(r"word/(document|comments|header\d*|footer\d*)\.xml", n)]
    return "\n".join(xml_text("".join(re.findall(r"<w:t(?: [^>]*)?>[^<]*</w:t>|</w:p>|</w:tc>", z.read(n).decode())))
                     for n in names)


def pptx_text(z):
    names = [n for n in z.namelist() if re.fullmatch(r"ppt/(slides/slide|notesSlides/notesSlide)\d+\.xml", n)]
    return "\n".join(xml_text("".join(re.findall(r"<a:t>[^<]*</a:t>|</a:p>", z.read(n).decode()))) for n in names)


def xlsx_text(z):
    out = []
    for n in z.namelist():
        x = z.read(n).decode()
        if n == "xl/sharedStrings.xml":
            out.append(xml_text(x))
        elif re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n):
            for m in re.finditer(r"<c ([^>]*)>(.*?)</c>", x):
                if 't="s"' in m.group(1):
                    continue
                v = xml_text(m.group(2)).strip()
                out.append(v.zfill(10) if re.fullmatch(r"[0-9]{9}", v) and "t=" not in m.group(1) else v)
    return "\n".join(out)


def odf_text(z):
    x = z.read("content.xml").decode()
    # a number shown without its leading zero (9 digits) is the 10-digit number it was typed as
    x = re.sub(r'(office:value-type="float" office:value="[0-9]{9}"[^>]*><text:p>)([0-9]{9})<',
               lambda m: m.group(1) + "0" + m.group(2) + "<", x)
    return xml_text(x) + "\n" + xml_text(z.read("styles.xml").decode())


def pdf_pages(raw):
    """Text of each page: the content streams of the Page objects, in page order; (string) Tj and T* only."""
    objs = {int(m.group(1)): m.group(2) for m in re.finditer(rb"(?s)(\d+) 0 obj\n(.*?)\nendobj", raw)}
    kids = [int(k) for k in re.findall(rb"(\d+) 0 R", re.search(rb"/Kids \[([^]]*)\]", raw).group(1))]
    pages = []
    for k in kids:
        content = objs[int(re.search(rb"/Contents (\d+) 0 R", objs[k]).group(1))]
        data = re.search(rb"(?s)stream\n(.*)\nendstream", content).group(1)
        if b"/FlateDecode" in content:
            data = zlib.decompress(data)
        text = []
        for m in re.finditer(rb"\(((?:\\.|[^\\)])*)\) Tj|T\*", data):
            if m.group(1) is None:
                text.append("\n")
                continue
            s = re.sub(rb"\\([0-7]{3}|.)", lambda e: bytes([int(e.group(1), 8)]) if len(e.group(1)) == 3
                       else e.group(1), m.group(1))
            text.append(s.decode("cp1252"))
        pages.append("".join(text))
    return pages


def rtf_text(raw):
    t = raw.decode("ascii")
    t = re.sub(r"\{\\(?:fonttbl|colortbl|\*\\generator|info)(?:[^{}]|\{[^{}]*\})*\}", "", t)
    t = re.sub(r"\\u(-?\d+)\?", lambda m: chr(int(m.group(1)) % 65536), t)
    t = re.sub(r"\\'([0-9a-f]{2})", lambda m: bytes([int(m.group(1), 16)]).decode("cp1252"), t)
    t = re.sub(r"\\par\b ?", "\n", t)
    t = re.sub(r"\\tab\b ?", "\t", t)
    t = re.sub(r"\\([\\{}])", lambda m: "\x00" + m.group(1), t)
    t = re.sub(r"\\[a-z]+-?\d* ?", "", t)
    t = t.replace("{", "").replace("}", "").replace("\x00", "")
    return t.replace("\r", "").replace("\n\n", "\n\n")


def document_text(fn, raw):
    """(text, pages or None) of a document."""
    if fn.endswith(b".pdf"):
        pages = pdf_pages(raw)
        return "\n".join(pages), pages
    if fn.endswith(b".rtf"):
        return rtf_text(raw), None
    import io
    z = zipfile.ZipFile(io.BytesIO(raw))
    ext = fn.rsplit(b".", 1)[1]
    return {b"docx": docx_text, b"pptx": pptx_text, b"xlsx": xlsx_text, b"odt": odf_text,
            b"ods": odf_text}[ext](z), None


def render_html(t):
    t = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", t)
    t = re.sub(r"<[^>]*>", " ", t)
    return html.unescape(t)


def near(rx, text, a, b, before, after):
    return rx.search(text, max(0, a - before), min(len(text), b + after)) is not None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--key-file")
    a = ap.parse_args()
    key = open(a.key_file or os.path.join(a.dir, "key"), "rb").read()
    fp = lambda d: hmac.new(key, d.encode(), hashlib.sha256).hexdigest()
    truth = collections.defaultdict(list)
    for rec in jsonl_reader.lines(os.path.join(a.dir, "truth.jsonl")):
        p = bytes.fromhex(rec["path_hex"]) if "path_hex" in rec else rec["path"].encode("utf-8")
        truth[p].append(rec)
    def fps_on(text):
        """Fingerprints of the CPR shapes and long-number windows in a text."""
        out = {fp(m.group(1) + m.group(3)) for m in CAND.finditer(text)}
        for m in re.finditer(r"[0-9]+(?:[-/. ][0-9]+)?", text):
            digits = re.sub(r"[^0-9]", "", m.group(0))
            if len(digits) > 10:
                out.update(fp(digits[i:i + 10]) for i in range(len(digits) - 9))
        return out

    errors = []
    err = lambda *x: errors.append(" ".join(str(y) for y in x))
    stats = collections.Counter()
    root = os.path.join(os.fsencode(a.dir), b"share")
    seen_paths = set()
    for dp, dns, fns in os.walk(root):
        for fn in fns:
            full = os.path.join(dp, fn)
            rel = os.path.relpath(full, os.fsencode(a.dir))
            seen_paths.add(rel)
            raw = open(full, "rb").read()
            stats["files"] += 1
            stats["bytes"] += len(raw)
            if not raw:
                stats["empty"] += 1
            try:
                rel.decode("utf-8")
            except UnicodeDecodeError:
                stats["non-utf8-name"] += 1
            pages, page_fps = None, None
            if fn.endswith(DOC_EXT):
                text, pages = document_text(fn, raw)
                stats["format:" + fn.rsplit(b".", 1)[1].decode()] += 1
            else:
                text, enc = decode(raw)
                stats["enc:" + enc] += 1
            is_html = fn.endswith(b".html")
            view = render_html(text) if is_html else text
            recs = [r for r in truth.get(rel, []) if "fingerprint" in r]
            sens = [r for r in truth.get(rel, []) if "fingerprint" not in r]
            if not recs and not sens:
                stats["clean-files"] += 1
            # Special categories: every planted kind is there (read with the independent, conservative
            # matcher); a file with no planted sentence holds no dictionary term at all.
            kinds_here = SENSITIVE.kinds_in(view)
            for r in sens:
                stats["sensitive-" + ("positive" if r["expect"] else "decoy")] += 1
                if r["expect"] and r["kind"] not in kinds_here:
                    err(rel, "planted sensitive kind not in the text:", r["kind"])
            if not sens and kinds_here:
                err(rel, "unplanted sensitive terms:", SENSITIVE.first_hit(view))
            byfp = {r["fingerprint"]: r for r in recs}
            found = collections.Counter()
            occ = collections.defaultdict(list)
            for m in CAND.finditer(view):
                d = m.group(1) + m.group(3)
                f = fp(d)
                if f in byfp:
                    found[f] += 1
                    occ[f].append((m.start(), m.end(), d))
                elif detectable(d) or near(POS, view, m.start(), m.end(), 30, 0):
                    err(rel, "unrecorded CPR-like number", d[:6] + "-XXXX")
                elif not any(r.get("reason") in ("numeric-table", "timestamp") for r in recs):
                    err(rel, "unrecorded 6+4 digit shape", d[:6] + "-XXXX")
            if is_html:   # script decoys live in the raw text only
                for sm in re.finditer(r"(?is)<script\b.*?</script>", text):
                    for m in CAND.finditer(sm.group(0)):
                        f = fp(m.group(1) + m.group(3))
                        if f in byfp and byfp[f].get("reason") == "html-script":
                            found[f] += 1
            longs = [r for r in recs if r.get("reason") == "long-number"]
            for m in RUN.finditer(view):
                if len(m.group(0)) >= 9 and len(m.group(0)) != 10:
                    if not any(fp(m.group(0)[i:i + 10]) in {r["fingerprint"] for r in longs}
                               for i in range(len(m.group(0)) - 9)):
                        err(rel, f"unexplained digit run of length {len(m.group(0))}")
            for m in re.finditer(r"[0-9]+(?:[-/. ][0-9]+)?", view):     # long-number decoys with a separator
                digits = re.sub(r"[^0-9]", "", m.group(0))
                if len(digits) > 10:
                    for i in range(len(digits) - 9):
                        f = fp(digits[i:i + 10])
                        if f in byfp and byfp[f].get("reason") == "long-number":
                            found[f] += 1
                            occ[f].append((m.start(), m.end(), None))
            for r in recs:
                f = r["fingerprint"]
                label = r.get("note") or r.get("reason")
                stats[("pos:" if r["expect"] else "dec:") + label] += 1
                if found[f] != r["count"]:
                    err(rel, label, r["masked"], f"count {found[f]} != {r['count']}")
                    continue
                if pages is not None:    # the page of its first occurrence
                    if page_fps is None:
                        page_fps = [fps_on(pt) for pt in pages]
                    first = next((i for i, fs in enumerate(page_fps, 1) if f in fs), None)
                    if r.get("page") != first:
                        err(rel, "page", r.get("page"), "but first seen on page", first, r["masked"])
                for s, e, d in occ[f]:
                    if d is not None and d[:6] + "-XXXX" != r["masked"]:
                        err(rel, "masked mismatch", r["masked"])
                    if r["expect"]:
                        if d is not None and date_of(d) is None:
                            err(rel, "positive with invalid date", r["masked"])
                        if near(NEG, view, s, e, 150, 150):
                            err(rel, "positive near negative label", r["masked"], label)
                        if label in ("mod11", "exception-date") and near(POS, view, s, e, 150, 150):
                            err(rel, "plain positive near keyword", r["masked"])
                        if label.endswith("+keyword") and label != "mod11+keyword" and not near(POS, view, s, e, 30, 0):
                            err(rel, "keyword missing", r["masked"], label)
                        if label in ("mod11", "mod11+keyword", "list", "separator+keyword", "replacement+keyword") and not m11(d):
                            err(rel, "positive should pass mod-11", r["masked"], label)
                        if label == "exception-date" and (m11(d) or not detectable(d)):
                            err(rel, "exception-date positive wrong", r["masked"])
                        if label == "mod11-fail+keyword" and (m11(d) or detectable(d)):
                            err(rel, "mod11-fail positive wrong", r["masked"])
                    else:
                        if label not in ("invalid-date", "html-script") and near(POS, view, s, e, 150, 150):
                            err(rel, "decoy near positive keyword", r["masked"], label)
                        if label in ("invoice",) and not INVOICE_LABEL.search(view[max(0, s - 25):s]):
                            err(rel, "invoice label not directly before", r["masked"])
                        if label == "invalid-date" and date_of(d) is not None:
                            err(rel, "invalid-date decoy has a valid date", r["masked"])
                        if label in ("invoice", "p-number", "numeric-table", "timestamp") and not detectable(d):
                            err(rel, "decoy not dangerous", r["masked"], label)
                        if label == "mod11-fail-no-context" and (m11(d) or detectable(d) or date_of(d) is None):
                            err(rel, "noctx decoy wrong", r["masked"])
                if r["kind"] != ("cpr-replacement" if int(r["masked"][:2]) > 60 else "cpr"):
                    err(rel, "kind mismatch", r["masked"])
    for p in truth:
        if p not in seen_paths:
            err(p, "truth path not on disk")
    tt = open(os.path.join(a.dir, "truth.jsonl"), encoding="utf-8").read()
    if re.search(r'"masked": "[0-9]{6}-[0-9]', tt):
        err("truth.jsonl holds a clear number")
    for k in sorted(stats, key=str):
        print(f"  {k}: {stats[k]}")
    for e in errors[:60]:
        print("ERROR", e)
    print(f"verify: {len(errors)} errors, {sum(len(v) for v in truth.values())} truth records")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
