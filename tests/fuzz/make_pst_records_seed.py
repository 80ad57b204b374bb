#!/usr/bin/env python3
"""Writes seeds/pst_records.bin for pst_message_fuzz: what the PST reader process sends for a file of two
messages (pst_records.h: a type byte, a field count, fields of a 32-bit little-endian length and their bytes),
the first with a plain, an HTML and an RTF body, an attachment, a problem, a note and an attached message."""
import os
import struct


def record(kind, *fields):
    out = kind.encode() + bytes([len(fields)])
    for f in fields:
        f = f.encode() if isinstance(f, str) else f
        out += struct.pack("<I", len(f)) + f
    return out


seed = b"".join([
    record("O", "271360"),
    record("M", "Indbakke/1 Ansøgning (2019-03-01)", "1551398400", "2048"),
    record("T", "subject", "Ansøgning om boligstøtte"),
    record("T", "header", "Jens Hansen\n"),
    record("T", "body", "CPR-nr.: 150643-1006"),
    record("H", "<html><body><p>Diagnose: diabetes</p></body></html>"),
    record("R", "{\\rtf1\\ansi Straffeattest}"),
    record("A", "bilag.txt", "Bilag: 150643-1006"),
    record("P", "4", "pst: attachment larger than 64 bytes", "stor.bin"),
    record("N", "password-protected PST"),
    record("M", "1 Videresendt (2019-02-01)", "1548979200", "100"),
    record("T", "subject", "Videresendt"),
    record("E"),
    record("E"),
    record("M", "Indbakke/2 Svar", "", "10"),
    record("T", "body", "Tak."),
    record("E"),
    record("X"),
])
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "seeds", "pst_records.bin"), "wb") as f:
    f.write(seed)
