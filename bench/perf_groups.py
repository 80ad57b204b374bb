#!/usr/bin/env python3
"""Where a scan spends its time, grouped the way issue 16 reads a profile: the Hyperscan matcher, UTF-8
validation, the special-category and CPR decisions after a match, making findings (fingerprints, masking,
JSON), memory management, libc's copies and searches, the kernel (system calls, page-cache copies), the
dynamic loader (start-up), and the rest; then the top functions.

    perf record -e cpu-clock -F 4999 -o perf.data -- datavagt scan TREE --jsonl OUT --key-file K -q --no-progress -j2
    bench/perf_groups.py perf.data [--top 25]

Reads `perf report --no-children --sort dso,sym --stdio`. Hyperscan's library has no symbols in Debian's
package, so its share is counted by library. The groups are matched in order; the first that fits wins.
"""
import argparse
import collections
import re
import subprocess
import sys

GROUPS = [
    ("Hyperscan matcher (libhs)", lambda dso, sym: dso.startswith("libhs")),
    ("UTF-8 validation", lambda dso, sym: "utf8::valid" in sym),
    ("special categories after a hit (terms, exclusions, case folding, scores)",
     lambda dso, sym: re.search(r"Sensitive|fold_case|latin_|excluded|TermDictionary|near_person", sym)),
    ("CPR candidates (validation, context words, scoring)",
     lambda dso, sym: re.search(r"Cpr|check_cpr|cpr_|ContextKeywords|civil", sym)),
    ("matching glue (MatchSession, hit dispatch and sorting)", lambda dso, sym: re.search(r"MatchSession|Hit", sym)),
    ("findings out (HMAC, masking, JSON)",
     lambda dso, sym: dso.startswith("libcrypto") or re.search(r"mask_|json::|Jsonl|fingerprint|Sink", sym)),
    ("decoding (charset, text decoder)", lambda dso, sym: re.search(r"TextDecoder|decode_|charset|utf8::", sym)),
    ("memory (malloc, free)", lambda dso, sym: re.search(r"malloc|free|_int_|unlink_chunk|tbbmalloc|operator new|"
                                                         r"operator delete|sysmalloc", sym) or "tbbmalloc" in dso),
    ("libc copies and searches (memmove, memchr, memcmp, memset)",
     lambda dso, sym: dso.startswith("libc") and re.search(r"mem|str", sym)),
    ("kernel (system calls, page-cache copies, scheduling)", lambda dso, sym: dso.startswith("[kernel")),
    ("dynamic loader (start-up: relocations, symbol look-ups)", lambda dso, sym: dso.startswith("ld-linux")),
    ("walk, read, item scanning (datavagt, libc system-call wrappers)",
     lambda dso, sym: dso == "datavagt" or dso.startswith("libc")),
    ("other libraries", lambda dso, sym: True),
]
ROW = re.compile(r"^\s*([0-9.]+)%\s+(\S+)\s+\[[.k]\]\s+(.*)$")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("data")
    ap.add_argument("--top", type=int, default=25)
    a = ap.parse_args()
    out = subprocess.run(["perf", "report", "-i", a.data, "--no-children", "--sort", "dso,sym", "--stdio"],
                         capture_output=True, text=True, check=True).stdout
    rows = [(float(m.group(1)), m.group(2), m.group(3).strip()) for m in map(ROW.match, out.splitlines()) if m]
    samples = re.search(r"Samples: (\S+) of event", out)
    by_group = collections.OrderedDict((name, 0.0) for name, _ in GROUPS)
    for pct, dso, sym in rows:
        for name, fits in GROUPS:
            if fits(dso, sym):
                by_group[name] += pct
                break
    print(f"{a.data}: {len(rows)} symbols" + (f", {samples.group(1)} samples" if samples else ""))
    for name, pct in by_group.items():
        if pct >= 0.05:
            print(f"  {pct:5.1f} %  {name}")
    print(f"top {a.top} functions:")
    for pct, dso, sym in rows[:a.top]:
        print(f"  {pct:5.2f} %  {dso:<22} {sym[:110]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
