#!/usr/bin/env bash
# A folder of DOCX and XLSX files: datavagt (CPR only, two threads) against `ugrep -z` with the CPR regex (ugrep
# only decompresses the zip members and greps the XML; it does not parse it), on the same files from the page
# cache. The files are made once by LibreOffice from the corpus generator's case notes (DOCX) and CSV exports
# (XLSX).
#
#   bench/office_vs_ugrep.sh [--docs 200] [--dir /tmp/datavagt-bench-office] [--runs 3]
#   DATAVAGT=path/to/datavagt bench/office_vs_ugrep.sh ...
#
# The answer is checked first: the CPR fingerprints datavagt finds in each file are compared with those it finds
# in the text file it was made from (recall). Timed, alternated, two threads each:
#   datavagt scan DIR/office --kinds cpr -j2          ugrep -z -r -c -J2 -P REGEX DIR/office
# Exit 0 when the recall is at least 0.95, 1 otherwise, 2 on a setup error. Needs libreoffice-writer-nogui,
# libreoffice-calc-nogui, ugrep and time (installed with apt-get when run as root).
set -euo pipefail
DOCS=200
DIR=/tmp/datavagt-bench-office
RUNS=3
usage() { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --docs) DOCS="${2:?}"; shift 2 ;;
    --dir) DIR="${2:?}"; shift 2 ;;
    --runs) RUNS="${2:?}"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "office_vs_ugrep: unknown argument: $1" >&2; usage ;;
  esac
