#!/usr/bin/env bash
# A tree of mbox files: datavagt (CPR only, two threads) against `ugrep -z -r -c` with the CPR regex, on the
# same files from the page cache. ugrep greps the raw mbox: it sees CPR numbers in 8-bit bodies, not in base64
# attachments nor across quoted-printable soft line breaks; datavagt decodes every message and attachment.
#
#   bench/mbox_vs_ugrep.sh [--size 1G] [--files 8] [--dir /tmp/datavagt-bench-mbox] [--runs 3] [--big 2G]
#   DATAVAGT=path/to/datavagt bench/mbox_vs_ugrep.sh ...
#
# The tree is made once by bench/gen_mbox.py (seed 11) with its ground truth. The answer is checked first: every
# planted CPR must be reported in its message (`archive_N.mbox!/<index> …`, attachments below it) with the
# message's date, and nothing else. Timed, alternated, two threads each:
#   datavagt scan DIR/mail --kinds cpr -j2          ugrep -z -r -c -J2 -P REGEX DIR/mail
# --big SIZE also scans one mbox of SIZE (made once in DIR-big) and prints datavagt's peak memory.
# Exit 0 when the answer is right, 1 otherwise, 2 on a setup error. Needs ugrep and time (installed with
# apt-get when run as root).
set -euo pipefail
SIZE=1G
FILES=8
DIR=/tmp/datavagt-bench-mbox
RUNS=3
BIG=
usage() { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --size) SIZE="${2:?}"; shift 2 ;;
    --files) FILES="${2:?}"; shift 2 ;;
    --dir) DIR="${2:?}"; shift 2 ;;
    --runs) RUNS="${2:?}"; shift 2 ;;
    --big) BIG="${2:?}"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "mbox_vs_ugrep: unknown argument: $1" >&2; usage ;;
  esac
done
BENCH=mbox_vs_ugrep
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_need ugrep=ugrep /usr/bin/time=time
bench_datavagt
REGEX=$CPR_REGEX

make_tree() {  # dir size files
  local want="bench/gen_mbox.py seed=11 size=$2 files=$3"
  if [[ -f "$1/bench-marker" && "$(cat "$1/bench-marker")" == "$want" ]]; then
    log "reusing $1"
  else
    log "generating $2 of mbox in $3 files in $1"
    rm -rf "$1" && mkdir -p "$1"
    python3 "$ROOT/bench/gen_mbox.py" --out "$1" --size "$2" --files "$3" --seed 11
    printf '%s\n' "$want" >"$1/bench-marker"
  fi
}
make_tree "$DIR" "$SIZE" "$FILES"
BYTES=$(find "$DIR/mail" -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}')
NFILES=$(find "$DIR/mail" -type f | wc -l)
printf 'k' >"$DIR/key"
find "$DIR/mail" -type f -print0 | xargs -0 cat >/dev/null

bench_workdir
dv() { bench_run datavagt "$1" "$DATAVAGT" scan "$DIR/mail" --kinds cpr -j2 --no-progress -q --key-file "$DIR/key" --jsonl "$WORK/dv.$1.jsonl"; }
ug() { bench_run ugrep "$1" ugrep -z -r -c -J2 -P "$REGEX" "$DIR/mail"; }

log "checking the answer against $DIR/truth.jsonl"
dv check
ug check
python3 - "$DIR" "$WORK/dv.check.jsonl" "$WORK/ugrep.check.out" <<'PY' || { echo "mbox_vs_ugrep: WRONG ANSWER" >&2; exit 1; }
import json, os, sys
import benchlib
root, dv, ug = sys.argv[1], sys.argv[2], sys.argv[3]
truth = [json.loads(l) for l in open(os.path.join(root, "truth.jsonl"))]
found = benchlib.read_jsonl(dv)
errors = benchlib.errors(found)
cprs = [r for r in benchlib.findings(found) if r["kind"] == "cpr"]
hit, missing = 0, []
for t in truth:
    prefix = os.path.join(root, t["file"]) + "!/" + str(t["message"]) + " "
    masked = t["digits"][:6] + "-XXXX"
    ok = any(r["location"].startswith(prefix) and r["masked"] == masked and "date" in r and
             r["location"].endswith("!/bilag.txt") == (t["where"] == "attachment") for r in cprs)
    hit += ok
    if not ok:
        missing.append(t)
extra = len(cprs) - hit
body = sum(t["where"] == "body" for t in truth)
ug_count = sum(int(l.rsplit(":", 1)[1]) for l in open(ug) if ":" in l)
print(f"answer: datavagt {hit}/{len(truth)} planted CPRs in their messages ({body} in bodies, "
      f"{len(truth) - body} in base64 attachments), {extra} other findings, {len(errors)} errors; "
      f"ugrep counts {ug_count} matching lines", file=sys.stderr)
for m in missing[:5]:
    print("  missing:", m, file=sys.stderr)
for e in errors[:5]:
    print("  error:", e.get("location", e.get("path")), e.get("reason"), e.get("detail"), file=sys.stderr)
sys.exit(0 if hit == len(truth) and extra == 0 and not errors else 1)
PY
rm -f "$WORK"/*.times
for ((i = 1; i <= RUNS; i++)); do log "run $i/$RUNS"; dv "$i"; ug "$i"; done
echo "$NFILES mbox files, $((BYTES / 1000000)) MB; $(date -u +%FT%TZ); $(bench_load)"
python3 "$ROOT/bench/benchlib.py" table "$WORK" datavagt "$BYTES" datavagt="datavagt scan --kinds cpr -j2" \
  ugrep="ugrep -z -r -c -J2 -P"

if [[ -n "$BIG" ]]; then
  make_tree "$DIR-big" "$BIG" 1
  BIGBYTES=$(stat -c %s "$DIR-big/mail/archive_1.mbox")
  log "one mbox of $BIGBYTES bytes"
  /usr/bin/time -f '%e %M' -o "$WORK/big.time" "$DATAVAGT" scan "$DIR-big/mail" --kinds cpr -j2 --no-progress -q \
    --key-file "$DIR/key" --jsonl "$WORK/big.jsonl" || [[ $? -le 1 ]]
  read -r secs rss < <(tail -1 "$WORK/big.time")  # GNU time puts "Command exited with non-zero status 1" first
  python3 -c "import sys; b, s, r = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]); \
print(f'one mbox of {b / 1e9:.2f} GB: {s:.1f} s, {b / 1e6 / s:.0f} MB/s, datavagt peak RSS {r / 1024:.0f} MB')" \
    "$BIGBYTES" "$secs" "$rss"
fi
