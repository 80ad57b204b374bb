#!/usr/bin/env bash
# Start-up (issue 16 item 4): scanning ONE tiny file with the default rules, as a service user would run it:
# an empty environment (env -i: no XDG variables, no DATAVAGT_CACHE_DIR) and a HOME without ~/.cache.
# Side by side with ripgrep on the same file; --runs alternated rounds, medians of wall and CPU time
# (user + sys, child processes included), measured with bench/timed.py (microseconds, not GNU time's 10 ms).
#
#   bench/startup.sh [--runs 11] [--base BIN] [--workers in-process|processes]
#   DATAVAGT=path/to/datavagt bench/startup.sh ...   (default build-release/scanner/datavagt; ./run bench)
#
# Each round:
#   first   HOME=<a fresh empty folder>: no pattern cache yet (what the first scan of a new user costs)
#   second  the same HOME once more: the cache the first run wrote, if it wrote one (target <= 30 ms wall)
#   nohome  HOME=/nonexistent (a system user's): no cache can be kept, every run compiles the patterns
#   rg      rg -c with the CPR shape on the same file
#   with --base BIN, an earlier datavagt's first, second and nohome runs too (before/after a change, in one run)
# --workers MODE is given to every datavagt run (default: the program's default, in-process); with processes
# the times include the worker process (the scanner waits for it).
# The answer is checked first: datavagt reports the file's one CPR number, rg counts its line. Then the shared
# objects each program maps to do it, as the dynamic loader reports them (LD_DEBUG=files, every process).
# Exit 0 when the answers are right, 1 when not, 2 on a setup error.
set -euo pipefail
RUNS=11
BASE=
WORKERS=()
usage() { sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) RUNS="${2:?}"; shift 2 ;;
    --base) BASE="${2:?}"; shift 2 ;;
    --workers) WORKERS=(--workers "${2:?}"); shift 2 ;;
    -h|--help) usage ;;
    *) echo "startup: unknown argument: $1" >&2; usage ;;
  esac
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "startup: --runs must be a positive integer" >&2; exit 2; }
BENCH=startup
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_need rg=ripgrep python3=python3
bench_datavagt
[[ ! -e /nonexistent ]] || { echo "startup: /nonexistent exists; the nohome case needs it missing" >&2; exit 2; }
bench_workdir
RG_PATTERN='(?-u:\b)[0-3][0-9][01][0-9][0-9]{2}[- ]?[0-9]{4}(?-u:\b)'
TIMED=("python3" "$ROOT/bench/timed.py")
BIN=$(cd "$(dirname "$DATAVAGT")" && pwd)/$(basename "$DATAVAGT")
RG=$(command -v rg)

# A tiny case note with one fictive CPR number (a valid date, mod-11 valid), and a key for its fingerprint.
python3 - "$WORK/note.txt" <<'PY'
import random, sys
r = random.Random(16)
while True:
    d = f"{r.randint(1, 28):02d}{r.randint(1, 12):02d}{r.randint(40, 99):02d}{r.randint(0, 3)}{r.randint(0, 999):03d}"
    if sum(w * int(x) for w, x in zip((4, 3, 2, 7, 6, 5, 4, 3, 2, 1), d)) % 11 == 0:
        break
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write(f"Fjordby Kommune\nJournalnotat\n\nVedrørende Mette Sørensen, CPR-nr.: {d[:6]}-{d[6:]}, "
            "der har søgt om boligstøtte.\nSagen behandles i Borgerservice.\n")
PY
head -c 32 /dev/urandom >"$WORK/key"
chmod 600 "$WORK/key"
ENVIRONMENT=(env -i PATH=/usr/bin:/bin LANG=C.UTF-8)
dv() {  # NAME HOME RUN [BINARY]
  "${TIMED[@]}" "$WORK/$1.times" -- "${ENVIRONMENT[@]}" HOME="$2" "${4:-$BIN}" scan "$WORK/note.txt" \
    --jsonl "$WORK/$1.$3.jsonl" --key-file "$WORK/key" --no-progress -q "${WORKERS[@]}"
}
if [[ -n $BASE ]]; then
  [[ -x $BASE ]] || { echo "startup: --base $BASE is not an executable" >&2; exit 2; }
  BASE=$(cd "$(dirname "$BASE")" && pwd)/$(basename "$BASE")
fi
rg_run() { "${TIMED[@]}" "$WORK/rg.times" -- "${ENVIRONMENT[@]}" "$RG" -c "$RG_PATTERN" "$WORK/note.txt"; }

log "datavagt: $BIN; $(rg --version | sed -n 1p); $(bench_load)"
log "checking the answer"
mkdir -p "$WORK/home.check"
dv check "$WORK/home.check" 0
rg_run
python3 - "$WORK/check.0.jsonl" "$WORK/rg.times.out" <<'PY' || { echo "startup: WRONG ANSWER" >&2; exit 1; }
import sys
import benchlib
found = benchlib.findings(benchlib.read_jsonl(sys.argv[1]))
rg = open(sys.argv[2]).read().strip()
ok = len(found) == 1 and found[0]["kind"] == "cpr" and rg == "1"
print(f"answer: datavagt {len(found)} finding(s) {[f['kind'] + ' ' + f.get('masked', '') for f in found]}, "
      f"rg counts {rg or '0'} line(s)", file=sys.stderr)
