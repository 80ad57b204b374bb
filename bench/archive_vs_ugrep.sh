#!/usr/bin/env bash
# A zip-heavy tree: datavagt (CPR only, two threads) against `ugrep -z` with the CPR regex, on the same files
# from the page cache. The tree is the corpus generator's fake share with every folder packed into one zip
# (deflate), every fourth one into a .tar.gz instead, and every eighth zip put inside another zip (two levels).
#
#   bench/archive_vs_ugrep.sh [--size 100M] [--dir /tmp/datavagt-bench-archive] [--runs 3]
#   DATAVAGT=path/to/datavagt bench/archive_vs_ugrep.sh ...
#
# The answer is checked first: the CPR fingerprints datavagt finds in the packed tree must be exactly those it
# finds in the unpacked share (recall and precision 1), with no error record. Timed, alternated, two threads:
#   datavagt scan DIR/packed --kinds cpr -j2          ugrep -z --zmax=2 -r -c -J2 -P REGEX DIR/packed
# ugrep only greps the decompressed bytes (no charset decoding, no validation, no report); datavagt decodes,
# validates (date, context) and fingerprints. Exit 0 when the answer is right, 1 when wrong, 2 on a setup error.
set -euo pipefail
SIZE=100M
DIR=/tmp/datavagt-bench-archive
RUNS=3
usage() { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --size) SIZE="${2:?}"; shift 2 ;;
    --dir) DIR="${2:?}"; shift 2 ;;
    --runs) RUNS="${2:?}"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "archive_vs_ugrep: unknown argument: $1" >&2; usage ;;
  esac
done
BENCH=archive_vs_ugrep
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_need ugrep=ugrep /usr/bin/time=time
bench_datavagt
REGEX=$CPR_REGEX

MARKER="$DIR/bench-marker"
WANT="corpus/generate.py share seed=17 size=$SIZE packed zip+tgz+nested"
if [[ -f "$MARKER" && "$(cat "$MARKER")" == "$WANT" ]]; then
  log "reusing $DIR"
else
  log "generating a $SIZE share and packing it in $DIR"
  rm -rf "$DIR" && mkdir -p "$DIR"
  python3 "$ROOT/corpus/generate.py" --out "$DIR/gen" --seed 17 --size "$SIZE" --profile share >/dev/null
  python3 - "$DIR/gen/share" "$DIR/packed" <<'PY'
import io, os, sys, tarfile, zipfile
src, dst = sys.argv[1], sys.argv[2]
def name(f):  # the generator writes some names in Latin-1 bytes (as old shares have): kept as those letters
    if any(0xDC80 <= ord(c) <= 0xDCFF for c in f):
        return f.encode("utf-8", "surrogateescape").decode("latin-1")
    return f
folders = sorted({os.path.dirname(os.path.join(d, f)) for d, _, fs in os.walk(src) for f in fs})
for i, folder in enumerate(folders):
    files = sorted(f for f in os.listdir(folder) if os.path.isfile(os.path.join(folder, f)))
    rel = os.path.relpath(folder, src).replace(os.sep, "_")
    os.makedirs(dst, exist_ok=True)
    if i % 4 == 3:
        with tarfile.open(os.path.join(dst, rel + ".tar.gz"), "w:gz") as t:
            for f in files:
                t.add(os.path.join(folder, f), arcname=name(f))
        continue
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for f in files:
            z.write(os.path.join(folder, f), arcname=name(f))
    if i % 8 == 0:  # a zip in a zip
        with zipfile.ZipFile(os.path.join(dst, rel + "_outer.zip"), "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr(rel + ".zip", buf.getvalue())
    else:
        open(os.path.join(dst, rel + ".zip"), "wb").write(buf.getvalue())
PY
  printf '%s\n' "$WANT" >"$MARKER"
fi
FILES=$(find "$DIR/packed" -type f | wc -l)
BYTES=$(find "$DIR/packed" -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}')
UNPACKED=$(find "$DIR/gen/share" -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}')
printf 'k' >"$DIR/key"
find "$DIR/packed" -type f -print0 | xargs -0 cat >/dev/null

bench_workdir
dv() { bench_run datavagt "$1" "$DATAVAGT" scan "$DIR/packed" --kinds cpr -j2 --no-progress -q --key-file "$DIR/key" --jsonl "$WORK/dv.$1.jsonl"; }
ug() { bench_run ugrep "$1" ugrep -z --zmax=2 -r -c -J2 -P "$REGEX" "$DIR/packed"; }

log "checking the answer: CPRs in the packed tree vs in the unpacked share"
dv check
"$DATAVAGT" scan "$DIR/gen/share" --kinds cpr -j2 --no-progress -q --key-file "$DIR/key" --jsonl "$WORK/plain.jsonl" || true
python3 - "$WORK/dv.check.jsonl" "$WORK/plain.jsonl" <<'PY' || { echo "archive_vs_ugrep: WRONG ANSWER" >&2; exit 1; }
import collections, sys
import benchlib
def load(p, errors_ok):
    out, records = collections.Counter(), benchlib.read_jsonl(p)
    errors = benchlib.errors(records)
    for r in errors:
        print("  error:", r.get("path"), r.get("reason"), r.get("detail"), file=sys.stderr)
    for r in benchlib.findings(records):
        out[r.get("fingerprint")] += 1  # each value, once per file it is in
    return out, len(errors)
packed, errors = load(sys.argv[1], False)
plain, _ = load(sys.argv[2], True)
got = sum((plain & packed).values())
print(f"answer: {got}/{sum(plain.values())} findings of the share found in the packed tree, "
      f"{sum((packed - plain).values())} extra, "
      f"{errors} error records", file=sys.stderr)
sys.exit(0 if plain and packed == plain and errors == 0 else 1)
PY
rm -f "$WORK"/*.times
for ((i = 1; i <= RUNS; i++)); do log "run $i/$RUNS"; dv "$i"; ug "$i"; done
echo "$FILES archives, $((BYTES / 1000000)) MB packed, $((UNPACKED / 1000000)) MB unpacked (MB/s below: unpacked); $(date -u +%FT%TZ); $(bench_load)"
python3 "$ROOT/bench/benchlib.py" table "$WORK" datavagt "$UNPACKED" datavagt="datavagt scan --kinds cpr -j2" \
  ugrep="ugrep -z --zmax=2 -r -c -J2 -P"
