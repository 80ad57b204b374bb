#!/usr/bin/env bash
# DOCX/XLSX: one or more datavagt binaries against `ugrep -z` on the same folder, runs alternated, medians of
# wall time and of CPU time (user + sys). CPU time is the fairer figure on a loaded machine: ugrep runs more
# threads than it is given with -J (one per zip it decompresses), so it gets a larger share of a busy CPU.
#
#   bench/office_profile.sh DIR [--runs 5] [BINARY ...]     (default binary: build-release/scanner/datavagt)
#
# DIR: e.g. the office/ folder bench/office_vs_ugrep.sh makes (/tmp/datavagt-bench-office/office), or copies of
# it. The answer is checked first: every binary must report the same findings (path, kind, fingerprint) and no
# error record (office_vs_ugrep.sh checks them against the source texts); exit 1 otherwise. Timed, two threads each:
#   datavagt scan DIR --kinds cpr -j2          ugrep -z -r -c -J2 -P REGEX DIR
# For a profile of one run: perf record -e cpu-clock -F 2000 BINARY scan DIR --kinds cpr -j2 --no-progress -q \
#   --key-file KEY --jsonl /dev/null   then   perf report --no-children --sort dso,sym
set -euo pipefail
[[ $# -ge 1 && $1 != -h && $1 != --help ]] || { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
DIR="$1"
shift
RUNS=5
if [[ ${1:-} == --runs ]]; then RUNS="${2:?}"; shift 2; fi
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PYTHONPATH="$ROOT/bench${PYTHONPATH:+:$PYTHONPATH}"
BINS=("$@")
[[ ${#BINS[@]} -gt 0 ]] || BINS=("$ROOT/build-release/scanner/datavagt")
REGEX='(?<![0-9])[0-3][0-9][01][0-9][0-9]{2}[- ]?[0-9]{4}(?![0-9])'
WORK="$(mktemp -d "${TMPDIR:-/tmp}/office_profile.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
printf 'k' >"$WORK/key"
find "$DIR" -type f -print0 | xargs -0 cat >/dev/null
for b in "${!BINS[@]}"; do
  "${BINS[$b]}" scan "$DIR" --kinds cpr -j2 --no-progress -q --key-file "$WORK/key" --jsonl "$WORK/check$b.jsonl" \
    </dev/null >/dev/null 2>&1 || true
done
python3 - "$WORK" "${#BINS[@]}" <<'PY' || { echo "office_profile: WRONG ANSWER (the binaries disagree)" >&2; exit 1; }
import sys
import benchlib
work, n = sys.argv[1], int(sys.argv[2])
def load(i):
    rows = benchlib.read_jsonl(f"{work}/check{i}.jsonl")
    if benchlib.errors(rows):
        sys.exit(1)
    return {(r["path"], r["kind"], r.get("fingerprint")) for r in benchlib.findings(rows)}
first = load(0)
print(f"answer: {len(first)} findings", ("(all binaries agree)" if n > 1 else ""))
sys.exit(0 if all(load(i) == first for i in range(1, n)) else 1)
PY
for ((i = 1; i <= RUNS; i++)); do
  for b in "${!BINS[@]}"; do
    /usr/bin/time -f '%e %U %S' -a -o "$WORK/dv$b" "${BINS[$b]}" scan "$DIR" --kinds cpr -j2 --no-progress -q \
      --key-file "$WORK/key" --jsonl /dev/null </dev/null >/dev/null 2>&1 || true
  done
  # ugrep's counts go to a file: with its output on /dev/null ugrep may stop at the first match (as grep -q).
  /usr/bin/time -f '%e %U %S' -a -o "$WORK/ug" ugrep -z -r -c -J2 -P "$REGEX" "$DIR" </dev/null >"$WORK/ug.out" 2>&1 || true
done
python3 - "$WORK" "$(find "$DIR" -type f | wc -l)" "${BINS[@]}" <<'PY'
import statistics, sys
work, files, bins = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
def med(name):
    rows = [l.split() for l in open(f"{work}/{name}") if l[:1].isdigit()]
    return statistics.median(float(r[0]) for r in rows), statistics.median(float(r[1]) + float(r[2]) for r in rows)
uw, uc = med("ug")
print(f"{files} files, medians of alternated runs")
print(f"{'ugrep -z -r -c -J2 -P':45} wall {uw:6.2f} s  cpu {uc:6.2f} s")
for i, b in enumerate(bins):
    w, c = med(f"dv{i}")
    print(f"{b[-45:]:45} wall {w:6.2f} s  cpu {c:6.2f} s   ugrep/datavagt: wall {uw / w:4.2f}  cpu {uc / c:4.2f}")
PY
