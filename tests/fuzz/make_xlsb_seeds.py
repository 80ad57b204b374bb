#!/usr/bin/env python3
"""Writes seeds/xlsb/ for xlsb_records_fuzz: the binary parts (shared strings, workbook, sheet) of the
generated fixture tests/extractors/fixtures/ooxml/borgere.xlsb (make_xlsb.py), each a file of its own."""
import os
import zipfile

here = os.path.dirname(os.path.abspath(__file__))
fixture = os.path.join(here, "..", "extractors", "fixtures", "ooxml", "borgere.xlsb")
out = os.path.join(here, "seeds", "xlsb")
os.makedirs(out, exist_ok=True)
with zipfile.ZipFile(fixture) as z:
    for name in z.namelist():
        if name.endswith(".bin"):
            with open(os.path.join(out, os.path.basename(name)), "wb") as f:
                f.write(z.read(name))
