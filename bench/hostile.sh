#!/usr/bin/env bash
# Reliability run (issue 14 point 10): datavagt with its default rules over a hostile tree (bench/hostile_tree.py:
# damaged copies of every fixture, zip and compression bombs, deep nesting, odd names and special files). It
# must not crash or hang: exit status 0 or 1, every file accounted for (reached by the walk, as its summary
# counts, or below a folder an error record says it could not read), every record about a file of the tree,
# and the JSON Lines readable. Prints the time (wall, CPU),
# the peak RSS (largest process, and summed over the process tree, sampled every 10 ms), and the error records
# by reason.
#
#   bench/hostile.sh [--dir /tmp/datavagt-hostile] [--seed 14] [--timeout 1800] [-- EXTRA DATAVAGT ARGS]
#   DATAVAGT=path/to/datavagt bench/hostile.sh ...   (default build-release/scanner/datavagt; ./run bench)
#
# Exit 0 when the scan held up, 1 when it crashed, hung (--timeout seconds), lost a file or wrote a broken
# record, 2 on a setup error.
set -euo pipefail
DIR=/tmp/datavagt-hostile
SEED=14
TIMEOUT=1800
EXTRA=()
usage() { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dir) DIR="${2:?}"; shift 2 ;;
    --seed) SEED="${2:?}"; shift 2 ;;
    --timeout) TIMEOUT="${2:?}"; shift 2 ;;
    --) shift; EXTRA=("$@"); break ;;
    -h|--help) usage ;;
    *) echo "hostile: unknown argument: $1" >&2; usage ;;
  esac
done
BENCH=hostile
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_need python3=python3 timeout=coreutils
bench_datavagt

MARKER="$DIR/bench-marker"
WANT="bench/hostile_tree.py seed=$SEED ($(cat "$ROOT/bench/hostile_tree.py" | sha1sum | cut -c1-12))"
if [[ -f "$MARKER" && -f "$DIR/manifest.json" && "$(cat "$MARKER")" == "$WANT" ]]; then
  log "reusing $DIR"
else
  log "generating $DIR ($WANT)"
  mkdir -p "$DIR"
  rm -f "$MARKER"
  python3 "$ROOT/bench/hostile_tree.py" --out "$DIR" --seed "$SEED" --force >&2
  printf '%s\n' "$WANT" >"$MARKER"
fi
bench_workdir
head -c 32 /dev/urandom >"$WORK/key"

log "scanning $DIR/tree with $DATAVAGT ${EXTRA[*]} (timeout ${TIMEOUT}s); $(bench_load)"
rc=0
python3 "$ROOT/bench/timed.py" --tree-rss "$WORK/scan.times" -- timeout -k 10 "$TIMEOUT" "$DATAVAGT" scan \
  "$DIR/tree" --jsonl "$WORK/scan.jsonl" --key-file "$WORK/key" --no-progress -j2 "${EXTRA[@]}" || rc=$?
status=$(cat "$WORK/scan.times.rc")
echo "hostile tree: $DIR/tree ($(date -u +%FT%TZ); $(bench_load))"
python3 - "$WORK" "$DIR" "$status" <<'PY'
import collections, json, os, re, sys
import benchlib
work, root, status = sys.argv[1], sys.argv[2], int(sys.argv[3])
manifest = json.load(open(os.path.join(root, "manifest.json")))
tree = os.fsencode(os.path.join(root, "tree")) + b"/"
files = [tree + os.fsencode(f) for f in manifest["files"]]
t = benchlib.load_times(f"{work}/scan.times")
row = open(f"{work}/scan.times").read().split()
tree_rss = int(row[4]) / 1024 if len(row) > 4 else float("nan")
problems = []
if status in (124, 137):
    problems.append(f"hung: killed after the timeout (exit {status})")
elif status > 1:
    problems.append(f"crashed or failed: exit status {status}" + (f" (signal {status - 128})" if status > 128 else ""))
try:
    records = benchlib.read_jsonl(f"{work}/scan.jsonl")
except (OSError, ValueError) as e:
    records = []
    problems.append(f"JSON Lines unreadable: {e}")
summary = open(f"{work}/scan.times.out", encoding="utf-8", errors="replace").read()
m = re.search(r"^\s*files\s+(\d+)", summary, re.M)
reached = int(m.group(1)) if m else None
for r in records:  # a scan-end record, where the JSON Lines have one, says the same
    if r.get("kind") == "scan-end" and isinstance(r.get("files"), int):
        reached = r["files"]
errs = benchlib.errors(records)
# Every file is accounted for: reached by the walk (the summary counts regular files and the FIFO it skips), or
# below a folder an error record says could not be read.
lost_dirs = [benchlib.raw_path(e) for e in errs if e.get("reason") == "unreadable" and "directory" in e.get("detail", "")]
below_lost = [f for f in files if any(f.startswith(d + b"/") for d in lost_dirs)]
expected = manifest["regular_files"] + manifest.get("fifos", 0) - len(below_lost)
if reached is None:
    problems.append("no file count (no summary, no scan-end record)")
elif reached != expected:
    problems.append(f"files reached {reached}; expected {expected} ({manifest['regular_files']} regular files and "
                    f"{manifest.get('fifos', 0)} FIFO, less {len(below_lost)} below unreadable folders)")
outside = [r for r in records if "path" in r and not benchlib.raw_path(r).startswith(tree)]
if outside:
    problems.append(f"{len(outside)} records about paths outside the tree, e.g. {outside[0]['path']!r}")
by_reason = collections.Counter(e.get("reason", "?") for e in errs)
found = benchlib.findings(records)
print(f"exit status {status}; wall {t.median_wall():.2f} s, CPU {t.median_cpu():.2f} s; peak RSS "
      f"{t.peak_rss_mb():.0f} MB (largest process), {tree_rss:.0f} MB (summed over the process tree)")
print(f"files: {manifest['regular_files']} regular ({manifest['damaged_copies']} damaged fixtures), "
      f"{manifest['bytes'] / 1e6:.0f} MB, {len(manifest['special_entries'])} special entries; the scan reached "
      f"{reached}, {len(below_lost)} below {len(lost_dirs)} folder(s) it reported unreadable")
print(f"records: {len(found)} findings, {len(errs)} errors, {len(benchlib.notes(records))} notes; "
      f"files with an error {len({e.get('path') for e in errs})}")
print("errors by reason: " + (", ".join(f"{k} {v}" for k, v in by_reason.most_common()) or "none"))
cpr_paths = {benchlib.raw_path(f) for f in found if f.get("kind") == "cpr"}
err_by_path = {benchlib.raw_path(e): e for e in errs}
print("planted CPR lines (one per file):")
for p in manifest["planted"]:
    raw = tree + os.fsencode(p)
    if raw in cpr_paths:
        what = "found"
    else:
        e = err_by_path.get(raw) or next((err_by_path[d] for d in lost_dirs if raw.startswith(d + b"/")), None)
        what = f"not found: {e.get('reason')}: {e.get('detail')}" if e else "NOT FOUND, and no error says why"
    shown = p if len(p) < 90 else p[:40] + " ... " + p[-40:]
    print(f"  {shown!r}: {what}")
for p in problems:
    print("PROBLEM:", p)
sys.exit(1 if problems else 0)
PY
