#!/usr/bin/env python3
"""Writes a hostile tree for reliability runs (issue 14 point 10): what a scanner meets on a real share when
files are damaged, malicious or just odd. Deterministic: the same --seed and fixtures give the same bytes.

    bench/hostile_tree.py --out DIR [--seed 14] [--fixtures PATH ...] [--force]

DIR/tree/ holds:
  damaged/<source>/<name>.<variant>.<ext>   every fixture of the project (tests/extractors/fixtures,
      tests/fixtures, tests/fuzz/seeds, and /work/shared/fixtures if present; scripts and READMEs left out),
      each truncated (1 byte, 10 %, 50 %, 90 %, all but the last byte), with 1, 16 or 256 flipped bits, with a
      zeroed 512-byte block, and with a scrambled first 64 bytes
  bombs/      a 1 GiB deflate member, a nested zip (4^3 x 64 MiB), overlapping central-directory entries
      (500 x 100 MiB, the Fifield construction), gzip and xz of 1 GiB zeros, bzip2 of 256 MiB, a .tar.gz with a
      1 GiB member, and a 1.5 GiB member that stays under the ratio guard (~60:1)
  nesting/    a zip nested 40 deep, folders 300 deep, and a path longer than PATH_MAX (4096 bytes), each with a
      CPR-like line at the bottom
  odd/        names with a newline, with bytes that are not UTF-8, of 255 bytes, starting with '-'; a 16 MiB
      line of digits without a newline; a 256 MiB sparse file of NULs; a symlink loop, a dangling symlink and
      a FIFO (the last three are not regular files: a scanner must skip them)
DIR/manifest.json: the regular files written (each path, count, bytes), the special entries and the files
holding a CPR-like line, for the bench to compare with what the scan reports. Standard library only; ~10 s and ~20 MB on disk (plus the sparse file's holes).
"""
from __future__ import annotations

import argparse
import bz2
import gzip
import hashlib
import io
import json
import lzma
import os
import random
import shutil
import stat
import struct
import sys
import tarfile
import zipfile
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURE_DIRS = [os.path.join(ROOT, "tests", "extractors", "fixtures"), os.path.join(ROOT, "tests", "fixtures"),
                os.path.join(ROOT, "tests", "fuzz", "seeds"), "/work/shared/fixtures"]
SKIP_SUFFIXES = (".py", ".sh", ".md")
MIB = 1 << 20
# A fictive, mod-11 valid CPR-like line, so the deep ends hold something to find.
CPR_LINE = b"Journalnotat: Mette S\xc3\xb8rensen, CPR-nr.: 070761-4285, bor i Fjordby.\n"


ZERO_CHUNK = bytes(4 * MIB)


def zeros(n: int):
    while n > 0:
        k = min(len(ZERO_CHUNK), n)
        yield ZERO_CHUNK if k == len(ZERO_CHUNK) else ZERO_CHUNK[:k]
        n -= k


PLANTED = []   # files holding CPR_LINE (relative to the tree), for the bench to say which were found


def write(path: str, data: bytes):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


# ---- damaged copies of every fixture -------------------------------------------------------------------------

