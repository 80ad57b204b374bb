#!/usr/bin/env python3
"""Checks po/da.po against the messages the code uses (reports/i18n/messages.h):

  - every m.tr("…"), m.trc("context", "…"), m.trn("…", "…", n) in reports/ and scanner/, and every t("…"),
    tn("…", "…", n) in reports/html/report.js (context "report page"), is translated, not fuzzy;
  - a translation has the same {placeholders} as its msgid (a translation may reorder them);
  - plural messages have msgstr[0] and msgstr[1];
  - nothing in the catalogue is unused (a stale entry is a message the code no longer says);
  - msgfmt --check accepts the file (it is a real gettext catalogue: Poedit, Weblate, msgmerge open it).

Usage: catalogue_check.py SOURCE_DIR [--missing]   (--missing prints .po stubs for what is not translated)
"""
import os
import re
import shutil
import subprocess
import sys

STRING = r'"((?:[^"\\\n]|\\.)*)"'
LITERAL = STRING + r'(?:\s*' + STRING.replace('(', '(?:', 1) + r')*'  # C++ adjacent literals


def literal_value(text):
    parts = re.findall(STRING, text)
    return ''.join(bytes(p, 'utf-8').decode('unicode_escape').encode('latin-1').decode('utf-8') for p in parts)


def uses(source_dir):
    found = {}  # (context, msgid) -> (plural or None, where)
    cpp = re.compile(r'\.(tr|trc|trn)\(\s*(' + LITERAL + r')(?:\s*,\s*(' + LITERAL + r'))?', re.S)
    js = re.compile(r'\b(t|tn)\(\s*(' + STRING + r')(?:\s*,\s*(' + STRING + r'))?', re.S)
    for folder in ('reports', 'scanner'):
        for root, _, files in os.walk(os.path.join(source_dir, folder)):
            for name in files:
                path = os.path.join(root, name)
                if name.endswith(('.cpp', '.h')):
                    text = open(path, encoding='utf-8').read()
                    for m in cpp.finditer(text):
                        fn, first, second = m.group(1), m.group(2), m.group(4)
                        where = f'{os.path.relpath(path, source_dir)}:{text.count(chr(10), 0, m.start()) + 1}'
                        if fn == 'tr':
                            found[('', literal_value(first))] = (None, where)
                        elif fn == 'trc':
                            found[(literal_value(first), literal_value(second))] = (None, where)
                        else:
                            found[('', literal_value(first))] = (literal_value(second), where)
                elif name == 'report.js':
                    text = open(path, encoding='utf-8').read()
                    for m in js.finditer(text):
                        fn, first, second = m.group(1), m.group(2), m.group(4)
                        where = f'{os.path.relpath(path, source_dir)}:{text.count(chr(10), 0, m.start()) + 1}'
                        plural = literal_value(second) if fn == 'tn' and second else None
                        found[('report page', literal_value(first))] = (plural, where)
    return found


def parse_po(path):
    entries = {}
    entry, key, fuzzy = {}, None, False

    def finish():
        nonlocal entry, fuzzy
        if 'msgid' in entry:
            entry['fuzzy'] = fuzzy
            entries[(entry.get('msgctxt', ''), entry['msgid'])] = entry
        entry, fuzzy = {}, False

    for line in open(path, encoding='utf-8'):
        line = line.strip()
        if not line:
            finish()
            continue
        if line.startswith('#'):
            if line.startswith('#,') and 'fuzzy' in line:
                fuzzy = True
            continue
        m = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?)\s+(".*")$', line)
        if m:
            if m.group(1) in ('msgctxt', 'msgid') and 'msgstr' in entry or 'msgstr[0]' in entry and m.group(1) == 'msgctxt':
                finish()
            key = m.group(1)
            entry[key] = literal_value(m.group(2))
        elif line.startswith('"'):
            entry[key] += literal_value(line)
    finish()
    entries.pop(('', ''), None)
    return entries


def placeholders(s):
    return sorted(set(re.findall(r'\{(\w+)\}', s)))


def main():
    source_dir = sys.argv[1]
    missing_mode = '--missing' in sys.argv
    po_path = os.path.join(source_dir, 'po', 'da.po')
    used = uses(source_dir)
    po = parse_po(po_path)
    errors, stubs = [], []
    for (ctx, msgid), (plural, where) in sorted(used.items()):
        e = po.get((ctx, msgid))
        label = f'{where}: ' + (f'[{ctx}] ' if ctx else '') + repr(msgid)
        if e is None or e['fuzzy']:
            errors.append(f'{label} is not translated in po/da.po')
            stub = (f'msgctxt "{ctx}"\n' if ctx else '') + f'msgid "{msgid}"\n'
            stub += (f'msgid_plural "{plural}"\nmsgstr[0] ""\nmsgstr[1] ""\n' if plural else 'msgstr ""\n')
            stubs.append(stub)
            continue
        strs = [e[k] for k in ('msgstr', 'msgstr[0]', 'msgstr[1]') if k in e]
        if plural is not None and ('msgstr[0]' not in e or 'msgstr[1]' not in e):
            errors.append(f'{label} is a plural: it needs msgid_plural, msgstr[0] and msgstr[1]')
        if any(not s for s in strs):
            errors.append(f'{label} has an empty translation')
        for s in strs:
            if placeholders(s) != placeholders(msgid):
                errors.append(f'{label}: placeholders {placeholders(s)} in the translation, {placeholders(msgid)} in the msgid')
    for (ctx, msgid) in sorted(set(po) - set(used)):
        errors.append(f'po/da.po: ' + (f'[{ctx}] ' if ctx else '') + repr(msgid) + ' is not used by the code: remove it')
    msgfmt = shutil.which('msgfmt')
    if msgfmt is None:
        errors.append('msgfmt (Debian package gettext, installed by ./run) is missing: cannot check po/da.po')
    else:
        r = subprocess.run([msgfmt, '--check', '-o', os.devnull, po_path], capture_output=True, text=True)
        if r.returncode != 0:
            errors.append('msgfmt --check po/da.po: ' + r.stderr.strip())
    if missing_mode:
        print('\n'.join(stubs))
        return 0
    for e in errors:
        print(e)
    print(f'{len(used)} messages used, {len(po)} in po/da.po, {len(errors)} problems')
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