sys.exit(0 if ok else 1)
PY
if [[ -n $BASE ]]; then
  mkdir -p "$WORK/home.check_base"
  dv check_base "$WORK/home.check_base" 0 "$BASE"
  python3 - "$WORK/check.0.jsonl" "$WORK/check_base.0.jsonl" <<'PY' || { echo "startup: --base answers differently" >&2; exit 1; }
import sys
import benchlib
a, b = ([(f["kind"], f.get("fingerprint")) for f in benchlib.findings(benchlib.read_jsonl(p))] for p in sys.argv[1:3])
sys.exit(0 if a == b else 1)
PY
fi
rm -f "$WORK"/*.times

# The shared objects a program maps for the scan (the vDSO and the program itself not counted): the loader's
# "generating link map" lines, one per object loaded, over all its processes (LD_DEBUG_OUTPUT: one file each).
mapped() {  # NAME COMMAND...
  local name=$1
  shift
  rm -f "$WORK/ld.$name".*
  "${ENVIRONMENT[@]}" LD_DEBUG=files LD_DEBUG_OUTPUT="$WORK/ld.$name" "$@" >/dev/null || true  # datavagt: 1, found
  cat "$WORK/ld.$name".* | grep -c 'generating link map' || true
}
MAPPED="datavagt $(mapped dv HOME="$WORK/home.check" "$BIN" scan "$WORK/note.txt" --jsonl "$WORK/ld.jsonl" \
  --key-file "$WORK/key" --no-progress -q "${WORKERS[@]}")"
if [[ -n $BASE ]]; then
  MAPPED+=", --base $(mapped base HOME="$WORK/home.check_base" "$BASE" scan "$WORK/note.txt" \
    --jsonl "$WORK/ld.jsonl" --key-file "$WORK/key" --no-progress -q "${WORKERS[@]}")"
fi
MAPPED+=", rg $(mapped rg "$RG" -c "$RG_PATTERN" "$WORK/note.txt")"

cached=0
for ((i = 1; i <= RUNS; i++)); do
  home="$WORK/home.$i"
  mkdir "$home"
  dv first "$home" "$i"
  [[ -z "$(ls -A "$home/.cache/datavagt" 2>/dev/null)" ]] || cached=$((cached + 1))
  dv second "$home" "$i"
  dv nohome /nonexistent "$i"
  if [[ -n $BASE ]]; then
    mkdir "$home.base"
    dv base_first "$home.base" "$i" "$BASE"
    dv base_second "$home.base" "$i" "$BASE"
    dv base_nohome /nonexistent "$i" "$BASE"
  fi
  rg_run
done
[[ ! -e /nonexistent ]] || echo "startup: WARNING: a run created /nonexistent (HOME of the nohome case)" >&2

echo "start-up: one $(stat -c %s "$WORK/note.txt")-byte file, env -i, workers: ${WORKERS[1]:-default}; $(date -u +%FT%TZ); $(bench_load)"
echo "the first run left a pattern cache in HOME/.cache/datavagt in $cached of $RUNS rounds"
echo "shared objects mapped for the scan (LD_DEBUG=files): $MAPPED"
python3 - "$WORK" "$RUNS" "$BASE" <<'PY'
import statistics, sys
import benchlib
work, runs, base = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rows = [("first", "datavagt, first run (fresh HOME, no ~/.cache)"), ("second", "datavagt, second run (same HOME)"),
        ("nohome", "datavagt, HOME=/nonexistent")]
if base:
    rows += [("base_first", "--base, first run"), ("base_second", "--base, second run"),
             ("base_nohome", "--base, HOME=/nonexistent")]
rows += [("rg", "rg -c (same file)")]
t = {n: benchlib.load_times(f"{work}/{n}.times") for n, _ in rows}
rg_wall, rg_cpu = t["rg"].median_wall(), t["rg"].median_cpu()
print(f"{'':<46} {'wall ms':>8} {'CPU ms':>8}  {'/ rg wall':>9} {'/ rg CPU':>9}  wall ms of every run")
for n, label in rows:
    w, c = t[n].median_wall(), t[n].median_cpu()
    print(f"{label:<46} {w * 1e3:8.1f} {c * 1e3:8.1f}  {w / rg_wall:9.1f} {c / max(rg_cpu, 1e-6):9.1f}  "
          f"{' '.join(f'{x * 1e3:.0f}' for x in t[n].wall)}")
w = t["second"].median_wall()
print(f"medians of {runs} alternated rounds; target (second run) <= 30 ms wall: "
      f"{'met' if w <= 0.030 else 'MISSED'} ({w * 1e3:.1f} ms)")
PY
