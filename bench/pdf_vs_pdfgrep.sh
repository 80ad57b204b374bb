#!/usr/bin/env bash
# A folder of PDFs: datavagt (CPR only, two threads) against pdfgrep with the CPR regex, on the same files
# from the page cache. The PDFs are made once by LibreOffice from the corpus generator's case notes.
#
#   bench/pdf_vs_pdfgrep.sh [--docs 200] [--dir /tmp/datavagt-bench-pdf] [--runs 3]
#   bench/pdf_vs_pdfgrep.sh --generated [--size 6M] ...   # PDFs written by the corpus generator, no LibreOffice
#   DATAVAGT=path/to/datavagt bench/pdf_vs_pdfgrep.sh ...
#
# --generated: corpus/generate.py --formats pdf writes the PDFs (Helvetica text, several pages, half of them
# Flate-compressed) and the answer is checked against its truth.jsonl (recall and precision must be 1).
#
# The answer is checked first: the CPR fingerprints datavagt finds in each PDF are compared with those it finds
# in the text file the PDF was made from (recall of the PDF path; line wrapping can split a number). Timed:
#   datavagt scan DIR/pdf --kinds cpr -j2          pdfgrep -r -c -P REGEX DIR/pdf (one process)
#   find … | xargs -P2 pdfgrep -c -P REGEX           (two processes: pdfgrep on two cores)
# Exit 0 when the recall is at least 0.95, 1 otherwise, 2 on a setup error. Needs libreoffice-writer-nogui,
# pdfgrep and time (installed with apt-get when run as root); --generated needs no LibreOffice.
set -euo pipefail
DOCS=200
DIR=/tmp/datavagt-bench-pdf
RUNS=3
usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
GENERATED=0
SIZE=6M
while [[ $# -gt 0 ]]; do
  case "$1" in
    --docs) DOCS="${2:?}"; shift 2 ;;
    --generated) GENERATED=1; shift ;;
    --size) SIZE="${2:?}"; shift 2 ;;
    --dir) DIR="${2:?}"; shift 2 ;;
    --runs) RUNS="${2:?}"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "pdf_vs_pdfgrep: unknown argument: $1" >&2; usage ;;
  esac
done
BENCH=pdf_vs_pdfgrep
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_need pdfgrep=pdfgrep /usr/bin/time=time
[[ $GENERATED == 1 ]] || bench_need soffice=libreoffice-writer-nogui
bench_datavagt
REGEX=$CPR_REGEX

MARKER="$DIR/bench-marker"
WANT="corpus/generate.py share seed=13 docs=$DOCS via soffice"
PDFDIR="$DIR/pdf"
if [[ $GENERATED == 1 ]]; then
  DIR="$DIR-generated"
  MARKER="$DIR/bench-marker"
  PDFDIR="$DIR/share"
  WANT="corpus/generate.py (documents.py) share seed=13 size=$SIZE formats=pdf"
  if [[ -f "$MARKER" && -f "$DIR/truth.jsonl" && "$(cat "$MARKER")" == "$WANT" ]]; then
    log "reusing $DIR"
  else
    log "generating PDFs in $DIR ($WANT)"
    mkdir -p "$DIR" && rm -f "$MARKER"
    python3 "$ROOT/corpus/generate.py" --out "$DIR" --seed 13 --size "$SIZE" --formats pdf --force >&2
    printf '%s\n' "$WANT" >"$MARKER"
  fi
elif [[ -f "$MARKER" && "$(cat "$MARKER")" == "$WANT" ]]; then
  log "reusing $DIR"
