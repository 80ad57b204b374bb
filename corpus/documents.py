"""Office documents, PDF and RTF written by hand with the standard library only (zipfile, zlib, XML strings), so
the corpus generator needs no LibreOffice.  Used by generate.py; knows nothing of CPR numbers.

The generator hands a writer a *story*: text in parts, marked up with a few control characters
    PART   "\\x1e<name>\\x1e" starts a part (body, header, comment, slide N, notes N)
    MA/MB  "\\x01" and "\\x02" around a planted value (a writer may split it over formatting runs; never over lines)
    CELL   "\\x1f" between the cells of a table row (a line holding it is a table row)
and lines are paragraphs.  Each writer returns (bytes, places): places[i] is where the extractor will report the
i-th marked value: {"part": ...} or {"page": N}, or {} when it names no place (RTF body text).

Spreadsheets are not stories: xlsx() and ods() take sheets of typed cells (see Sheet).
"""
from __future__ import annotations

import datetime as dt
import io
import random
import re
import zipfile
import zlib
from xml.sax.saxutils import escape as _xml_escape

PART, MA, MB, CELL = "\x1e", "\x01", "\x02", "\x1f"
_MARKS = re.compile("[\x01\x02]")


def xml(s: str) -> str:
    return _xml_escape(s, {'"': "&quot;"})


def unmark(s: str) -> str:
    return _MARKS.sub("", s)


def parts_of(story: str) -> list[tuple[str, list[str]]]:
    """[(part, paragraphs)] in story order; a story without a PART marker is all body."""
    out = []
    if not story.startswith(PART):
        story = PART + "body" + PART + story
    pieces = story.split(PART)
    for i in range(1, len(pieces) - 1, 2):
        lines = [ln for ln in pieces[i + 1].split("\n")]
        while lines and not lines[-1].strip():
            lines.pop()
        while lines and not lines[0].strip():
            lines.pop(0)
        out.append((pieces[i], lines))
    return out


def count_marks(s: str) -> int:
    return s.count(MA)


def segments(line: str) -> list[tuple[str, bool]]:
    """[(text, is_marked)] of a line."""
    out, marked = [], False
    for piece in re.split("([\x01\x02])", line):
        if piece == MA:
            marked = True
        elif piece == MB:
            marked = False
        elif piece:
            out.append((piece, marked))
    return out


def _zip(members: list[tuple[str, bytes]], mtime: int, stored_first: bool = False) -> bytes:
    t = dt.datetime.fromtimestamp(mtime, tz=dt.timezone.utc)
    date = (max(1980, t.year), t.month, t.day, t.hour, t.minute, t.second - t.second % 2)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for i, (name, data) in enumerate(members):
            zi = zipfile.ZipInfo(name, date)
            zi.compress_type = zipfile.ZIP_STORED if (stored_first and i == 0) else zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            z.writestr(zi, data)
    return buf.getvalue()


XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _core_props(title: str, author: str, when: str) -> bytes:
    return (XML_HEAD + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
            'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{xml(title)}</dc:title><dc:creator>{xml(author)}</dc:creator>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created></cp:coreProperties>').encode()


