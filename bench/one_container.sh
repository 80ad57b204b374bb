#!/usr/bin/env bash
# One big container, scanned with its members as parallel tasks (--member-tasks on) and without (off): does
# one file now keep both cores busy? Wall time, CPU time (user + sys), CPU / wall (the cores used) and the CPU
# time of each thread (bench/cpu_by_thread.py: on a shared machine the split shows what CPU / wall cannot),
# side by side, for ONE zip of text files (the corpus generator's share, text formats, packed with deflate)
# and ONE mbox (bench/gen_mbox.py, one file). Both from the page cache, two threads, CPR only.
#
#   bench/one_container.sh [--zip-size 200M] [--mbox-size 500M] [--dir /tmp/datavagt-bench-one] [--runs 3]
#   DATAVAGT=path/to/datavagt bench/one_container.sh ...
#
# The two settings must report the same: their JSON Lines are compared (byte for byte) before anything is timed.
# Exit 0 when they agree, 1 when not, 2 on a setup error.
set -euo pipefail
ZIP_SIZE=200M
MBOX_SIZE=500M
DIR=/tmp/datavagt-bench-one
RUNS=3
usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --zip-size) ZIP_SIZE="${2:?}"; shift 2 ;;
    --mbox-size) MBOX_SIZE="${2:?}"; shift 2 ;;
    --dir) DIR="${2:?}"; shift 2 ;;
    --runs) RUNS="${2:?}"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "one_container: unknown argument: $1" >&2; usage ;;
  esac
done
BENCH=one_container
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_datavagt

mkdir -p "$DIR"
WANT_ZIP="corpus/generate.py share text seed=23 size=$ZIP_SIZE one zip"
if [[ -f "$DIR/zip-marker" && "$(cat "$DIR/zip-marker")" == "$WANT_ZIP" ]]; then
  log "reusing $DIR/zip"
else
  log "generating $ZIP_SIZE of text files and packing them in one zip"
  rm -rf "$DIR/gen" "$DIR/zip" && mkdir -p "$DIR/zip"
  python3 "$ROOT/corpus/generate.py" --out "$DIR/gen" --seed 23 --size "$ZIP_SIZE" --profile share --formats text >/dev/null
  (cd "$DIR/gen/share" && python3 - "$DIR/zip/share.zip" <<'PY'
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for d, _, fs in sorted(os.walk(".")):
        for f in sorted(fs):
            p = os.path.join(d, f)
            z.write(p, os.fsencode(p[2:]).decode("utf-8", "replace"))
PY
  )
  rm -rf "$DIR/gen"
  printf '%s\n' "$WANT_ZIP" >"$DIR/zip-marker"
fi
WANT_MBOX="bench/gen_mbox.py seed=11 size=$MBOX_SIZE files=1"
if [[ -f "$DIR/mbox-marker" && "$(cat "$DIR/mbox-marker")" == "$WANT_MBOX" ]]; then
  log "reusing $DIR/mbox"
else
  log "generating one mbox of $MBOX_SIZE"
  rm -rf "$DIR/mbox-gen" "$DIR/mbox" && mkdir -p "$DIR/mbox"
  python3 "$ROOT/bench/gen_mbox.py" --out "$DIR/mbox-gen" --size "$MBOX_SIZE" --files 1 --seed 11
  mv "$DIR/mbox-gen/mail/"*.mbox "$DIR/mbox/" && rm -rf "$DIR/mbox-gen"
  printf '%s\n' "$WANT_MBOX" >"$DIR/mbox-marker"
fi
printf 'k' >"$DIR/key"
cat "$DIR/zip/"* "$DIR/mbox/"* >/dev/null

bench_workdir
run() {  # name input tasks run
  local rc=0
  python3 "$ROOT/bench/cpu_by_thread.py" "$WORK/$1.$3.$4.time" -- "$DATAVAGT" scan "$DIR/$2" --kinds cpr -j2 \
    --member-tasks "$3" --no-progress -q --key-file "$DIR/key" --jsonl "$WORK/$1.$3.$4.jsonl" \
    2>"$WORK/$1.$3.$4.err" || rc=$?
  [[ $rc -le 1 ]] || { echo "one_container: datavagt failed ($rc)" >&2; tail -3 "$WORK/$1.$3.$4.err" >&2; exit 2; }
  tail -1 "$WORK/$1.$3.$4.time" >>"$WORK/$1.$3.times"
}
status=0
for what in zip mbox; do
  log "$what: checking that tasks on and off report the same"
  run "$what" "$what" on check
  run "$what" "$what" off check
  # One file: the same records in the same order too (scan-start and scan-end name the run and its time).
  if ! cmp -s <(grep -v '^{"kind":"scan-' "$WORK/$what.on.check.jsonl") \
              <(grep -v '^{"kind":"scan-' "$WORK/$what.off.check.jsonl"); then
    echo "one_container: $what: --member-tasks on and off report differently" >&2
    status=1
  fi
  rm -f "$WORK/$what".*.times
  for ((i = 1; i <= RUNS; i++)); do
    log "$what run $i/$RUNS"
    run "$what" "$what" on "$i"
    run "$what" "$what" off "$i"
  done
done
python3 - "$WORK" "$DIR" <<'PY'
import os, statistics, sys
work, root = sys.argv[1], sys.argv[2]
print("one container, -j2, --kinds cpr, medians of wall, CPU = user + sys, cores = CPU / wall, threads = CPU s of"
      " the busiest threads")
for what in ("zip", "mbox"):
    size = sum(os.path.getsize(os.path.join(root, what, f)) for f in os.listdir(os.path.join(root, what)))
    res = {}
    for tasks in ("on", "off"):
        rows = [l.split() for l in open(f"{work}/{what}.{tasks}.times") if l.strip()]
        wall = statistics.median(float(r[0]) for r in rows)
        cpu = statistics.median(float(r[1]) for r in rows)
        rss = max(int(r[2]) for r in rows)
        threads = "/".join(rows[len(rows) // 2][3:5])
        res[tasks] = (wall, cpu, rss)
        print(f"{what:4} {size / 1e6:7.1f} MB  --member-tasks {tasks:3}  wall {wall:6.2f} s  CPU {cpu:6.2f} s  "
              f"cores {cpu / wall:4.2f}  threads {threads:>11}  {size / 1e6 / wall:6.1f} MB/s  peak RSS {rss / 1024:5.0f} MB")
    print(f"{what:4} speed-up of on over off: {res['off'][0] / res['on'][0]:.2f}x")
PY
exit $status