def variants(data: bytes, rng: random.Random):
    n = len(data)
    cuts = sorted({c for c in (1, n // 10, n // 2, n * 9 // 10, n - 1) if 0 < c < n})
    for c in cuts:
        yield f"trunc{c}", data[:c]
    for flips in (1, 16, 256):
        if n == 0:
            break
        b = bytearray(data)
        for _ in range(flips):
            i = rng.randrange(n)
            b[i] ^= 1 << rng.randrange(8)
        yield f"flip{flips}", bytes(b)
    if n > 512:
        b = bytearray(data)
        at = rng.randrange(n - 512)
        b[at:at + 512] = bytes(512)
        yield "zeroed", bytes(b)
    if n > 0:
        head = bytes(rng.randrange(256) for _ in range(min(64, n)))
        yield "header", head + data[64:]


def fixtures(dirs: list[str]):
    """(source folder label, file name, bytes) of every fixture, each content once, in a stable order."""
    seen = set()
    for d in dirs:
        if not os.path.isdir(d):
            continue
        for dp, dns, fns in os.walk(d):
            dns.sort()
            for fn in sorted(fns):
                if fn.endswith(SKIP_SUFFIXES) or fn.startswith("NOTICE"):
                    continue
                with open(os.path.join(dp, fn), "rb") as f:
                    data = f.read()
                h = hashlib.sha256(data).digest()
                if h in seen:
                    continue
                seen.add(h)
                label = os.path.relpath(dp, os.path.dirname(d)).replace(os.sep, "_")
                yield label, fn, data


def damaged(out: str, dirs: list[str], rng: random.Random) -> int:
    n = 0
    for label, fn, data in fixtures(dirs):
        stem, dot, ext = fn.partition(".")
        for name, bytes_ in variants(data, rng):
            write(os.path.join(out, "damaged", label, f"{stem}.{name}{dot}{ext}"), bytes_)
            n += 1
    return n


# ---- bombs ---------------------------------------------------------------------------------------------------

def zip_of_zeros(name: str, size: int, block: bytes | None = None) -> bytes:
    """A zip of one deflated member of `size` bytes: zeros, or `block` repeated."""
    buf = io.BytesIO()
    info = zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        with z.open(info, "w", force_zip64=size >= (1 << 31)) as m:
            if block is None:
                for c in zeros(size):
                    m.write(c)
            else:
                for _ in range(size // len(block)):
                    m.write(block)
    return buf.getvalue()


def zip_members(members: list[tuple[str, bytes]], method=zipfile.ZIP_STORED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0))
            info.compress_type = method
            z.writestr(info, data)
    return buf.getvalue()


def overlapping(size: int, entries: int) -> bytes:
    """One deflated member and `entries` central-directory records that all point at its local header."""
    one = zip_of_zeros("0000.txt", size)
    eocd = one.rindex(b"PK\x05\x06")
    cd_size, cd_off = struct.unpack_from("<II", one, eocd + 12)
    central = one[cd_off:cd_off + cd_size]
    name_len = struct.unpack_from("<H", central, 28)[0]
    records = []
    for i in range(entries):
        name = f"{i:04d}.txt".encode()
        assert len(name) == name_len
        records.append(central[:46] + name + central[46 + name_len:])
    cd = b"".join(records)
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, entries, entries, len(cd), cd_off, 0)
    return one[:cd_off] + cd + end


def compressed_stream(path: str, opener, size: int):
    with opener(path, "wb") as f:
        for c in zeros(size):
            f.write(c)


def bombs(out: str, rng: random.Random):
    d = os.path.join(out, "bombs")
    os.makedirs(d, exist_ok=True)
    write(os.path.join(d, "deflate_1GiB.zip"), zip_of_zeros("nuller.txt", 1 << 30))
    leaf = zip_of_zeros("nuller.txt", 64 * MIB)
    level = leaf
    for depth in range(3):   # 4^3 leaves of 64 MiB: 4 GiB unpacked
        level = zip_members([(f"lag{depth}_{i}.zip", level) for i in range(4)])
    write(os.path.join(d, "nested_4x4x4.zip"), level)
    write(os.path.join(d, "overlapping_500.zip"), overlapping(100 * MIB, 500))
    # Under the ratio guard: runs of 100-300 equal digits between random letters deflate ~60:1 (a 4 MiB block,
    # repeated beyond deflate's 32 KB window), so only the size limits stop it.
    parts, n = [], 0
    while n < 4 * MIB:
        run = bytes([rng.choice(b"0123456789")]) * rng.randint(100, 300) + bytes([rng.choice(b"abcdefghij\n")])
        parts.append(run)
        n += len(run)
    block = b"".join(parts)[:4 * MIB]
    write(os.path.join(d, "under_ratio_1536MiB.zip"), zip_of_zeros("log.txt", 1536 * MIB, block))
    compressed_stream(os.path.join(d, "nuller_1GiB.txt.gz"), lambda p, m: gzip.GzipFile(p, m, 9, mtime=0), 1 << 30)
    compressed_stream(os.path.join(d, "nuller_256MiB.txt.bz2"), lambda p, m: bz2.BZ2File(p, m, compresslevel=9), 256 * MIB)
    compressed_stream(os.path.join(d, "nuller_1GiB.txt.xz"), lambda p, m: lzma.LZMAFile(p, m, preset=1), 1 << 30)
    with gzip.GzipFile(os.path.join(d, "arkiv_1GiB.tar.gz"), "wb", 6, mtime=0) as gz:
        with tarfile.open(fileobj=gz, mode="w|", format=tarfile.PAX_FORMAT) as tar:
            info = tarfile.TarInfo("arkiv/nuller.txt")
            info.size, info.mtime = 1 << 30, 1577836800
            tar.addfile(info, io.BufferedReader(ZeroReader(1 << 30)))


class ZeroReader(io.RawIOBase):
    def __init__(self, n: int):
        self.left = n

    def readable(self):
        return True

    def readinto(self, b):
        k = min(len(b), self.left)
        b[:k] = bytes(k)
        self.left -= k
        return k


# ---- nesting -------------------------------------------------------------------------------------------------

def nesting(out: str):
    d = os.path.join(out, "nesting")
    os.makedirs(d, exist_ok=True)
    inner = zip_members([("bund.txt", CPR_LINE)], zipfile.ZIP_DEFLATED)
    for depth in range(40):
        inner = zip_members([(f"niveau_{39 - depth:02d}.zip", inner)])
    write(os.path.join(d, "zip_40_deep.zip"), inner)
    PLANTED.append("nesting/zip_40_deep.zip")
    deep = os.path.join(d, *(["mappe"] * 300))
    os.makedirs(deep, exist_ok=True)
    write(os.path.join(deep, "bund.txt"), CPR_LINE)
    PLANTED.append(os.path.join("nesting", *(["mappe"] * 300), "bund.txt"))
    long_path = ["nesting"]
    # Longer than PATH_MAX: made one level at a time relative to an open folder.
    fd = os.open(d, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for i in range(45):
            name = f"{i:02d}_" + "lang_mappe_" * 8 + "x" * 9       # 100 bytes
            long_path.append(name)
            try:
                os.mkdir(name, dir_fd=fd)
            except FileExistsError:
                pass
            nfd = os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd = nfd
        ffd = os.open("bund.txt", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644, dir_fd=fd)
        os.write(ffd, CPR_LINE)
        os.close(ffd)
        PLANTED.append(os.path.join(*long_path, "bund.txt"))
    finally:
        os.close(fd)


# ---- odd files -----------------------------------------------------------------------------------------------

def odd(out: str, rng: random.Random) -> list[str]:
    d = os.path.join(out, "odd")
    os.makedirs(d, exist_ok=True)
    db = os.fsencode(d)
    for name in (b"linje\nskift.txt", b"ikke-utf8-\xe6\xf8\xe5.txt", b"-rf.txt", b"a" * 251 + b".txt"):
        with open(os.path.join(db, name), "wb") as f:
            f.write(CPR_LINE)
        PLANTED.append(os.fsdecode(b"odd/" + name))
    write(os.path.join(d, "cifre_uden_linjeskift.txt"), bytes(rng.choice(b"0123456789 -") for _ in range(16 * MIB)))
    with open(os.path.join(d, "sparsom_256MiB.txt"), "wb") as f:
        f.truncate(256 * MIB)
    specials = []
    for name, make in (("loekke", lambda p: os.symlink(".", p)), ("dinglende", lambda p: os.symlink("findes-ikke", p)),
                       ("fifo", os.mkfifo)):
        make(os.path.join(d, name))
        specials.append(os.path.join("odd", name))
    return specials


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--fixtures", nargs="*", default=FIXTURE_DIRS, help="folders of fixtures to damage")
    ap.add_argument("--force", action="store_true", help="replace an existing DIR/tree")
    a = ap.parse_args()
    tree = os.path.join(a.out, "tree")
    if os.path.lexists(tree):
        if not a.force:
            print(f"hostile_tree.py: {tree} exists; use --force to replace it", file=sys.stderr)
            return 2
        shutil.rmtree(tree)
    os.makedirs(tree)
    rng = random.Random(a.seed)
    n_damaged = damaged(tree, a.fixtures, rng)
    bombs(tree, rng)
    nesting(tree)
    specials = odd(tree, rng)
    files, nbytes, fifos = [], 0, 0
    for dp, dns, fns, dfd in os.fwalk(tree):   # by folder descriptors: also below the path longer than PATH_MAX
        dns.sort()
        for fn in sorted(fns):
            st = os.stat(fn, dir_fd=dfd, follow_symlinks=False)
            if stat.S_ISREG(st.st_mode):
                files.append(os.path.relpath(os.path.join(dp, fn), tree))
                nbytes += st.st_size
            elif stat.S_ISFIFO(st.st_mode):
                fifos += 1
    manifest = {"seed": a.seed, "regular_files": len(files), "bytes": nbytes, "damaged_copies": n_damaged,
                "fifos": fifos, "special_entries": specials, "planted": PLANTED, "files": files}
    with open(os.path.join(a.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)   # names that are not UTF-8 as surrogate escapes (os.fsdecode)
    print(f"hostile tree: {len(files)} regular files ({n_damaged} damaged copies of fixtures), {nbytes / 1e6:.0f} MB "
          f"apparent size, {len(specials)} special entries; {tree}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
