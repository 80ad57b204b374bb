#!/usr/bin/env python3
"""Checks datavagt's JSON Lines against a generated tree's truth.jsonl (corpus/generate.py) before a bench
prints any time: a faster wrong answer is a failure.

    bench/check_truth.py --truth DIR/truth.jsonl --root DIR/share [--kinds all|cpr] [--under SUBDIR] OUT.jsonl...

Every `"expect": true` record must be reported (same file, kind and, for CPR numbers, fingerprint); nothing
else may be reported (no decoy, no other finding) and no error record may appear. `--kinds cpr` leaves the
special categories out of the truth (a scan with `--kinds cpr` does not look for them). `--under SUBDIR` keeps
only the truth below share/SUBDIR (a scan of that subtree alone; --root is then DIR/share/SUBDIR). With several
outputs (the runs of one command), each is checked and all must report the same.

Prints one line per output (findings, errors, recall, precision) and at most ten examples of each kind of
mistake, with masked values only. Exit 0 when right, 1 when wrong.
"""
from __future__ import annotations

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402


def truth_path(rec: dict) -> bytes:
    return bytes.fromhex(rec["path_hex"]) if "path_hex" in rec else rec["path"].encode("utf-8")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--truth", required=True)
    ap.add_argument("--root", required=True, help="the folder that was scanned (DIR/share, or a subfolder of it)")
    ap.add_argument("--kinds", default="all", choices=["all", "cpr"])
    ap.add_argument("--under", default="", help="only the truth below share/SUBDIR")
    ap.add_argument("outs", nargs="+")
    a = ap.parse_args()

    prefix = b"share/" + (a.under.strip("/").encode("utf-8") + b"/" if a.under else b"")
    root = os.fsencode(a.root.rstrip("/")) + b"/"
    truth = []
    with open(a.truth, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            t = json.loads(line)
            if a.kinds == "cpr" and "fingerprint" not in t:
                continue
            t["raw"] = truth_path(t)
            if t["raw"].startswith(prefix):
                truth.append(t)
    key = lambda rel, kind, fp: (rel, kind, fp)
    expected = {key(t["raw"], t["kind"], t.get("fingerprint")): t for t in truth if t["expect"]}
    decoys = {key(t["raw"], t["kind"], t.get("fingerprint")): t for t in truth if not t["expect"]}

    answers, wrong = [], False
    for out in a.outs:
        records = benchlib.read_jsonl(out)
        found, errs = benchlib.findings(records), benchlib.errors(records)
        extra, hit_decoys, miscount, seen = [], [], [], set()
        for f in found:
            raw = benchlib.raw_path(f)
            rel = prefix + raw[len(root):] if raw.startswith(root) else raw
            k = key(rel, f["kind"], f.get("fingerprint"))
            t = expected.get(k)
            if t is None:
                extra.append(f)
                if k in decoys:
                    hit_decoys.append(f)
                continue
            seen.add(k)
            if "fingerprint" in t and f.get("count") != t["count"]:
                miscount.append((t, f))
        missed = [t for k, t in expected.items() if k not in seen]
        answers.append(sorted((benchlib.raw_path(f), f["kind"], f.get("fingerprint", ""), f.get("count", 0))
                              for f in found))
        recall = len(seen) / len(expected) if expected else 1.0
        precision = (len(found) - len(extra)) / len(found) if found else 1.0
        print(f"answer {os.path.basename(out)}: {len(found)} findings, {len(errs)} errors; "
              f"recall {recall:.4f} ({len(seen)}/{len(expected)}), precision {precision:.4f}, "
              f"decoys reported {len(hit_decoys)}/{len(decoys)}, CPR count mismatches {len(miscount)}")
        for t in missed[:10]:
            print(f"  missed: {t['path']} {t['kind']} {t.get('masked', '')} ({t.get('note', '')})")
        for f in extra[:10]:
            print(f"  extra:  {f['path']} {f['kind']} {f.get('masked', '')} {f.get('terms', '')}")
        for e in errs[:10]:
            print(f"  error:  {e.get('path')} {e.get('reason')}: {e.get('detail')}")
        for t, f in miscount[:10]:
            print(f"  count:  {t['path']} {t['masked']} planted {t['count']}, reported {f.get('count')}")
        if missed or extra or errs:
            wrong = True
    if any(x != answers[0] for x in answers):
        print("answers differ between runs")
        wrong = True
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
