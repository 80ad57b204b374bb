#!/usr/bin/env bash
# The findings store's rescan target (issue 7): rescanning an unchanged tree of 100,000 small files with
# `scan --db` must take at most 2x `find TREE -printf '%s %T@ %p\n'` (walking and stat-ing only). Makes the tree
# (FILES small text files in 1,000 folders, 1 in 20 with a CPR number, 1 in 50 with a health term; or TREE=dir
# to use yours), scans it once into a fresh store, then alternates `find` and the rescan RUNS times and prints
# the medians and their ratio, and the first scan's time. Page cache warm for both (the first scan warms it).
#   bench/store_rescan.sh [RUNS]      (FILES=100000, THREADS= for -j, DATAVAGT=build-release/scanner/datavagt)
set -euo pipefail
BENCH=store_rescan
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_need /usr/bin/time=time
bench_datavagt
bench_workdir
RUNS="${1:-5}"
FILES="${FILES:-100000}"
THREADS="${THREADS:+-j $THREADS}"

if [[ -z "${TREE:-}" ]]; then
  TREE="$WORK/tree"
  log "making $FILES small files in $TREE"
  python3 - "$TREE" "$FILES" <<'PY'
import os, random, sys
root, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(7)
words = "sag borger møde notat aftale bevilling ansøgning status opfølgning kommune afdeling".split()
for i in range(n):
    d = os.path.join(root, f"afd{i % 50:02d}", f"mappe{i % 1000:03d}")
    os.makedirs(d, exist_ok=True)
    text = " ".join(rnd.choice(words) for _ in range(rnd.randint(20, 120))) + "\n"
    if i % 20 == 0:
        text += "Borgerens CPR-nr.: 150643-1006\n"
    if i % 50 == 0:
        text += "Borgeren har diabetes.\n"
    with open(os.path.join(d, f"fil{i:06d}.txt"), "w") as f:
        f.write(text)
PY
fi
export DATAVAGT_CACHE_DIR="$WORK/cache"
KEY="$WORK/key"
printf 'bench-key' >"$KEY"
DB="$WORK/store.db"
common=(scan -q --no-progress --key-file "$KEY" --db "$DB" $THREADS "$TREE")

log "first scan (into an empty store)"
bench_run first 1 "$DATAVAGT" "${common[@]}"
bench_run first_nostore 1 "$DATAVAGT" scan -q --no-progress --key-file "$KEY" $THREADS "$TREE"
for i in $(seq 1 "$RUNS"); do
  bench_run find "$i" find "$TREE" -printf '%s %T@ %p\n'
  bench_run rescan "$i" "$DATAVAGT" "${common[@]}"
done
grep -q 'unchanged' "$WORK/rescan.1.err" "$WORK/rescan.1.out" 2>/dev/null || true
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
f=$(cut -d' ' -f1 "$WORK/find.times" | median)
r=$(cut -d' ' -f1 "$WORK/rescan.times" | median)
rss=$(cut -d' ' -f2 "$WORK/rescan.times" | median)
cpu() { awk '{print $3 + $4}' "$WORK/$1.times" | median; }  # user + system seconds
fc=$(cpu find)
rc=$(cpu rescan)
first=$(cut -d' ' -f1 "$WORK/first.times")
plain=$(cut -d' ' -f1 "$WORK/first_nostore.times")
printf 'files %s, runs %s (medians, wall seconds)\n' "$(find "$TREE" -type f | wc -l)" "$RUNS"
printf '  find -printf      %6.2f s wall %6.2f s CPU\n' "$f" "$fc"
printf '  rescan --db       %6.2f s wall %6.2f s CPU   %.2fx find (wall), %.2fx (CPU)   peak RSS %d MB\n' \
  "$r" "$rc" "$(echo "$r / $f" | bc -l)" "$(echo "$rc / $fc" | bc -l)" $((rss / 1024))
printf '  load average at the end: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '  first scan --db   %6.2f s   (rescan = %.3f of it)\n' "$first" "$(echo "$r / $first" | bc -l)"
printf '  scan without --db %6.2f s\n' "$plain"
