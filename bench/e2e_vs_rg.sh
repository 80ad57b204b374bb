#!/usr/bin/env bash
# End to end: datavagt with its default rules (CPR and every special category, what users run) against ripgrep
# and ugrep looking for the CPR shape, on the same generated tree of Danish municipal text, all reading from the
# page cache, two threads each; datavagt with CPR only is an extra line. Every answer is checked before any time
# is printed: datavagt's against the tree's truth.jsonl, rg's and ugrep's line counts against an independent
# count (bench/cpr_lines.py). Medians of wall and CPU time (user + sys) over --runs alternated runs.
#
#   bench/e2e_vs_rg.sh [--runs 5] [--size 160M] [--dir DIR] [--seed 7] [--by-class] [--size-classes SPEC]
#   bench/e2e_vs_rg.sh --tree text [--size 1G]        the old bench-text tree (filler free of dictionary words)
#   bench/e2e_vs_rg.sh --formats text,docx,xlsx,pptx,odt,ods,pdf,rtf [--size 100M]   the share with documents
#   DATAVAGT=path/to/datavagt bench/e2e_vs_rg.sh ...   (default build-release/scanner/datavagt; ./run bench)
#
# --tree realistic (the default): corpus/generate.py --profile bench-realistic, ~4,600 files of 1 KB-50 MB in
# five size classes, ~180 MB. --by-class: also each size class's subtree on its own (datavagt, CPR only, rg and
# an empty folder for the start-up), with the cost per file net of start-up.
# Exit status: 0 when every answer is right (whatever the speed), 1 when one is wrong, 2 on a setup error.
set -euo pipefail

TREE=realistic
SIZE=
DIR=
RUNS=5
SEED=7
FORMATS=
BY_CLASS=0
CLASSES=
THREADS=2
# The CPR shape the peers look for: DDMMYY, optional '-' or ' ', SSSS, with ASCII word boundaries (Unicode \b
# makes rg ~10x slower; see ../shared/reference/hyperscan.md). ugrep's own engine takes the same pattern with
# \b (its answer is checked to be the same lines).
RG_PATTERN='(?-u:\b)[0-3][0-9][01][0-9][0-9]{2}[- ]?[0-9]{4}(?-u:\b)'
UG_PATTERN='\b[0-3][0-9][01][0-9][0-9]{2}[- ]?[0-9]{4}\b'

usage() { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --tree) TREE="${2:?--tree needs realistic or text}"; shift 2 ;;
    --size) SIZE="${2:?--size needs a value}"; shift 2 ;;
    --dir) DIR="${2:?--dir needs a value}"; shift 2 ;;
    --runs) RUNS="${2:?--runs needs a value}"; shift 2 ;;
    --seed) SEED="${2:?--seed needs a value}"; shift 2 ;;
    --formats) FORMATS="${2:?--formats needs a list}"; TREE=share; shift 2 ;;
    --by-class) BY_CLASS=1; shift ;;
    --size-classes) CLASSES="${2:?--size-classes needs a spec}"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "e2e_vs_rg: unknown argument: $1" >&2; usage ;;
  esac
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "e2e_vs_rg: --runs must be a positive integer" >&2; exit 2; }
case "$TREE" in
  realistic) PROFILE=bench-realistic; SIZE=${SIZE:-160M}; DIR=${DIR:-/tmp/datavagt-bench-realistic} ;;
  text) PROFILE=bench-text; SIZE=${SIZE:-1G}; DIR=${DIR:-/tmp/datavagt-bench} ;;
  share) PROFILE=share; SIZE=${SIZE:-100M}; DIR=${DIR:-/tmp/datavagt-bench-share} ;;
  *) echo "e2e_vs_rg: --tree must be realistic or text" >&2; exit 2 ;;
esac
[[ $BY_CLASS == 0 || $TREE == realistic ]] || { echo "e2e_vs_rg: --by-class needs the realistic tree" >&2; exit 2; }
BENCH=e2e_vs_rg
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_need rg=ripgrep ugrep=ugrep /usr/bin/time=time python3=python3
bench_datavagt