else
  log "making $DOCS PDFs in $DIR (LibreOffice)"
  rm -rf "$DIR" && mkdir -p "$DIR/txt" "$DIR/pdf"
  python3 "$ROOT/corpus/generate.py" --out "$DIR/gen" --seed 13 --size 40M --profile share >/dev/null
  # UTF-8 case notes of 10 KB or more, renamed doc_N.txt (LibreOffice reads them as text documents).
  i=0
  while IFS= read -r f && [[ $i -lt $DOCS ]]; do
    if iconv -f utf-8 -t utf-8 "$f" >/dev/null 2>&1; then i=$((i + 1)); cp "$f" "$DIR/txt/doc_$i.txt"; fi
  done < <(find "$DIR/gen/share" -name '*.txt' -size +10k | sort)
  soffice --headless --convert-to pdf --outdir "$DIR/pdf" "$DIR"/txt/*.txt >/dev/null 2>&1
  printf '%s\n' "$WANT" >"$MARKER"
fi
PDFS=$(find "$PDFDIR" -name '*.pdf' | wc -l)
BYTES=$(find "$PDFDIR" -name '*.pdf' -printf '%s\n' | awk '{s += $1} END {print s + 0}')
[[ $GENERATED == 1 ]] || printf 'k' >"$DIR/key"
find "$PDFDIR" -type f -print0 | xargs -0 cat >/dev/null

bench_workdir
dv() { bench_run datavagt "$1" "$DATAVAGT" scan "$PDFDIR" --kinds cpr -j2 --no-progress -q --key-file "$DIR/key" --jsonl "$WORK/dv.$1.jsonl"; }
pg1() { bench_run pdfgrep "$1" pdfgrep -r -c -P "$REGEX" "$PDFDIR"; }
pg2() { bench_run pdfgrep_P2 "$1" bash -c 'find "$1" -name "*.pdf" -print0 | xargs -0 -n 8 -P 2 pdfgrep -c -H -P "$2"' _ "$PDFDIR" "$REGEX"; }

if [[ $GENERATED == 1 ]]; then
log "checking the answer against $DIR/truth.jsonl"
dv check
python3 "$ROOT/bench/check_truth.py" --truth "$DIR/truth.jsonl" --root "$PDFDIR" --kinds cpr "$WORK/dv.check.jsonl" >&2 ||
  { echo "pdf_vs_pdfgrep: WRONG ANSWER" >&2; exit 1; }
else
log "checking the answer: CPRs in each PDF vs in its text file"
dv check
"$DATAVAGT" scan "$DIR/txt" --kinds cpr -j2 --no-progress -q --key-file "$DIR/key" --jsonl "$WORK/txt.jsonl" || true
python3 - "$WORK/dv.check.jsonl" "$WORK/txt.jsonl" <<'PY' || { echo "pdf_vs_pdfgrep: WRONG ANSWER (recall < 0.95)" >&2; exit 1; }
import os, sys
import benchlib
def load(p):  # CPR fingerprints by file name; note records (a scanned page without text) carry none
    out, records = {}, benchlib.read_jsonl(p)
    for r in benchlib.errors(records):
        print("  error:", r.get("path"), r.get("reason"), r.get("detail"), file=sys.stderr)
    for r in benchlib.findings(records):
        if "fingerprint" in r:
            out.setdefault(os.path.splitext(os.path.basename(r["path"]))[0], set()).add(r["fingerprint"])
    return out
pdf, txt = load(sys.argv[1]), load(sys.argv[2])
want = sum(len(v) for v in txt.values())
got = sum(len(v & pdf.get(k, set())) for k, v in txt.items())
extra = sum(len(v - txt.get(k, set())) for k, v in pdf.items())
print(f"answer: {got}/{want} CPRs of the text files found in their PDFs (recall {got / max(want, 1):.3f}), "
      f"{extra} only in the PDFs", file=sys.stderr)
sys.exit(0 if want and got / want >= 0.95 else 1)
PY
fi
rm -f "$WORK"/*.times
for ((i = 1; i <= RUNS; i++)); do log "run $i/$RUNS"; dv "$i"; pg1 "$i"; pg2 "$i"; done
echo "$PDFS PDFs, $((BYTES / 1000000)) MB; $(date -u +%FT%TZ); $(bench_load)"
python3 "$ROOT/bench/benchlib.py" table "$WORK" datavagt "$BYTES" datavagt="datavagt scan --kinds cpr -j2" \
  pdfgrep="pdfgrep -r -c -P (one process)" pdfgrep_P2="xargs -P2 pdfgrep -c -P (two processes)"
