#!/usr/bin/env bash
# Memory flat in findings (issue 16 item 5): a zip of 400 CSV lists holding 50,000 valid CPR numbers must scan
# with a peak RSS of the whole process tree (supervisor + workers, summed) of at most 96 MiB on 2 threads.
# Checks the answer first (50,000 CPR occurrences found, no error), then prints the median peak summed RSS and
# wall/CPU time of RUNS runs for --workers in-process (the default) and processes; with BASE=binary the same
# for that binary, alternated. A file with no CPR at all gives the floor (rules, libraries, threads).
#   bench/findings_memory.sh [RUNS]   (DATAVAGT=build-release/scanner/datavagt, BASE=)
set -euo pipefail
BENCH=findings_memory
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_datavagt
bench_workdir
RUNS="${1:-5}"
python3 - "$WORK" <<'PY'
import random, sys, zipfile
work = sys.argv[1]
rnd = random.Random(5)
words = ("sagen borgeren mødet notatet aftalen bevillingen ansøgningen status opfølgning kommunen afdelingen "
         "hjemmeplejen sagsbehandleren tilbuddet ydelsen").split()
def cpr():  # valid mod 11, distinct enough: 50,000 different people
    while True:
        s = f"{rnd.randint(1, 28):02d}{rnd.randint(1, 12):02d}{rnd.randint(40, 99):02d}4{rnd.randint(0, 999):03d}"
        if sum(int(c) * w for c, w in zip(s, [4, 3, 2, 7, 6, 5, 4, 3, 2, 1])) % 11 == 0:
            return s[:6] + "-" + s[6:]
lists = []
for m in range(400):
    rows = ["navn;cpr;adresse;note"]
    rows += [f"Borger {m}-{r};@CPR@;Vej {r};{' '.join(rnd.choice(words) for _ in range(6))}" for r in range(125)]
    lists.append((f"udtraek/liste{m:03d}.csv", "\n".join(rows) + "\n"))
with zipfile.ZipFile(f"{work}/cprs.zip", "w", zipfile.ZIP_DEFLATED) as z:
    for name, text in lists:
        while "@CPR@" in text:
            text = text.replace("@CPR@", cpr(), 1)
        z.writestr(name, text)
with zipfile.ZipFile(f"{work}/floor.zip", "w", zipfile.ZIP_DEFLATED) as z:
    for name, text in lists:
        z.writestr(name, text.replace("@CPR@", "ukendt"))
PY
export DATAVAGT_CACHE_DIR="$WORK/cache"
head -c 32 /dev/urandom | base64 >"$WORK/key"
chmod 600 "$WORK/key"
binaries=("datavagt=$DATAVAGT")
[[ -n "${BASE:-}" ]] && binaries+=("base=$BASE")
scan() {  # NAME I BINARY WORKERS FILE
  python3 "$ROOT/bench/timed.py" --tree-rss "$WORK/$1.times" -- "$3" scan -q --no-progress -j 2 --workers "$4" \
    --key-file "$WORK/key" --jsonl "$WORK/$1.$2.jsonl" "$5" >/dev/null
}
for b in "${binaries[@]}"; do  # the answer first
  scan "check_${b%%=*}" 1 "${b#*=}" in-process "$WORK/cprs.zip"
  python3 - "$WORK/check_${b%%=*}.1.jsonl" <<'PY'
import json, sys
end = [json.loads(l) for l in open(sys.argv[1]) if '"scan-end"' in l][0]
found = end["occurrences_by_kind"].get("cpr", 0)
if found != 50000 or end["files_with_problems"]:
    sys.exit(f"findings_memory: wrong answer: {found} CPR occurrences of 50,000, {end['files_with_problems']} errors")
PY
done
for i in $(seq 1 "$RUNS"); do
  for b in "${binaries[@]}"; do
    for w in in-process processes; do scan "${b%%=*}_$w" "$i" "${b#*=}" "$w" "$WORK/cprs.zip"; done
    scan "${b%%=*}_floor" "$i" "${b#*=}" in-process "$WORK/floor.zip"
  done
done
log "$(bench_load)"
python3 - "$WORK" "${binaries[@]}" <<'PY'
import statistics, sys
work, names = sys.argv[1], [b.split("=")[0] for b in sys.argv[2:]]
print(f"{'':28} {'peak summed RSS':>16} {'wall s':>7} {'CPU s':>6}   (medians; target: <= 96 MiB)")
for n in names:
    for w, label in (("in-process", "50,000 CPRs, in-process"), ("processes", "50,000 CPRs, processes"),
                     ("floor", "no CPR (the floor)")):
        rows = [l.split() for l in open(f"{work}/{n}_{w}.times") if l.strip()]
        rss = statistics.median(int(r[4]) for r in rows) / 1024
        wall = statistics.median(float(r[0]) for r in rows)
        cpu = statistics.median(float(r[2]) + float(r[3]) for r in rows)
        print(f"{n + ' ' + label:28} {rss:12.1f} MiB {wall:7.2f} {cpu:6.2f}")
PY
