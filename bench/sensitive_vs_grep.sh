#!/usr/bin/env bash
# The health dictionary side by side with GNU grep and ripgrep on the same text, one thread each: datavagt
# (`scan --kinds health -j1`) against `grep -F -w -i -f` and `rg -F -w -i -f` over the same health terms. All
# read the same files from the page cache. grep runs in a UTF-8 locale (so -i folds Æ/Ø/Å, as datavagt does)
# and, for reference, in the C locale (bytes only: faster, but blind to ÆØÅ case and Danish word boundaries);
# rg folds Unicode case by itself. Medians of wall and CPU time (user + sys).
#
#   bench/sensitive_vs_grep.sh [--size 256M] [--dir /tmp/datavagt-bench-terms] [--runs 3]
#   DATAVAGT=path/to/datavagt bench/sensitive_vs_grep.sh ...
#
# The answer is checked first: datavagt must report health in every file where grep or rg finds a term (their
# plain -w terms are a subset of what datavagt looks for), and rg must find grep's files. Exit 0 when right,
# 1 when wrong, 2 on setup errors.
set -euo pipefail

SIZE=256M
DIR=/tmp/datavagt-bench-terms
RUNS=3
SEED=11
usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --size) SIZE="${2:?}"; shift 2 ;;
    --dir) DIR="${2:?}"; shift 2 ;;
    --runs) RUNS="${2:?}"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "sensitive_vs_grep: unknown argument: $1" >&2; usage ;;
  esac
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "sensitive_vs_grep: --runs must be a positive integer" >&2; exit 2; }
BENCH=sensitive_vs_grep
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_need /usr/bin/time=time rg=ripgrep
locale -a 2>/dev/null | grep -qi '^c.utf-\?8$' || { echo "sensitive_vs_grep: no C.UTF-8 locale" >&2; exit 2; }

bench_datavagt

# --- The text: the benchmark tree of corpus/generate.py, with health sentences planted in it ----------------
MARKER="$DIR/bench-marker"
WANT="generator=corpus/generate.py profile=bench-text seed=$SEED size=$SIZE +health"
if [[ -f "$MARKER" && "$(cat "$MARKER")" == "$WANT" ]]; then
  log "reusing $DIR"
else
  log "generating $DIR ($WANT)"
  mkdir -p "$DIR"
  rm -f "$MARKER"
  python3 "$ROOT/corpus/generate.py" --out "$DIR" --seed "$SEED" --size "$SIZE" --profile bench-text --force >&2
  # One planted health sentence per ~1 MB file, appended, so both tools have something to find.
  python3 - "$DIR/share" "$ROOT/corpus" <<'PY'
import os, random, sys
sys.path.insert(0, sys.argv[2])
import sensitive_terms
sentences = sensitive_terms.load_sentences(os.path.join(sys.argv[2], "sensitive_sentences.tsv"))[("health", True)]
rng = random.Random(11)
for dp, _, fns in sorted(os.walk(sys.argv[1])):
    for fn in sorted(fns):
        p = os.path.join(dp, fn)
        if rng.random() < 0.5:
            with open(p, "a", encoding="utf-8") as f:
                f.write("\n" + rng.choice(sentences) + "\n")
PY
  printf '%s\n' "$WANT" >"$MARKER"
fi
SHARE="$DIR/share"
BYTES=$(find "$SHARE" -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}')
FILES=$(find "$SHARE" -type f | wc -l)

bench_workdir
# grep's pattern file: the plain entries of the health dictionary (no regexes, exclusions or directives; the
# `*` markers dropped, so grep -w looks for the stems as whole words).
sed -e 's/[[:space:]]#.*$//' -e 's/^#.*$//' "$ROOT/detectors/dictionaries/health.txt" |
  grep -v -e '^[[:space:]]*$' -e '^@' -e '^!' -e '^/' | sed -e 's/^=//' -e 's/\*//g' -e 's/[[:space:]]*$//' |
  sort -u >"$WORK/health.terms"
TERMS=$(wc -l <"$WORK/health.terms")
log "$FILES files, $((BYTES / 1000000)) MB; $TERMS health terms for grep"
find "$SHARE" -type f -print0 | xargs -0 cat >/dev/null

dv_health() { bench_run dv_health "$1" "$DATAVAGT" scan "$SHARE" --kinds health -j1 --no-progress -q --jsonl "$WORK/dv_health.$1.jsonl"; }
dv_all() { bench_run dv_all "$1" "$DATAVAGT" scan "$SHARE" -j1 --no-progress -q --jsonl "$WORK/dv_all.$1.jsonl"; }
grep_utf8() { LC_ALL=C.UTF-8 bench_run grep_utf8 "$1" grep -r -l -F -w -i -f "$WORK/health.terms" "$SHARE"; }
grep_c() { LC_ALL=C bench_run grep_c "$1" grep -r -l -F -w -i -f "$WORK/health.terms" "$SHARE"; }
rg_terms() { bench_run rg "$1" rg -j1 -l -F -w -i -f "$WORK/health.terms" "$SHARE"; }

log "checking the answer"
dv_health check
grep_utf8 check
rg_terms check
python3 - "$WORK/dv_health.check.jsonl" "$WORK/grep_utf8.check.out" "$WORK/rg.check.out" <<'PY' || { echo "sensitive_vs_grep: WRONG ANSWER" >&2; exit 1; }
import sys
import benchlib
dv = {f["path"] for f in benchlib.findings(benchlib.read_jsonl(sys.argv[1])) if f["kind"] == "health"}
gr = {l.rstrip("\n") for l in open(sys.argv[2], encoding="utf-8", errors="surrogateescape")}
rg = {l.rstrip("\n") for l in open(sys.argv[3], encoding="utf-8", errors="surrogateescape")}
print(f"answer: files with a health term: grep {len(gr)}, rg {len(rg)}, datavagt {len(dv)}; "
      f"grep-only {len(gr - dv)}, rg-only {len(rg - dv)}, grep's files rg missed {len(gr - rg)}", file=sys.stderr)
for p in sorted((gr | rg) - dv)[:10]:
    print("  not reported by datavagt:", p, file=sys.stderr)
for p in sorted(gr - rg)[:10]:
    print("  grep found, rg did not:", p, file=sys.stderr)
sys.exit(1 if (gr | rg) - dv or gr - rg or not gr else 0)
PY
rm -f "$WORK"/*.times
for ((i = 1; i <= RUNS; i++)); do
  log "run $i/$RUNS"
  dv_health "$i"; grep_utf8 "$i"; rg_terms "$i"; dv_all "$i"; grep_c "$i"
done
echo "$FILES files, $((BYTES / 1000000)) MB, $TERMS health terms, one thread each; $(date -u +%FT%TZ); $(bench_load)"

python3 "$ROOT/bench/benchlib.py" table "$WORK" dv_health "$BYTES" dv_health="datavagt scan --kinds health -j1" \
  dv_all="datavagt scan -j1 (CPR + all kinds)" grep_utf8="LC_ALL=C.UTF-8 grep -r -l -F -w -i -f" \
  rg="rg -j1 -l -F -w -i -f" grep_c="LC_ALL=C grep -r -l -F -w -i -f (bytes)"