# --- The tree (generated once; a marker records how) ----------------------------------------------------------
MARKER="$DIR/bench-marker"
gen=(--profile "$PROFILE" --seed "$SEED" --size "$SIZE")
[[ -z "$FORMATS" ]] || gen+=(--formats "$FORMATS")
[[ -z "$CLASSES" ]] || gen+=(--size-classes "$CLASSES")
WANT="corpus/generate.py ${gen[*]} (generator $(cat "$ROOT/corpus/generate.py" "$ROOT/corpus/documents.py" \
  "$ROOT/corpus/sensitive_sentences.tsv" | sha1sum | cut -c1-12))"
if [[ -f "$DIR/truth.jsonl" && -f "$MARKER" && "$(cat "$MARKER")" == "$WANT" ]]; then
  log "reusing $DIR ($WANT)"
else
  log "generating $DIR ($WANT)"
  mkdir -p "$DIR"
  rm -f "$MARKER" "$DIR/cpr-lines.json"
  python3 "$ROOT/corpus/generate.py" --out "$DIR" "${gen[@]}" --force >&2
  printf '%s\n' "$WANT" >"$MARKER"
fi
SHARE="$DIR/share"
BYTES=$(find "$SHARE" -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}')
FILES=$(find "$SHARE" -type f | wc -l)
# The lines the peers must find (documents are zips and PDF streams: not counted, not checked).
if [[ $TREE != share && ! -f "$DIR/cpr-lines.json" ]]; then
  log "counting the CPR-shaped lines the peers must find"
  python3 "$ROOT/bench/cpr_lines.py" "$SHARE" >"$DIR/cpr-lines.json.tmp" && mv "$DIR/cpr-lines.json.tmp" "$DIR/cpr-lines.json"
fi

log "warming the page cache ($FILES files, $((BYTES / 1000000)) MB)"
find "$SHARE" -type f -print0 | xargs -0 cat >/dev/null
bench_workdir
mkdir "$WORK/empty"

# --- The commands (TARGET: the folder; output to files, never /dev/null) --------------------------------------
dv_all() { bench_run "dv_all$2" "$1" "$DATAVAGT" scan "$3" --jsonl "$WORK/dv_all$2.$1.jsonl" --key-file "$DIR/key" --no-progress -q -j"$THREADS"; }
dv_cpr() { bench_run "dv_cpr$2" "$1" "$DATAVAGT" scan "$3" --jsonl "$WORK/dv_cpr$2.$1.jsonl" --key-file "$DIR/key" --no-progress -q -j"$THREADS" --kinds cpr; }
rg_cpr() { bench_run "rg$2" "$1" rg -j"$THREADS" -c "$RG_PATTERN" "$3"; }
ug_cpr() { bench_run "ugrep$2" "$1" ugrep -J"$THREADS" -r -c "$UG_PATTERN" "$3"; }