done
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log() { printf '== %s\n' "$*" >&2; }
need=()
command -v soffice >/dev/null || need+=(libreoffice-writer-nogui libreoffice-calc-nogui)
command -v ugrep >/dev/null || need+=(ugrep)
[[ -x /usr/bin/time ]] || need+=(time)
if [[ ${#need[@]} -gt 0 ]]; then
  [[ $(id -u) -eq 0 ]] || { echo "office_vs_ugrep: please install: ${need[*]}" >&2; exit 2; }
  apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
fi
DATAVAGT="${DATAVAGT:-$ROOT/build-release/scanner/datavagt}"
[[ -x "$DATAVAGT" ]] || { echo "office_vs_ugrep: not executable: $DATAVAGT (./run bench builds it)" >&2; exit 2; }
REGEX='(?<![0-9])[0-3][0-9][01][0-9][0-9]{2}[- ]?[0-9]{4}(?![0-9])'

MARKER="$DIR/bench-marker"
WANT="corpus/generate.py share seed=13 docs=$DOCS via soffice docx+xlsx"
if [[ -f "$MARKER" && "$(cat "$MARKER")" == "$WANT" ]]; then
  log "reusing $DIR"
else
  log "making $DOCS DOCX/XLSX files in $DIR (LibreOffice)"
  rm -rf "$DIR" && mkdir -p "$DIR/txt" "$DIR/office"
  python3 "$ROOT/corpus/generate.py" --out "$DIR/gen" --seed 13 --size 40M --profile share >/dev/null
  # UTF-8 case notes of 10 KB or more, renamed doc_N.txt (LibreOffice reads them as text documents).
  i=0
  while IFS= read -r f && [[ $i -lt $DOCS ]]; do
    if iconv -f utf-8 -t utf-8 "$f" >/dev/null 2>&1; then i=$((i + 1)); cp "$f" "$DIR/txt/doc_$i.txt"; fi
  done < <(find "$DIR/gen/share" -name '*.txt' -size +10k | sort)
  # Half as DOCX (from the notes), and every UTF-8 CSV export as XLSX (same base name, so the check pairs them).
  soffice --headless --convert-to docx --outdir "$DIR/office" "$DIR"/txt/*.txt >/dev/null 2>&1
  j=0
  while IFS= read -r f && [[ $j -lt $((DOCS / 2)) ]]; do
    if iconv -f utf-8 -t utf-8 "$f" >/dev/null 2>&1; then j=$((j + 1)); cp "$f" "$DIR/txt/sheet_$j.csv"; fi
  done < <(find "$DIR/gen/share" -name '*.csv' -size +2k | sort)
  soffice --headless --infilter="CSV:59,34,76" --convert-to xlsx --outdir "$DIR/office" "$DIR"/txt/*.csv >/dev/null 2>&1
  printf '%s\n' "$WANT" >"$MARKER"
fi
FILES=$(find "$DIR/office" -type f | wc -l)
BYTES=$(find "$DIR/office" -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}')
printf 'k' >"$DIR/key"
find "$DIR/office" -type f -print0 | xargs -0 cat >/dev/null

WORK="$(mktemp -d "${TMPDIR:-/tmp}/office_vs_ugrep.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
run() {
  local name="$1" i="$2" rc=0
  shift 2
  /usr/bin/time -f '%e %M' -o "$WORK/$name.$i.time" "$@" >"$WORK/$name.$i.out" 2>"$WORK/$name.$i.err" || rc=$?
  [[ $rc -le 1 ]] || { echo "office_vs_ugrep: $name failed ($rc)" >&2; tail -3 "$WORK/$name.$i.err" >&2; exit 2; }
  tail -1 "$WORK/$name.$i.time" >>"$WORK/$name.times"
}
dv() { run datavagt "$1" "$DATAVAGT" scan "$DIR/office" --kinds cpr -j2 --no-progress -q --key-file "$DIR/key" --jsonl "$WORK/dv.$1.jsonl"; }
ug() { run ugrep "$1" ugrep -z -r -c -J2 -P "$REGEX" "$DIR/office"; }

log "checking the answer: CPRs in each Office file vs in its text file"
dv check
"$DATAVAGT" scan "$DIR/txt" --kinds cpr -j2 --no-progress -q --key-file "$DIR/key" --jsonl "$WORK/txt.jsonl" || true
python3 - "$WORK/dv.check.jsonl" "$WORK/txt.jsonl" <<'PY' || { echo "office_vs_ugrep: WRONG ANSWER (recall < 0.95)" >&2; exit 1; }
import json, os, sys
def load(p):
    out = {}
    for l in open(p, encoding="utf-8"):
        r = json.loads(l)
        if r["kind"] == "error":
            print("  error:", r["path"], r["reason"], r["detail"], file=sys.stderr)
            continue
        out.setdefault(os.path.splitext(os.path.basename(r["path"]))[0], set()).add(r["fingerprint"])
    return out
office, txt = load(sys.argv[1]), load(sys.argv[2])
want = sum(len(v) for v in txt.values())
got = sum(len(v & office.get(k, set())) for k, v in txt.items())
extra = sum(len(v - txt.get(k, set())) for k, v in office.items())
print(f"answer: {got}/{want} CPRs of the text files found in their Office files (recall {got / max(want, 1):.3f}), "
      f"{extra} only in the Office files", file=sys.stderr)
sys.exit(0 if want and got / want >= 0.95 else 1)
PY
rm -f "$WORK"/*.times
for ((i = 1; i <= RUNS; i++)); do log "run $i/$RUNS"; dv "$i"; ug "$i"; done
python3 - "$WORK" "$BYTES" "$FILES" <<'PY'
import statistics, sys
work, nbytes, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def med(name):
    rows = [l.split() for l in open(f"{work}/{name}.times") if l.strip()]
    return statistics.median(float(r[0]) for r in rows), max(int(r[1]) for r in rows)
res = {k: med(k) for k in ("datavagt", "ugrep")}
print(f"{n} DOCX/XLSX files, {nbytes / 1e6:.1f} MB, medians")
labels = {"datavagt": "datavagt scan --kinds cpr -j2", "ugrep": "ugrep -z -r -c -J2 -P"}
d = res["datavagt"][0]
for k, (t, rss) in res.items():
    print(f"{labels[k]:<42} {t:6.2f} s {n / t:7.1f} files/s {nbytes / 1e6 / t:6.1f} MB/s {rss / 1024:6.0f} MB   "
          f"its time / datavagt's: {t / d:5.2f}")
PY
