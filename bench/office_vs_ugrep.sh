#!/usr/bin/env bash
# A folder of DOCX and XLSX files: datavagt (CPR only, two threads) against `ugrep -z` with the CPR regex (ugrep
# only decompresses the zip members and greps the XML; it does not parse it), on the same files from the page
# cache. The files are written once by the corpus generator itself (corpus/generate.py --formats docx,xlsx:
# case notes, letters and invoices as DOCX with runs, tables, headers and comments; class lists, exports and
# bookkeeping as XLSX with shared and inline strings and CPRs stored as numbers), so no LibreOffice is needed.
#
#   bench/office_vs_ugrep.sh [--size 6M] [--dir /tmp/datavagt-bench-office] [--runs 3]
#   DATAVAGT=path/to/datavagt bench/office_vs_ugrep.sh ...
#
# The answer is checked first, against the generator's truth.jsonl: every planted CPR found (recall), nothing
# else reported (precision), no error. Timed, alternated, two threads each:
#   datavagt scan DIR/share --kinds cpr -j2           ugrep -z -r -c -J2 -P REGEX DIR/share
# Exit 0 when recall and precision are 1, 1 otherwise, 2 on a setup error. Needs python3, ugrep and time
# (installed with apt-get when run as root).
set -euo pipefail
SIZE=6M
DIR=/tmp/datavagt-bench-office
RUNS=3
SEED=13
usage() { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --size) SIZE="${2:?}"; shift 2 ;;
    --dir) DIR="${2:?}"; shift 2 ;;
    --runs) RUNS="${2:?}"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "office_vs_ugrep: unknown argument: $1" >&2; usage ;;
  esac
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "office_vs_ugrep: --runs must be a positive integer" >&2; exit 2; }
BENCH=office_vs_ugrep
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_need ugrep=ugrep /usr/bin/time=time
command -v python3 >/dev/null || { echo "office_vs_ugrep: python3 is needed (corpus generator, answer check)" >&2; exit 2; }
bench_datavagt
REGEX=$CPR_REGEX

MARKER="$DIR/bench-marker"
WANT="corpus/generate.py (documents.py) share seed=$SEED size=$SIZE formats=docx,xlsx"
if [[ -f "$MARKER" && -f "$DIR/truth.jsonl" && "$(cat "$MARKER")" == "$WANT" ]]; then
  log "reusing $DIR"
else
  log "generating DOCX/XLSX files in $DIR ($WANT)"
  mkdir -p "$DIR"
  rm -f "$MARKER"
  python3 "$ROOT/corpus/generate.py" --out "$DIR" --seed "$SEED" --size "$SIZE" --profile share \
    --formats docx,xlsx --force >&2
  printf '%s\n' "$WANT" >"$MARKER"
fi
SHARE="$DIR/share"
FILES=$(find "$SHARE" -type f | wc -l)
DOCX=$(find "$SHARE" -type f -name '*.docx' | wc -l)
BYTES=$(find "$SHARE" -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}')
find "$SHARE" -type f -print0 | xargs -0 cat >/dev/null

bench_workdir
dv() { bench_run datavagt "$1" "$DATAVAGT" scan "$SHARE" --kinds cpr -j2 --no-progress -q --key-file "$DIR/key" --jsonl "$WORK/dv.$1.jsonl"; }
ug() { bench_run ugrep "$1" ugrep -z -r -c -J2 -P "$REGEX" "$SHARE"; }

log "checking the answer against $DIR/truth.jsonl"
dv check
python3 "$ROOT/bench/check_truth.py" --truth "$DIR/truth.jsonl" --root "$SHARE" --kinds cpr "$WORK/dv.check.jsonl" >&2 ||
  { echo "office_vs_ugrep: WRONG ANSWER" >&2; exit 1; }
rm -f "$WORK"/*.times
for ((i = 1; i <= RUNS; i++)); do log "run $i/$RUNS"; dv "$i"; ug "$i"; done
echo "$FILES DOCX/XLSX files ($DOCX DOCX), $((BYTES / 1000000)) MB; $(date -u +%FT%TZ); $(bench_load)"
python3 "$ROOT/bench/benchlib.py" table "$WORK" datavagt "$BYTES" datavagt="datavagt scan --kinds cpr -j2" \
  ugrep="ugrep -z -r -c -J2 -P"