# check_answers SUFFIX ROOT UNDER RUN...: datavagt's outputs against the truth, the peers' line counts.
check_answers() {
  local suffix="$1" root="$2" under="$3" outs_all=() outs_cpr=() i
  shift 3
  for i in "$@"; do outs_all+=("$WORK/dv_all$suffix.$i.jsonl"); outs_cpr+=("$WORK/dv_cpr$suffix.$i.jsonl"); done
  python3 "$ROOT/bench/check_truth.py" --truth "$DIR/truth.jsonl" --root "$root" --under "$under" --kinds all \
    "${outs_all[@]}" >"$WORK/answer_all$suffix.txt" || { cat "$WORK/answer_all$suffix.txt" >&2; return 1; }
  python3 "$ROOT/bench/check_truth.py" --truth "$DIR/truth.jsonl" --root "$root" --under "$under" --kinds cpr \
    "${outs_cpr[@]}" >"$WORK/answer_cpr$suffix.txt" || { cat "$WORK/answer_cpr$suffix.txt" >&2; return 1; }
  [[ $TREE != share ]] || return 0
  python3 - "$DIR/cpr-lines.json" "$under" "$WORK" "$suffix" "$@" <<'PY'
import json, sys
want_all, under, work, suffix, runs = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
want = want_all["by_dir"].get(under, 0) if under else want_all["total"]
bad = False
for tool in ("rg", "ugrep"):
    for i in runs:
        try:  # "path:count" per file; a count of 0 may be listed or not
            with open(f"{work}/{tool}{suffix}.{i}.out", encoding="utf-8", errors="surrogateescape") as f:
                got = sum(int(l.rsplit(":", 1)[1]) for l in f if l.strip())
        except FileNotFoundError:  # not run this time
            continue
        if got != want:
            print(f"{tool} run {i}: {got} lines with the CPR shape, expected {want}", file=sys.stderr)
            bad = True
sys.exit(1 if bad else 0)
PY
}