def _iso(mtime: int) -> str:
    return dt.datetime.fromtimestamp(mtime, tz=dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# --------------------------------------------------------------------------------------------------------------
# DOCX

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' \
       'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def _runs(rng: random.Random, line: str) -> str:
    """A paragraph's runs; planted values are sometimes split over two runs (the second one bold), and plain
    text over several at spaces, as editing in Word leaves them."""
    out = []

    def run(t: str, bold: bool = False):
        rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
        out.append(f'<w:r>{rpr}<w:t xml:space="preserve">{xml(t)}</w:t></w:r>')

    for text, marked in segments(line):
        if marked and len(text) > 2 and rng.random() < 0.5:
            k = rng.randint(1, len(text) - 1)
            run(text[:k])
            run(text[k:], bold=rng.random() < 0.5)
        elif not marked and len(text) > 40 and rng.random() < 0.3:
            k = text.find(" ", len(text) // 2)
            if k > 0:
                run(text[:k])
                run(text[k:], bold=rng.random() < 0.3)
            else:
                run(text)
        else:
            run(text)
    return "".join(out)


def _w_paragraphs(rng: random.Random, lines: list[str], comment: bool = False) -> str:
    out, table = [], []

    def flush_table():
        if not table:
            return
        rows = []
        for row in table:
            cells = "".join(f'<w:tc><w:tcPr><w:tcW w:w="3000" w:type="dxa"/></w:tcPr><w:p>{_runs(rng, c)}</w:p></w:tc>'
                            for c in row.split(CELL))
            rows.append(f"<w:tr>{cells}</w:tr>")
        out.append('<w:tbl><w:tblPr><w:tblStyle w:val="Tabelgitter"/><w:tblW w:w="0" w:type="auto"/></w:tblPr>'
                   + "".join(rows) + "</w:tbl>")
        table.clear()

    for i, ln in enumerate(lines):
        if CELL in ln:
            table.append(ln)
            continue
        flush_table()
        anchor = ""
        if comment and i == 0:
            anchor = ('<w:commentRangeStart w:id="0"/>', '<w:commentRangeEnd w:id="0"/><w:r><w:rPr><w:rStyle '
                      'w:val="Kommentarhenvisning"/></w:rPr><w:commentReference w:id="0"/></w:r>')
        out.append("<w:p>" + (anchor[0] if anchor else "") + _runs(rng, ln) + (anchor[1] if anchor else "") + "</w:p>")
    flush_table()
    return "".join(out)


def docx(story: str, rng: random.Random, mtime: int, title: str, author: str) -> tuple[bytes, list[dict]]:
    parts = parts_of(story)
    names = {p for p, _ in parts}
    places = []
    xmlparts = []
    for part, lines in parts:
        places += [{"part": part}] * sum(count_marks(ln) for ln in lines)
        if part == "body":
            body = _w_paragraphs(rng, lines, comment="comment" in names)
            xmlparts.append(("word/document.xml", XML_HEAD + f"<w:document {W_NS}><w:body>{body}"
                             '<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader1"/>'
                             '<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1701" w:right="1134" '
                             'w:bottom="1701" w:left="1134" w:header="708" w:footer="708" w:gutter="0"/>'
                             "</w:sectPr></w:body></w:document>"))
        elif part == "header":
            xmlparts.append(("word/header1.xml", XML_HEAD + f"<w:hdr {W_NS}>{_w_paragraphs(rng, lines)}</w:hdr>"))
        elif part == "comment":
            xmlparts.append(("word/comments.xml", XML_HEAD + f'<w:comments {W_NS}><w:comment w:id="0" '
                             f'w:author="{xml(author)}" w:initials="SB">{_w_paragraphs(rng, lines)}</w:comment>'
                             "</w:comments>"))
        else:
            raise ValueError(part)
    if "header" not in names:
        xmlparts.append(("word/header1.xml", XML_HEAD + f"<w:hdr {W_NS}><w:p/></w:hdr>"))
    rels = ['<Relationship Id="rIdHeader1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'header" Target="header1.xml"/>',
            '<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'styles" Target="styles.xml"/>']
    ct = ['<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
          'wordprocessingml.document.main+xml"/>',
          '<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
          'wordprocessingml.header+xml"/>',
          '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.'
          'wordprocessingml.styles+xml"/>',
          '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.'
          'core-properties+xml"/>']
    if "comment" in names:
        rels.append('<Relationship Id="rIdComments" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    'relationships/comments" Target="comments.xml"/>')
        ct.append('<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-'
                  'officedocument.wordprocessingml.comments+xml"/>')
    members = [
        ("[Content_Types].xml", XML_HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-'
         'types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
         '<Default Extension="xml" ContentType="application/xml"/>' + "".join(ct) + "</Types>"),
        ("_rels/.rels", XML_HEAD + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
         'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
         'relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.'
         'openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
         "</Relationships>"),
        ("docProps/core.xml", _core_props(title, author, _iso(mtime))),
    ]
    members += xmlparts
    members += [
        ("word/_rels/document.xml.rels", XML_HEAD + '<Relationships xmlns="http://schemas.openxmlformats.org/'
         'package/2006/relationships">' + "".join(rels) + "</Relationships>"),
        ("word/styles.xml", XML_HEAD + f'<w:styles {W_NS}><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts '
         'w:ascii="Calibri" w:hAnsi="Calibri"/><w:sz w:val="22"/><w:lang w:val="da-DK"/></w:rPr></w:rPrDefault>'
         '</w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
         "</w:style></w:styles>"),
    ]
    return _zip([(n, d if isinstance(d, bytes) else d.encode("utf-8")) for n, d in members], mtime), places


# --------------------------------------------------------------------------------------------------------------
# PPTX: a story with parts "slide N" and "notes N"

P_NS = ('xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"')
REL_NS = 'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"'
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def _a_paras(lines: list[str]) -> str:
    out = []
    for ln in lines:
        runs = "".join(f'<a:r><a:rPr lang="da-DK" dirty="0"/><a:t>{xml(t)}</a:t></a:r>' for t, _ in segments(ln))
        out.append(f"<a:p>{runs}</a:p>")
    return "".join(out) or "<a:p/>"


def _sp(i: int, name: str, ph: str, lines: list[str], box: tuple[int, int, int, int]) -> str:
    x, y, cx, cy = box
    return (f'<p:sp><p:nvSpPr><p:cNvPr id="{i}" name="{name}"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
            f'<p:nvPr><p:ph {ph}/></p:nvPr></p:nvSpPr><p:spPr><a:xfrm><a:off x="{x}" y="{y}"/>'
            f'<a:ext cx="{cx}" cy="{cy}"/></a:xfrm></p:spPr><p:txBody><a:bodyPr/><a:lstStyle/>'
            f"{_a_paras(lines)}</p:txBody></p:sp>")


def _tree(shapes: str) -> str:
    return ('<p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
            f"<p:grpSpPr/>{shapes}</p:spTree></p:cSld>")


def pptx(story: str, mtime: int, title: str, author: str) -> tuple[bytes, list[dict]]:
    parts = parts_of(story)
    places = []
    slides, notes = {}, {}
    for part, lines in parts:
        places += [{"part": part}] * sum(count_marks(ln) for ln in lines)
        kind, n = part.split(" ")
        (slides if kind == "slide" else notes)[int(n)] = lines
    n_slides = max(slides)
    members = []
    ct = ['<Override PartName="/ppt/presentation.xml" ContentType="application/vnd.openxmlformats-officedocument.'
          'presentationml.presentation.main+xml"/>',
          '<Override PartName="/ppt/slideMasters/slideMaster1.xml" ContentType="application/vnd.openxmlformats-'
          'officedocument.presentationml.slideMaster+xml"/>',
          '<Override PartName="/ppt/slideLayouts/slideLayout1.xml" ContentType="application/vnd.openxmlformats-'
          'officedocument.presentationml.slideLayout+xml"/>',
          '<Override PartName="/ppt/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
          'theme+xml"/>',
          '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.'
          'core-properties+xml"/>']
    for k in range(1, n_slides + 1):
        ct.append(f'<Override PartName="/ppt/slides/slide{k}.xml" ContentType="application/vnd.openxmlformats-'
                  'officedocument.presentationml.slide+xml"/>')
        if k in notes:
            ct.append(f'<Override PartName="/ppt/notesSlides/notesSlide{k}.xml" ContentType="application/vnd.'
                      'openxmlformats-officedocument.presentationml.notesSlide+xml"/>')
    members.append(("[Content_Types].xml", XML_HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/'
                    '2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
                    'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                    + "".join(ct) + "</Types>"))
    members.append(("_rels/.rels", XML_HEAD + f'<Relationships {REL_NS}><Relationship Id="rId1" Type="{RT}'
                    'officeDocument" Target="ppt/presentation.xml"/><Relationship Id="rId2" Type="http://schemas.'
                    'openxmlformats.org/package/2006/relationships/metadata/core-properties" '
                    'Target="docProps/core.xml"/></Relationships>'))
    members.append(("docProps/core.xml", _core_props(title, author, _iso(mtime))))
    sld_ids = "".join(f'<p:sldId id="{255 + k}" r:id="rId{10 + k}"/>' for k in range(1, n_slides + 1))
    members.append(("ppt/presentation.xml", XML_HEAD + f'<p:presentation {P_NS}><p:sldMasterIdLst><p:sldMasterId '
                    f'id="2147483648" r:id="rId1"/></p:sldMasterIdLst><p:sldIdLst>{sld_ids}</p:sldIdLst>'
                    '<p:sldSz cx="9144000" cy="6858000" type="screen4x3"/><p:notesSz cx="6858000" cy="9144000"/>'
                    "</p:presentation>"))
    prels = f'<Relationship Id="rId1" Type="{RT}slideMaster" Target="slideMasters/slideMaster1.xml"/>' \
            f'<Relationship Id="rId2" Type="{RT}theme" Target="theme/theme1.xml"/>' + "".join(
                f'<Relationship Id="rId{10 + k}" Type="{RT}slide" Target="slides/slide{k}.xml"/>'
                for k in range(1, n_slides + 1))
    members.append(("ppt/_rels/presentation.xml.rels", XML_HEAD + f"<Relationships {REL_NS}>{prels}</Relationships>"))
    for k in range(1, n_slides + 1):
        lines = slides.get(k, [])
        shapes = (_sp(2, "Titel 1", 'type="title"', lines[:1], (457200, 274638, 8229600, 1143000)) +
                  _sp(3, "Indhold 2", 'idx="1"', lines[1:], (457200, 1600200, 8229600, 4525963)))
        members.append((f"ppt/slides/slide{k}.xml", XML_HEAD + f"<p:sld {P_NS}>{_tree(shapes)}</p:sld>"))
        srels = f'<Relationship Id="rId1" Type="{RT}slideLayout" Target="../slideLayouts/slideLayout1.xml"/>'
        if k in notes:
            srels += f'<Relationship Id="rId2" Type="{RT}notesSlide" Target="../notesSlides/notesSlide{k}.xml"/>'
        members.append((f"ppt/slides/_rels/slide{k}.xml.rels", XML_HEAD + f"<Relationships {REL_NS}>{srels}"
                        "</Relationships>"))
        if k in notes:
            shapes = _sp(2, "Noter 1", 'type="body" idx="1"', notes[k], (685800, 4343400, 5486400, 4114800))
            members.append((f"ppt/notesSlides/notesSlide{k}.xml", XML_HEAD + f"<p:notes {P_NS}>{_tree(shapes)}"
                            "</p:notes>"))
            members.append((f"ppt/notesSlides/_rels/notesSlide{k}.xml.rels", XML_HEAD + f"<Relationships {REL_NS}>"
                            f'<Relationship Id="rId1" Type="{RT}slide" Target="../slides/slide{k}.xml"/>'
                            "</Relationships>"))
    members.append(("ppt/slideMasters/slideMaster1.xml", XML_HEAD + f"<p:sldMaster {P_NS}>{_tree('')}"
                    '<p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" '
                    'accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" '
                    'folHlink="folHlink"/><p:sldLayoutIdLst><p:sldLayoutId id="2147483649" r:id="rId1"/>'
                    "</p:sldLayoutIdLst></p:sldMaster>"))
    members.append(("ppt/slideMasters/_rels/slideMaster1.xml.rels", XML_HEAD + f"<Relationships {REL_NS}>"
                    f'<Relationship Id="rId1" Type="{RT}slideLayout" Target="../slideLayouts/slideLayout1.xml"/>'
                    f'<Relationship Id="rId2" Type="{RT}theme" Target="../theme/theme1.xml"/></Relationships>'))
    members.append(("ppt/slideLayouts/slideLayout1.xml", XML_HEAD + f'<p:sldLayout {P_NS} type="obj">{_tree("")}'
                    "</p:sldLayout>"))
    members.append(("ppt/slideLayouts/_rels/slideLayout1.xml.rels", XML_HEAD + f"<Relationships {REL_NS}>"
                    f'<Relationship Id="rId1" Type="{RT}slideMaster" Target="../slideMasters/slideMaster1.xml"/>'
                    "</Relationships>"))
    members.append(("ppt/theme/theme1.xml", XML_HEAD + _THEME))
    return _zip([(n, d if isinstance(d, bytes) else d.encode("utf-8")) for n, d in members], mtime), places


def _clr(name: str, rgb: str) -> str:
    return f"<a:{name}><a:srgbClr val=\"{rgb}\"/></a:{name}>"


_THEME = ('<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Kommune"><a:themeElements>'
          '<a:clrScheme name="Kommune">' + "".join(_clr(n, c) for n, c in [
              ("dk1", "000000"), ("lt1", "FFFFFF"), ("dk2", "1A4D7A"), ("lt2", "EEECE1"), ("accent1", "4F81BD"),
              ("accent2", "C0504D"), ("accent3", "9BBB59"), ("accent4", "8064A2"), ("accent5", "4BACC6"),
              ("accent6", "F79646"), ("hlink", "0000FF"), ("folHlink", "800080")]) +
          '</a:clrScheme><a:fontScheme name="Kommune"><a:majorFont><a:latin typeface="Calibri"/><a:ea typeface=""/>'
          '<a:cs typeface=""/></a:majorFont><a:minorFont><a:latin typeface="Calibri"/><a:ea typeface=""/>'
          '<a:cs typeface=""/></a:minorFont></a:fontScheme><a:fmtScheme name="Kommune"><a:fillStyleLst>'
          + '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>' * 3 + '</a:fillStyleLst><a:lnStyleLst>'
          + '<a:ln w="9525"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln>' * 3
          + '</a:lnStyleLst><a:effectStyleLst>' + '<a:effectStyle><a:effectLst/></a:effectStyle>' * 3
          + '</a:effectStyleLst><a:bgFillStyleLst>' + '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>' * 3
          + "</a:bgFillStyleLst></a:fmtScheme></a:themeElements></a:theme>")


# --------------------------------------------------------------------------------------------------------------
# ODT

ODF_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
          'xmlns:dc="http://purl.org/dc/elements/1.1/" '
          'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
          'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" office:version="1.3"')


def _odf_spans(rng: random.Random, line: str) -> str:
    """Paragraph content: planted values and some words in text:span (as LibreOffice writes character
    formatting), a planted value sometimes split over two spans; runs of spaces as text:s."""
    out = []
    for t, marked in segments(line):
        if marked and len(t) > 2 and rng.random() < 0.5:
            k = rng.randint(1, len(t) - 1)
            out.append(f'<text:span text:style-name="T1">{xml(t[:k])}</text:span>{xml(t[k:])}')
        elif marked or rng.random() < 0.2:
            out.append(f'<text:span text:style-name="T1">{xml(t)}</text:span>')
        else:
            out.append(xml(t))
    s = "".join(out)
    return re.sub(r"  +", lambda m: f' <text:s text:c="{len(m.group(0)) - 1}"/>', s)


def _odf_manifest(mime: str, files: list[str]) -> str:
    entries = "".join(f'<manifest:file-entry manifest:full-path="{f}" manifest:media-type="text/xml"/>' for f in files)
    return (XML_HEAD + '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
            f'manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="{mime}"/>'
            f"{entries}</manifest:manifest>")


def _odf_meta(title: str, author: str, mtime: int) -> str:
    return (XML_HEAD + f'<office:document-meta {ODF_NS}><office:meta><dc:title>{xml(title)}</dc:title>'
            f"<meta:initial-creator>{xml(author)}</meta:initial-creator>"
            f"<meta:creation-date>{_iso(mtime)[:-1]}</meta:creation-date></office:meta></office:document-meta>")


def odt(story: str, rng: random.Random, mtime: int, title: str, author: str) -> tuple[bytes, list[dict]]:
    parts = dict(parts_of(story))
    places = []
    body_lines = parts.get("body", [])
    comment = parts.get("comment")
    header = parts.get("header")
    out, table = [], []

    def flush_table():
        if not table:
            return
        ncols = max(len(r.split(CELL)) for r in table)
        rows = "".join("<table:table-row>" + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{_odf_spans(rng, c)}</text:p></table:table-cell>'
            for c in r.split(CELL)) + "</table:table-row>" for r in table)
        out.append(f'<table:table table:name="Tabel1"><table:table-column table:number-columns-repeated="{ncols}"/>'
                   f"{rows}</table:table>")
        table.clear()

    for i, ln in enumerate(body_lines):
        if CELL in ln:
            table.append(ln)
            continue
        flush_table()
        ann = ""
        if comment is not None and i == len(body_lines) - 1:
            ann = (f"<office:annotation><dc:creator>{xml(author)}</dc:creator>" +
                   "".join(f"<text:p>{_odf_spans(rng, c)}</text:p>" for c in comment) + "</office:annotation>")
        out.append(f'<text:p text:style-name="Standard">{_odf_spans(rng, ln)}{ann}</text:p>')
    flush_table()
    # the order the extractor reports them in: content.xml (body, then the comment after its paragraph), styles.xml
    places += [{"part": "body"}] * sum(count_marks(ln) for ln in body_lines)
    if comment is not None:
        places += [{"part": "comment"}] * sum(count_marks(ln) for ln in comment)
    if header is not None:
        places += [{"part": "header"}] * sum(count_marks(ln) for ln in header)
    content = (XML_HEAD + f'<office:document-content {ODF_NS}><office:automatic-styles><style:style '
               'style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>'
               "</office:automatic-styles><office:body><office:text>" + "".join(out) +
               "</office:text></office:body></office:document-content>")
    hdr = "".join(f"<text:p>{_odf_spans(rng, c)}</text:p>" for c in (header or []))
    styles = (XML_HEAD + f'<office:document-styles {ODF_NS}><office:styles><style:style style:name="Standard" '
              'style:family="paragraph"/></office:styles><office:master-styles><style:master-page '
              f'style:name="Standard"><style:header>{hdr}</style:header></style:master-page></office:master-styles>'
              "</office:document-styles>")
    mime = "application/vnd.oasis.opendocument.text"
    members = [("mimetype", mime), ("content.xml", content), ("styles.xml", styles),
               ("meta.xml", _odf_meta(title, author, mtime)),
               ("META-INF/manifest.xml", _odf_manifest(mime, ["content.xml", "styles.xml", "meta.xml"]))]
    return _zip([(n, d.encode("utf-8")) for n, d in members], mtime, stored_first=True), places


# --------------------------------------------------------------------------------------------------------------
# Spreadsheets

class Sheet:
    """A named sheet of rows; a cell is ("s", text) a string (XLSX: shared), ("is", text) an inline string
    (XLSX; ODS: a string), ("n", digits, padded) a number (`padded`: shown with a 10-digit number format), or
    None (empty)."""

    def __init__(self, name: str):
        self.name = name
        self.rows: list[list] = []


def _col(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, rem = divmod(i - 1, 26)
        s = chr(65 + rem) + s
    return s


def xlsx(sheets: list[Sheet], mtime: int, title: str, author: str) -> bytes:
    shared: dict[str, int] = {}
    sheet_xml = []
    for sh in sheets:
        rows = []
        for ri, row in enumerate(sh.rows, 1):
            cells = []
            for ci, cell in enumerate(row):
                if cell is None:
                    continue
                ref = f"{_col(ci)}{ri}"
                kind, val = cell[0], cell[1]
                if kind == "s":
                    idx = shared.setdefault(val, len(shared))
                    cells.append(f'<c r="{ref}" t="s"><v>{idx}</v></c>')
                elif kind == "is":
                    cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{xml(val)}</t></is></c>')
                else:
                    style = 1 if cell[2] else 0
                    cells.append(f'<c r="{ref}"' + (f' s="{style}"' if style else "") + f"><v>{int(val)}</v></c>")
            rows.append(f'<row r="{ri}">{"".join(cells)}</row>')
        sheet_xml.append(XML_HEAD + '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                         'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                         f'<sheetData>{"".join(rows)}</sheetData></worksheet>')
    n = len(sheets)
    ct = "".join(f'<Override PartName="/xl/worksheets/sheet{k}.xml" ContentType="application/vnd.openxmlformats-'
                 'officedocument.spreadsheetml.worksheet+xml"/>' for k in range(1, n + 1))
    members = [
        ("[Content_Types].xml", XML_HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-'
         'types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
         '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
         'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' + ct +
         '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
         'spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.'
         'openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/docProps/core.xml" '
         'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>'),
        ("_rels/.rels", XML_HEAD + f'<Relationships {REL_NS}><Relationship Id="rId1" Type="{RT}officeDocument" '
         'Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
         'relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>'),
        ("docProps/core.xml", _core_props(title, author, _iso(mtime))),
        ("xl/workbook.xml", XML_HEAD + '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
         'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>' +
         "".join(f'<sheet name="{xml(sh.name)}" sheetId="{k}" r:id="rId{k}"/>' for k, sh in enumerate(sheets, 1)) +
         "</sheets></workbook>"),
        ("xl/_rels/workbook.xml.rels", XML_HEAD + f"<Relationships {REL_NS}>" + "".join(
            f'<Relationship Id="rId{k}" Type="{RT}worksheet" Target="worksheets/sheet{k}.xml"/>'
            for k in range(1, n + 1)) +
         f'<Relationship Id="rId{n + 1}" Type="{RT}styles" Target="styles.xml"/>'
         f'<Relationship Id="rId{n + 2}" Type="{RT}sharedStrings" Target="sharedStrings.xml"/></Relationships>'),
    ]
    members += [(f"xl/worksheets/sheet{k}.xml", x) for k, x in enumerate(sheet_xml, 1)]
    # Excel writes the shared strings and the styles after the sheets.
    sst = "".join(f"<si><t>{xml(s)}</t></si>" for s in shared)
    members.append(("xl/sharedStrings.xml", XML_HEAD + '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                    f'2006/main" count="{len(shared)}" uniqueCount="{len(shared)}">{sst}</sst>'))
    members.append(("xl/styles.xml", XML_HEAD + '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                    '2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="0000000000"/></numFmts>'
                    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1">'
                    '<fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders>'
                    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
                    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
                    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
                    "</cellXfs></styleSheet>"))
    return _zip([(n, d if isinstance(d, bytes) else d.encode("utf-8")) for n, d in members], mtime)


def ods(sheets: list[Sheet], rng: random.Random, mtime: int, title: str, author: str) -> bytes:
    tables = []
    for sh in sheets:
        ncols = max((len(r) for r in sh.rows), default=1)
        rows = []
        for row in sh.rows:
            cells = []
            for cell in row:
                if cell is None:
                    cells.append("<table:table-cell/>")
                elif cell[0] in ("s", "is"):
                    cells.append(f'<table:table-cell office:value-type="string" calcext:value-type="string">'
                                 f"<text:p>{_odf_spans(rng, cell[1])}</text:p></table:table-cell>")
                else:
                    v = str(int(cell[1]))
                    shown = v.zfill(10) if cell[2] else v
                    style = ' table:style-name="ce1"' if cell[2] else ""
                    cells.append(f'<table:table-cell{style} office:value-type="float" office:value="{v}" '
                                 f'calcext:value-type="float"><text:p>{shown}</text:p></table:table-cell>')
            rows.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
        tables.append(f'<table:table table:name="{xml(sh.name)}"><table:table-column '
                      f'table:number-columns-repeated="{ncols}"/>' + "".join(rows) + "</table:table>")
    ns = ODF_NS + ' xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"'
    content = (XML_HEAD + f"<office:document-content {ns}><office:automatic-styles>"
               '<number:number-style style:name="N1"><number:number number:decimal-places="0" '
               'number:min-integer-digits="10"/></number:number-style><style:style style:name="ce1" '
               'style:family="table-cell" style:data-style-name="N1"/><style:style style:name="T1" '
               'style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>'
               "</office:automatic-styles><office:body><office:spreadsheet>" + "".join(tables) +
               "</office:spreadsheet></office:body></office:document-content>")
    mime = "application/vnd.oasis.opendocument.spreadsheet"
    styles = XML_HEAD + f"<office:document-styles {ODF_NS}><office:styles/></office:document-styles>"
    members = [("mimetype", mime), ("content.xml", content), ("styles.xml", styles),
               ("meta.xml", _odf_meta(title, author, mtime)),
               ("META-INF/manifest.xml", _odf_manifest(mime, ["content.xml", "styles.xml", "meta.xml"]))]
    return _zip([(n, d.encode("utf-8")) for n, d in members], mtime, stored_first=True)


# --------------------------------------------------------------------------------------------------------------
# PDF: Helvetica (a standard Type1 font, no embedding) with WinAnsiEncoding, one text object per page

PDF_LINE_CHARS = 88
PDF_LINES_PER_PAGE = 56


def _wrap(line: str, width: int) -> list[str]:
    """Wraps at spaces, never inside a marked value."""
    protected = re.sub("\x01[^\x02]*\x02", lambda m: m.group(0).replace(" ", "\x03"), line)
    out, cur = [], ""
    for word in protected.split(" "):
        if cur and len(unmark(cur)) + 1 + len(unmark(word)) > width:
            out.append(cur)
            cur = word
        else:
            cur = word if not cur else cur + " " + word
    out.append(cur)
    return [x.replace("\x03", " ") for x in out]


def _pdf_string(s: str) -> bytes:
    out = bytearray(b"(")
    for b in s.encode("cp1252"):
        if b in b"()\\":
            out += b"\\" + bytes([b])
        elif b < 32 or b > 126:
            out += b"\\%03o" % b
        else:
            out.append(b)
    return bytes(out + b")")


def pdf(story: str, rng: random.Random, mtime: int, title: str, author: str,
        compress: bool | None = None) -> tuple[bytes, list[dict]]:
    lines: list[str] = []
    for _, paras in parts_of(story):
        for p in paras:
            if not p.strip():
                lines.append("")
                continue
            lines += _wrap(p.replace(CELL, "   "), PDF_LINE_CHARS)
    pages = [lines[i:i + PDF_LINES_PER_PAGE] for i in range(0, max(1, len(lines)), PDF_LINES_PER_PAGE)]
    places = []
    if compress is None:
        compress = rng.random() < 0.5
    objs: list[bytes] = []   # object k+1 is objs[k]
    n_pages = len(pages)
    # 1 catalog, 2 pages, 3 font, 4 info, then (page, content) pairs
    kids = " ".join(f"{5 + 2 * i} 0 R" for i in range(n_pages))
    objs.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objs.append(f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode())
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    created = dt.datetime.fromtimestamp(mtime, tz=dt.timezone.utc).strftime("D:%Y%m%d%H%M%SZ")
    objs.append(b"<< /Title " + _pdf_string(title) + b" /Author " + _pdf_string(author) +
                b" /Producer (Fjordby Sagssystem PDF) /CreationDate " + _pdf_string(created) + b" >>")
    for pi, page in enumerate(pages, 1):
        ops = [b"BT", b"/F1 10 Tf", b"13 TL", b"56 790 Td"]
        for ln in page:
            places += [{"page": pi}] * count_marks(ln)
            ops.append(_pdf_string(unmark(ln)) + b" Tj T*" if ln else b"T*")
        ops += [b"ET", b"BT", b"/F1 8 Tf", b"56 40 Td", _pdf_string(f"Side {pi} af {n_pages}") + b" Tj", b"ET"]
        data = b"\n".join(ops) + b"\n"
        filt = b""
        if compress:
            data = zlib.compress(data, 6)
            filt = b" /Filter /FlateDecode"
        objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                    f"/Contents {6 + 2 * (pi - 1)} 0 R >>".encode())
        objs.append(b"<< /Length %d%s >>\nstream\n" % (len(data), filt) + data + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n%\xe6\xf8\xe5\xc6\n")
    offsets = []
    for k, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % k + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 4 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out), places


# --------------------------------------------------------------------------------------------------------------
# RTF: \'hh for cp1252 letters, \uN? for the rest; planted values sometimes split by a formatting group

def _rtf_text(s: str) -> str:
    out = []
    for ch in s:
        o = ord(ch)
        if ch in "\\{}":
            out.append("\\" + ch)
        elif 32 <= o < 127:
            out.append(ch)
        elif ch == "\t":
            out.append("\\tab ")
        else:
            try:
                b = ch.encode("cp1252")
                out.append("\\'%02x" % b[0])
            except UnicodeEncodeError:
                u = o if o < 32768 else o - 65536
                out.append(f"\\u{u}?")
    return "".join(out)


def _rtf_line(rng: random.Random, line: str) -> str:
    out = []
    for t, marked in segments(line.replace(CELL, "\t")):
        if marked and len(t) > 2 and rng.random() < 0.5:
            k = rng.randint(1, len(t) - 1)
            out.append("{\\b " + _rtf_text(t[:k]) + "}" + _rtf_text(t[k:]))
        else:
            out.append(_rtf_text(t))
    return "".join(out)


def rtf(story: str, rng: random.Random, mtime: int, title: str, author: str) -> tuple[bytes, list[dict]]:
    t = dt.datetime.fromtimestamp(mtime, tz=dt.timezone.utc)
    head = ("{\\rtf1\\ansi\\ansicpg1252\\deff0\\deflang1030{\\fonttbl{\\f0\\fswiss\\fcharset0 Arial;}"
            "{\\f1\\froman\\fcharset0 Times New Roman;}}\n{\\colortbl;\\red0\\green0\\blue0;\\red26\\green77\\blue122;}\n"
            "{\\*\\generator Fjordby Sagssystem;}"
            f"{{\\info{{\\title {_rtf_text(title)}}}{{\\author {_rtf_text(author)}}}"
            f"{{\\creatim\\yr{t.year}\\mo{t.month}\\dy{t.day}\\hr{t.hour}\\min{t.minute}}}}}\n"
            "\\paperw11906\\paperh16838\\margl1134\\margr1134\\viewkind4\\uc1\n")
    body, places = [], []
    for part, lines in parts_of(story):
        n = sum(count_marks(ln) for ln in lines)
        places += [{"part": "header"} if part == "header" else {}] * n
        text = "\\par\n".join(_rtf_line(rng, ln) for ln in lines)
        if part == "header":
            body.append("{\\header\\pard\\plain\\f0\\fs18 " + text + "\\par}\n")
        else:
            body.append("\\pard\\plain\\f0\\fs22 " + text + "\\par\n")
    return (head + "".join(body) + "}\n").encode("ascii"), places
