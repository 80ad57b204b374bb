#!/usr/bin/env python3
"""Writes seeds/works/ for works_fuzz: the streams of two Works word processor documents, framed as
ole2_streams.h frames them ("\\n@@stream:" name "\\n" bytes): Works 2000 and later (a CONTENTS stream with a
"CHNKWKS " index and the text as UTF-16LE, and a MatOST stream) and Works 4 (the text 8-bit)."""
import os

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, "seeds", "works")
os.makedirs(out, exist_ok=True)

index = b"CHNKWKS \x01\x00\x00\x00TEXT\x00\x02\x00\x00\x10\x00\x00\x00"


def framed(streams):
    return b"".join(b"\n@@stream:" + name.encode() + b"\n" + data for name, data in streams)


works2000 = index + bytes(600) + "Borgeren Søren Ærø, journal: diabetes\r".encode("utf-16-le") + bytes(200)
works4 = index + bytes(600) + "Journal: misbrug, sag 17\r".encode("cp1252") + bytes(90)
with open(os.path.join(out, "works2000.streams"), "wb") as f:
    f.write(framed([("CONTENTS", works2000), ("MatOST", b"\x01" * 64)]))
with open(os.path.join(out, "works4.streams"), "wb") as f:
    f.write(framed([("CONTENTS", works4), ("MatOST", b"x")]))