log "datavagt: $DATAVAGT ($("$DATAVAGT" --version 2>/dev/null || echo 'version unknown'))"
log "peers: $(rg --version | sed -n 1p), $(ugrep --version | sed -n 1p | cut -d' ' -f1-2)"
log "checking every answer (untimed runs)"
dv_all check "" "$SHARE"; dv_cpr check "" "$SHARE"; rg_cpr check "" "$SHARE"; ug_cpr check "" "$SHARE"
rm -f "$WORK"/*.times
check_answers "" "$SHARE" "" check || { echo "e2e_vs_rg: WRONG ANSWER; no speed reported" >&2; exit 1; }
sed 's/^answer [^:]*:/datavagt, default rules:/' "$WORK/answer_all.txt" >&2
sed 's/^answer [^:]*:/datavagt, CPR only:/' "$WORK/answer_cpr.txt" >&2
LOAD_BEFORE=$(bench_load)

for ((i = 1; i <= RUNS; i++)); do
  log "run $i/$RUNS"
  dv_all "$i" "" "$SHARE"; rg_cpr "$i" "" "$SHARE"; ug_cpr "$i" "" "$SHARE"; dv_cpr "$i" "" "$SHARE"
done
check_answers "" "$SHARE" "" $(seq 1 "$RUNS") || { echo "e2e_vs_rg: WRONG ANSWER in a timed run; no speed reported" >&2; exit 1; }

# --- Report ---------------------------------------------------------------------------------------------------
echo "tree: $DIR ($PROFILE, seed $SEED, $FILES files, $((BYTES / 1000000)) MB); $(date -u +%FT%TZ); $LOAD_BEFORE before the runs, $(bench_load) after"
python3 - "$WORK" "$BYTES" <<'PY'
import sys
import benchlib
work, nbytes = sys.argv[1], int(sys.argv[2])
benchlib.print_table(work, [("dv_all", "datavagt (default rules)"), ("dv_cpr", "datavagt --kinds cpr"),
                            ("rg", "rg -j2 -c"), ("ugrep", "ugrep -J2 -r -c")], "dv_all", nbytes=nbytes)
t = {n: benchlib.load_times(f"{work}/{n}.times") for n in ("dv_all", "dv_cpr", "rg", "ugrep")}
def line(ours, peer, target, what):
    w = benchlib.ratio(t[peer].median_wall(), t[ours].median_wall())
    c = benchlib.ratio(t[peer].median_cpu(), t[ours].median_cpu())
    verdict = "met" if min(w, c) >= target else "MISSED"
    print(f"{what}: {peer}/datavagt = {w:.2f} wall, {c:.2f} CPU  (target >= {target}: {verdict})")
line("dv_all", "rg", 1.5, "default rules vs rg   ")
line("dv_all", "ugrep", 1.0, "default rules vs ugrep (stretch)")
line("dv_cpr", "rg", 1.5, "CPR only vs rg        ")
line("dv_cpr", "ugrep", 1.0, "CPR only vs ugrep     ")
PY
sed -n 1p "$WORK/answer_all.txt" | sed 's/^answer [^:]*:/answer, default rules (run 1):/'

# --- Per size class (issue 16 item 3) -------------------------------------------------------------------------
[[ $BY_CLASS == 1 ]] || exit 0
mapfile -t CLASS_DIRS < <(find "$SHARE" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort)
log "per size class: ${CLASS_DIRS[*]}"
for c in "${CLASS_DIRS[@]}"; do
  dv_all check ".$c" "$SHARE/$c"; dv_cpr check ".$c" "$SHARE/$c"; rg_cpr check ".$c" "$SHARE/$c"; ug_cpr check ".$c" "$SHARE/$c"
  check_answers ".$c" "$SHARE/$c" "$c" check || { echo "e2e_vs_rg: WRONG ANSWER on $c; no speed reported" >&2; exit 1; }
done
rm -f "$WORK"/*.times
for ((i = 1; i <= RUNS; i++)); do
  log "per class, run $i/$RUNS"
  dv_all "$i" .empty "$WORK/empty"; rg_cpr "$i" .empty "$WORK/empty"
  for c in "${CLASS_DIRS[@]}"; do dv_all "$i" ".$c" "$SHARE/$c"; rg_cpr "$i" ".$c" "$SHARE/$c"; dv_cpr "$i" ".$c" "$SHARE/$c"; done
done
for c in "${CLASS_DIRS[@]}"; do
  check_answers ".$c" "$SHARE/$c" "$c" $(seq 1 "$RUNS") || { echo "e2e_vs_rg: WRONG ANSWER on $c in a timed run" >&2; exit 1; }
done
python3 - "$WORK" "$SHARE" "${CLASS_DIRS[@]}" <<'PY'
import os, sys
import benchlib
work, share, classes = sys.argv[1], sys.argv[2], sys.argv[3:]
t = lambda n: benchlib.load_times(f"{work}/{n}.times")
e_dv, e_rg = t("dv_all.empty"), t("rg.empty")
print(f"\nper size class (each subtree scanned on its own; start-up = an empty folder: datavagt "
      f"{e_dv.median_wall() * 1e3:.0f} ms wall / {e_dv.median_cpu() * 1e3:.0f} ms CPU, rg "
      f"{e_rg.median_wall() * 1e3:.0f} ms / {e_rg.median_cpu() * 1e3:.0f} ms)")
print(f"{'class':<16} {'files':>6} {'MB':>7}  {'datavagt wall/CPU s':>20} {'CPR only':>9} {'rg wall/CPU s':>14}  "
      f"{'us/file net: dv':>15} {'rg':>6}  rg/dv wall CPU")
for c in classes:
    files, nbytes = 0, 0
    for dp, _, fns in os.walk(os.path.join(share, c)):
        for fn in fns:
            files += 1
            nbytes += os.path.getsize(os.path.join(dp, fn))
    dv, cpr, rg = t(f"dv_all.{c}"), t(f"dv_cpr.{c}"), t(f"rg.{c}")
    net = lambda x, e: max(0.0, x.median_wall() - e.median_wall()) / files * 1e6
    print(f"{c:<16} {files:>6} {nbytes / 1e6:>7.1f}  {dv.median_wall():>9.3f} / {dv.median_cpu():<8.3f} "
          f"{cpr.median_wall():>9.3f} {rg.median_wall():>6.3f} / {rg.median_cpu():<6.3f}  {net(dv, e_dv):>15.1f} "
          f"{net(rg, e_rg):>6.1f}  {benchlib.ratio(rg.median_wall(), dv.median_wall()):6.2f} "
          f"{benchlib.ratio(rg.median_cpu(), dv.median_cpu()):5.2f}")
print("us/file net: (median wall - the empty folder's) / files; rg/dv > 1: datavagt (default rules) faster")
PY
