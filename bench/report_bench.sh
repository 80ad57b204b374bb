#!/usr/bin/env bash
# The DPO's report at scale: a synthetic store with FILES files with findings (default 50,000: about 100,000
# findings, bench/make_report_store.cpp), then `report --html` and `report --csv` (time, peak memory, size;
# median of RUNS), then the page in headless Chromium: time to first render and to filter (median of RUNS
# loads; report_page_timing.py). Targets (issue 13): first render <= 2 s, a filter <= 200 ms.
#   bench/report_bench.sh [FILES] [RUNS]      (after ./run bench, or with DATAVAGT=…/datavagt MAKE_STORE=…)
set -euo pipefail
BENCH=report_bench
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
FILES="${1:-50000}"
RUNS="${2:-3}"
bench_need /usr/bin/chromium=chromium /usr/bin/chromedriver=chromium-driver /usr/bin/time=time
bench_datavagt
MAKE_STORE="${MAKE_STORE:-$ROOT/build-release/bench/make_report_store}"
[[ -x "$MAKE_STORE" ]] || { echo "$BENCH: not executable: $MAKE_STORE (./run bench builds it)" >&2; exit 2; }
bench_workdir

log "writing a synthetic store with $FILES files with findings"
read -r files findings < <("$MAKE_STORE" "$WORK/store.db" "$FILES")
log "$files files, $findings findings"
for i in $(seq "$RUNS"); do
  bench_run html "$i" "$DATAVAGT" report --db "$WORK/store.db" --html "$WORK/report.html"
  bench_run csv "$i" "$DATAVAGT" report --db "$WORK/store.db" --csv "$WORK/report.csv"
done
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
html_s=$(cut -d' ' -f1 "$WORK/html.times" | median); html_kb=$(cut -d' ' -f2 "$WORK/html.times" | median)
csv_s=$(cut -d' ' -f1 "$WORK/csv.times" | median)
html_mb=$(du -m "$WORK/report.html" | cut -f1); csv_mb=$(du -m "$WORK/report.csv" | cut -f1)
rows=$(($(wc -l <"$WORK/report.csv") - 1))
[[ $rows -eq $files ]] || { echo "$BENCH: the CSV has $rows rows, the store $files files with findings" >&2; exit 2; }
log "page timings in Chromium ($RUNS loads)"
page=$(/usr/bin/python3 "$ROOT/bench/report_page_timing.py" "$WORK/report.html" "$RUNS")
printf 'files %s  findings %s\n' "$files" "$findings"
printf 'report --html  %s s  peak %s MB  file %s MB\n' "$html_s" "$((html_kb / 1024))" "$html_mb"
printf 'report --csv   %s s  file %s MB\n' "$csv_s" "$csv_mb"
printf 'page           %s\n' "$page"
