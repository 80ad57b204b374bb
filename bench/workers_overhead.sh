#!/usr/bin/env bash
# What the worker processes cost (issue 14 item 1: <= 5 %): the same scan with `--workers processes` and with
# `--workers in-process`, alternated RUNS times on each tree, medians of wall and CPU time (the workers' CPU
# included: GNU time counts reaped children), and the ratio processes / in-process. Trees (made once, kept):
#   many     corpus/generate.py --profile many-small --files FILES (the text tree of issue 11), seed 11
#   office   corpus/generate.py --profile share --formats docx,xlsx --size 6M, seed 13 (bench/office_vs_ugrep.sh)
#   pdf      corpus/generate.py --formats pdf --size 6M, seed 13 (bench/pdf_vs_pdfgrep.sh --generated)
# Both runs of a pair must report the same records (JSONL compared as sorted sets, times aside).
#
#   bench/workers_overhead.sh [--runs 5] [--files 20000] [--trees many,office,pdf] [-- EXTRA scan options]
#   DATAVAGT=path/to/datavagt bench/workers_overhead.sh ...   (default build-release/scanner/datavagt)
set -euo pipefail
RUNS=5
FILES=20000
TREES=many,office,pdf
EXTRA=()
usage() { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) RUNS="${2:?}"; shift 2 ;;
    --files) FILES="${2:?}"; shift 2 ;;
    --trees) TREES="${2:?}"; shift 2 ;;
    --) shift; EXTRA=("$@"); break ;;
    -h|--help) usage ;;
    *) echo "workers_overhead: unknown argument: $1" >&2; usage ;;
  esac
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "workers_overhead: --runs must be a positive integer" >&2; exit 2; }
BENCH=workers_overhead
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_need /usr/bin/time=time python3=python3
bench_datavagt
bench_workdir

# tree NAME -> prints the folder to scan (generated once, with a marker of how)
tree() {
  local dir want
  case "$1" in
    many) dir=/tmp/datavagt-bench-many-$FILES; want="many-small files=$FILES seed=11"
          gen=(--profile many-small --files "$FILES" --seed 11) ;;
    office) dir=/tmp/datavagt-bench-workers-office; want="share docx,xlsx 6M seed=13"
          gen=(--profile share --formats docx,xlsx --size 6M --seed 13) ;;
    pdf) dir=/tmp/datavagt-bench-workers-pdf; want="pdf 6M seed=13"; gen=(--formats pdf --size 6M --seed 13) ;;
    *) echo "workers_overhead: unknown tree $1" >&2; exit 2 ;;
  esac
  if [[ ! -d "$dir/share" ]] || { [[ -f "$dir/workers-marker" ]] && [[ "$(cat "$dir/workers-marker")" != "$want" ]]; }; then
    log "generating $dir ($want)"
    python3 "$ROOT/corpus/generate.py" --out "$dir" "${gen[@]}" --force >&2
    printf '%s\n' "$want" >"$dir/workers-marker"
  fi
  find "$dir/share" -type f -print0 | xargs -0 cat >/dev/null  # the page cache warm for both
  printf '%s\n' "$dir/share"
}

head -c 32 /dev/urandom >"$WORK/key"
echo "$(date -u +%FT%TZ); $(bench_load); $RUNS alternated runs per mode; -j2 ${EXTRA[*]}"
IFS=, read -r -a names <<<"$TREES"
for name in "${names[@]}"; do
  share=$(tree "$name")
  files=$(find "$share" -type f | wc -l)
  for ((i = 1; i <= RUNS; i++)); do
    log "$name: run $i/$RUNS"
    for mode in processes in-process; do
      bench_run "$name.$mode" "$i" "$DATAVAGT" scan "$share" --jsonl "$WORK/$name.$mode.$i.jsonl" --key-file "$WORK/key" \
        --no-progress -q -j2 --workers "$mode" "${EXTRA[@]}"
    done
  done
  python3 - "$WORK" "$name" "$files" "$RUNS" <<'PY'
import json, statistics, sys
work, name, files, runs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
def records(path):
    out = []
    for line in open(path, encoding="utf-8"):
        r = json.loads(line)
        if r.get("kind") in ("scan-start", "scan-end"):
            continue
        r.pop("seconds", None)
        out.append(json.dumps(r, sort_keys=True))
    return sorted(out)
same = all(records(f"{work}/{name}.processes.{i}.jsonl") == records(f"{work}/{name}.in-process.{i}.jsonl")
           for i in range(1, runs + 1))
med = {}
for mode in ("processes", "in-process"):
    rows = [l.split() for l in open(f"{work}/{name}.{mode}.times")]
    wall = statistics.median(float(r[0]) for r in rows)
    cpu = statistics.median(float(r[2]) + float(r[3]) for r in rows)
    rss = statistics.median(int(r[1]) for r in rows)
    med[mode] = (wall, cpu)
    print(f"{name:>6} {mode:>10}: {files} files, median wall {wall:7.2f} s, CPU {cpu:7.2f} s, max RSS {rss / 1024:6.0f} MiB"
          f" (walls {' '.join(r[0] for r in rows)})")
print(f"{name:>6} processes / in-process: wall {med['processes'][0] / med['in-process'][0]:.3f}, "
      f"CPU {med['processes'][1] / med['in-process'][1]:.3f}; same records: {'yes' if same else 'NO'}")
PY
done
