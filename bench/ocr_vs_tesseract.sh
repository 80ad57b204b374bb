#!/usr/bin/env bash
# OCR: datavagt against the tesseract command line, on scanned letters made by the OCR test fixture script
# (tests/extractors/image/make_ocr_fixtures.py: an A4-width 300 dpi letter with a CPR number, as PNG pages).
#
#   bench/ocr_vs_tesseract.sh [--pages 100] [--runs 3] [--dir /tmp/datavagt-bench-ocr]
#   DATAVAGT=path/to/datavagt bench/ocr_vs_tesseract.sh ...
#
# Timed, alternated, medians of --runs:
#   per page:  datavagt scan ONE_PAGE -j1 --kinds cpr      tesseract ONE_PAGE - -l dan+eng (OMP_THREAD_LIMIT=1)
#              (CPU time, user+sys: datavagt also detects; both read the same picture)
#   a folder:  datavagt scan DIR -j2 --kinds cpr           for f in DIR/*; tesseract $f - -l dan+eng (sequential,
#              once per page, as an administrator would script it)
# The answer is checked: datavagt must find the CPR number of every page (via=ocr). Exit 0 when it does, 1 when
# not, 2 on a setup error. Needs tesseract-ocr, python3-pil, time.
set -euo pipefail
PAGES=100
RUNS=3
DIR=/tmp/datavagt-bench-ocr
usage() { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --pages) PAGES="${2:?}"; shift 2 ;;
    --runs) RUNS="${2:?}"; shift 2 ;;
    --dir) DIR="${2:?}"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "ocr_vs_tesseract: unknown argument: $1" >&2; usage ;;
  esac
done
BENCH=ocr_vs_tesseract
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_need tesseract=tesseract-ocr /usr/bin/time=time
bench_datavagt
bench_workdir

# The pages: the fixture letter made once, copied to PAGES files that differ by one pixel row (so no cache
# shortcut: each is its own picture).
if [[ ! -f "$DIR/pages/$(printf 'side%03d.png' "$PAGES")" && ! -f "$DIR/pages/side$((PAGES - 1)).png" ]]; then
  rm -rf "$DIR" && mkdir -p "$DIR/pages"
  /usr/bin/python3 "$ROOT/tests/extractors/image/make_ocr_fixtures.py" "$DIR/made" >&2
  /usr/bin/python3 - "$DIR/made/brev.png" "$DIR/pages" "$PAGES" <<'PY'
import sys
from PIL import Image
src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
page = Image.open(src)
for i in range(n):
    p = page.copy()
    p.putpixel((i % p.size[0], p.size[1] - 1), 128)
    p.save(f"{out}/side{i}.png", dpi=(300, 300))
PY
fi
ONE="$DIR/pages/side0.png"
key="$WORK/key"; head -c 32 /dev/urandom >"$key"; chmod 600 "$key"
export OMP_THREAD_LIMIT=1

# The answer first.
"$DATAVAGT" scan -q --no-progress --key-file "$key" --kinds cpr -j2 --jsonl "$WORK/answer.jsonl" "$DIR/pages" || true
found=$(grep -c '"via":"ocr"' "$WORK/answer.jsonl" || true)
log "datavagt found the CPR number by OCR on $found of $PAGES pages"

for ((i = 0; i < RUNS; i++)); do
  bench_run datavagt_page "$i" "$DATAVAGT" scan -q --no-progress --key-file "$key" --kinds cpr -j1 "$ONE"
  bench_run tesseract_page "$i" tesseract "$ONE" - -l dan+eng
  bench_run datavagt_folder "$i" "$DATAVAGT" scan -q --no-progress --key-file "$key" --kinds cpr -j2 "$DIR/pages"
  bench_run tesseract_folder "$i" bash -c 'for f in "$1"/*.png; do tesseract "$f" - -l dan+eng >/dev/null 2>&1; done' _ "$DIR/pages"
done
python3 - "$WORK" "$PAGES" <<'PY'
import sys, benchlib
work, pages = sys.argv[1], int(sys.argv[2])
t = {n: benchlib.load_times(f"{work}/{n}.times") for n in
     ("datavagt_page", "tesseract_page", "datavagt_folder", "tesseract_folder")}
dp, tp = t["datavagt_page"].median_cpu(), t["tesseract_page"].median_cpu()
df, tf = t["datavagt_folder"].median_wall(), t["tesseract_folder"].median_wall()
print(f"one page, CPU s (median):  datavagt {dp:.2f}  tesseract {tp:.2f}  ratio {tp / dp:.2f}x")
print(f"{pages} pages, wall s (median): datavagt -j2 {df:.1f}  tesseract sequential {tf:.1f}  ratio {tf / df:.2f}x")
print(f"CPU s for the folder: datavagt {t['datavagt_folder'].median_cpu():.1f}  tesseract {t['tesseract_folder'].median_cpu():.1f}")
PY
log "$(bench_load)"
[[ $found -ge $PAGES ]] || exit 1
