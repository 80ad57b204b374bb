#!/usr/bin/env python3
"""Counts, independently of the tools, the lines in which ripgrep and ugrep must find the CPR shape, so a bench
can check their answer too before it times them.

    bench/cpr_lines.py ROOT        prints one JSON object: {"total": N, "by_dir": {"<first folder>": N, ...}}

The shape is the one the benches give the peers, `(?-u:\\b)[0-3][0-9][01][0-9][0-9]{2}[- ]?[0-9]{4}(?-u:\\b)`:
ASCII word boundaries, so a byte outside ASCII next to the digits is a boundary. Files are read as the grep
tools read them: a UTF-16 file with a byte-order mark is converted to UTF-8 first, every other file is searched
as bytes. A line counts once however many numbers it holds (`-c` counts lines).
"""
import json
import os
import re
import sys

SHAPE = re.compile(rb"(?<![0-9A-Za-z_])[0-3][0-9][01][0-9][0-9]{2}[- ]?[0-9]{4}(?![0-9A-Za-z_])")


def lines_with_shape(data: bytes) -> int:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        data = data[2:].decode("utf-16-le" if data[0] == 0xFF else "utf-16-be", "replace").encode("utf-8")
    n, line_end = 0, -1
    for m in SHAPE.finditer(data):
        if m.start() > line_end:  # a match on a line not counted yet
            n += 1
            line_end = data.find(b"\n", m.end())
            if line_end < 0:
                line_end = len(data)
    return n


def main() -> int:
    root = os.fsencode(sys.argv[1])
    total, by_dir = 0, {}
    for dp, dns, fns in os.walk(root):
        dns.sort()
        for fn in sorted(fns):
            p = os.path.join(dp, fn)
            with open(p, "rb") as f:
                n = lines_with_shape(f.read())
            if n:
                rel = os.path.relpath(p, root).split(b"/", 1)
                top = rel[0].decode("utf-8", "replace") if len(rel) > 1 else ""
                by_dir[top] = by_dir.get(top, 0) + n
                total += n
    print(json.dumps({"total": total, "by_dir": by_dir}, ensure_ascii=False, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
