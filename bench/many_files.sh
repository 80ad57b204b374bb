#!/usr/bin/env bash
# A share of many small files (issues 11, 12 and 16 item 3): corpus/generate.py --profile many-small, 100,000
# case notes, letters, minutes, lists and logs of a few hundred bytes to a few KB, in a municipality's folders
# (<forvaltning>/<afdeling>/<team>/<year>/), with mtimes spread over 2016-2026 and a few permission variants.
# Times, alternated, medians of wall and CPU time:
#   datavagt scan (default rules), and the same with EXTRA arguments if given (issue 11: --policy FILE costs
#   <= 3 %; issue 12: a rescan of the unchanged tree)
#   rg -j2 -c with the CPR shape, and find TREE -printf '%s %T@ %p\n' (the walk alone: issue 12's yardstick)
#   with --base BIN, an earlier datavagt too (default rules; before/after a change, side by side in one run)
# Each datavagt answer is checked against the tree's truth.jsonl first (the EXTRA run only when its output is
# still findings about the same files; pass --no-check-extra when EXTRA changes what is reported).
#
#   bench/many_files.sh [--files 100000] [--dir DIR] [--runs 5] [--seed 11] [--base BIN] [--no-check-extra]
#                       [-- EXTRA ...]
#   DATAVAGT=path/to/datavagt bench/many_files.sh ...   (default build-release/scanner/datavagt)
#
# Exit 0 when the answers are right, 1 when not, 2 on a setup error. Generating 100,000 files takes a few
# minutes (once; a marker keeps the tree).
set -euo pipefail
FILES=100000
DIR=
RUNS=5
SEED=11
CHECK_EXTRA=1
EXTRA=()
BASE=
RG_PATTERN='(?-u:\b)[0-3][0-9][01][0-9][0-9]{2}[- ]?[0-9]{4}(?-u:\b)'
usage() { sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --files) FILES="${2:?}"; shift 2 ;;
    --dir) DIR="${2:?}"; shift 2 ;;
    --runs) RUNS="${2:?}"; shift 2 ;;
    --seed) SEED="${2:?}"; shift 2 ;;
    --base) BASE="${2:?}"; shift 2 ;;
    --no-check-extra) CHECK_EXTRA=0; shift ;;
    --) shift; EXTRA=("$@"); break ;;
    -h|--help) usage ;;
    *) echo "many_files: unknown argument: $1" >&2; usage ;;
  esac
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "many_files: --runs must be a positive integer" >&2; exit 2; }
DIR=${DIR:-/tmp/datavagt-bench-many-$FILES}
BENCH=many_files
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_need rg=ripgrep /usr/bin/time=time python3=python3
bench_datavagt

MARKER="$DIR/bench-marker"
WANT="corpus/generate.py --profile many-small --files $FILES --seed $SEED (generator $(cat "$ROOT/corpus/generate.py" \
  "$ROOT/corpus/sensitive_sentences.tsv" | sha1sum | cut -c1-12))"
if [[ -f "$DIR/truth.jsonl" && -f "$MARKER" && "$(cat "$MARKER")" == "$WANT" ]]; then
  log "reusing $DIR"
else
  log "generating $DIR ($WANT)"
  mkdir -p "$DIR"
  rm -f "$MARKER"
  python3 "$ROOT/corpus/generate.py" --out "$DIR" --profile many-small --files "$FILES" --seed "$SEED" --force >&2
  printf '%s\n' "$WANT" >"$MARKER"
fi
SHARE="$DIR/share"
BYTES=$(find "$SHARE" -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}')
log "warming the page cache ($FILES files, $((BYTES / 1000000)) MB)"
find "$SHARE" -type f -print0 | xargs -0 cat >/dev/null
bench_workdir

dv() { bench_run dv "$1" "$DATAVAGT" scan "$SHARE" --jsonl "$WORK/dv.$1.jsonl" --key-file "$DIR/key" --no-progress -q -j2; }
dv_extra() { bench_run dv_extra "$1" "$DATAVAGT" scan "$SHARE" --jsonl "$WORK/dv_extra.$1.jsonl" --key-file "$DIR/key" --no-progress -q -j2 "${EXTRA[@]}"; }
dv_base() { bench_run dv_base "$1" "$BASE" scan "$SHARE" --jsonl "$WORK/dv_base.$1.jsonl" --key-file "$DIR/key" --no-progress -q -j2; }
rg_cpr() { bench_run rg "$1" rg -j2 -c "$RG_PATTERN" "$SHARE"; }
walk() { bench_run find "$1" find "$SHARE" -printf '%s %T@ %p\n'; }

log "checking the answers"
dv check
python3 "$ROOT/bench/check_truth.py" --truth "$DIR/truth.jsonl" --root "$SHARE" "$WORK/dv.check.jsonl" >&2 ||
  { echo "many_files: WRONG ANSWER" >&2; exit 1; }
if [[ ${#EXTRA[@]} -gt 0 ]]; then
  dv_extra check
  if [[ $CHECK_EXTRA == 1 ]]; then
    python3 "$ROOT/bench/check_truth.py" --truth "$DIR/truth.jsonl" --root "$SHARE" "$WORK/dv_extra.check.jsonl" >&2 ||
      { echo "many_files: WRONG ANSWER with ${EXTRA[*]}" >&2; exit 1; }
  fi
fi
if [[ -n $BASE ]]; then
  [[ -x $BASE ]] || { echo "many_files: --base $BASE is not an executable" >&2; exit 2; }
  dv_base check
  python3 "$ROOT/bench/check_truth.py" --truth "$DIR/truth.jsonl" --root "$SHARE" "$WORK/dv_base.check.jsonl" >&2 ||
    { echo "many_files: WRONG ANSWER from --base" >&2; exit 1; }
fi
rm -f "$WORK"/*.times
for ((i = 1; i <= RUNS; i++)); do
  log "run $i/$RUNS"
  [[ -z $BASE ]] || dv_base "$i"
  dv "$i"
  [[ ${#EXTRA[@]} -eq 0 ]] || dv_extra "$i"
  rg_cpr "$i"
  walk "$i"
done
echo "$FILES files, $((BYTES / 1000000)) MB ($DIR); $(date -u +%FT%TZ); $(bench_load)"
tools=(dv="datavagt scan (default rules)")
[[ -z $BASE ]] || tools+=(dv_base="--base: datavagt scan (default rules)")
[[ ${#EXTRA[@]} -eq 0 ]] || tools+=(dv_extra="datavagt scan ${EXTRA[*]}")
tools+=(rg="rg -j2 -c" find="find -printf '%s %T@ %p\\n'")
python3 "$ROOT/bench/benchlib.py" table "$WORK" dv "$BYTES" "${tools[@]}"
python3 - "$WORK" "$FILES" <<'PY'
import sys
import benchlib
work, files = sys.argv[1], int(sys.argv[2])
for name in ("dv", "dv_base", "dv_extra", "rg", "find"):
    try:
        t = benchlib.load_times(f"{work}/{name}.times")
    except FileNotFoundError:
        continue
    print(f"{name:>8}: {t.median_wall() / files * 1e6:6.1f} us wall, {t.median_cpu() / files * 1e6:6.1f} us CPU per file")
PY
