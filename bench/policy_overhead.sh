#!/usr/bin/env bash
# What the policy costs: the same scan of 100,000 small files with and without --policy (retention rules, a
# forbidden folder, the access check up to "/", departments, excludes), alternated, medians of wall and CPU
# time (user + sys). The tree is cut from the corpus generator's share (text formats): its files are sliced at
# line starts into 0.5-4 KB files in 100 folders of 1,000, so a realistic share of them hold CPR numbers (the
# policy's work is per file with findings), with the generator's mtimes (2010-2026) and modes 0644 / 0640.
#
#   bench/policy_overhead.sh [--files 100000] [--dir /tmp/datavagt-bench-policy] [--runs 7] [--tree DIR]
#   DATAVAGT=path/to/datavagt bench/policy_overhead.sh ...
#
# --tree DIR scans an existing tree instead (e.g. one of 100,000 small files from another generator). Before
# timing, both scans must report the same findings, and the policy scan must flag some files.
set -euo pipefail
FILES=100000
DIR=/tmp/datavagt-bench-policy
RUNS=7
TREE=""
usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --files) FILES="${2:?}"; shift 2 ;;
    --dir) DIR="${2:?}"; shift 2 ;;
    --runs) RUNS="${2:?}"; shift 2 ;;
    --tree) TREE="${2:?}"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "policy_overhead: unknown argument: $1" >&2; usage ;;
  esac
done
BENCH=policy_overhead
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_need /usr/bin/time=time
bench_datavagt
bench_workdir

mkdir -p "$DIR"
chmod 755 "$DIR"
if [[ -z "$TREE" ]]; then
  TREE="$DIR/tree"
  WANT="corpus/generate.py share text seed=29 size=12M sliced into $FILES files"
  if [[ -f "$DIR/marker" && "$(cat "$DIR/marker")" == "$WANT" ]]; then
    log "reusing $TREE"
  else
    log "generating the share and slicing it into $FILES small files"
    rm -rf "$DIR/gen" "$TREE"
    python3 "$ROOT/corpus/generate.py" --out "$DIR/gen" --seed 29 --size 12M --profile share --formats text >/dev/null
    python3 - "$DIR/gen/share" "$TREE" "$FILES" <<'PY'
import os, random, sys
src, out, files = sys.argv[1], sys.argv[2], int(sys.argv[3])
rng = random.Random(29)
sources = []
for d, _, fs in sorted(os.walk(src)):
    for f in sorted(fs):
        p = os.path.join(d, f)
        with open(p, "rb") as fh:
            data = fh.read()
        if len(data) > 512:
            sources.append((data, os.stat(p).st_mtime))
for i in range(files):
    data, mtime = sources[i % len(sources)]
    size = rng.randint(512, 4096)
    start = rng.randrange(0, max(1, len(data) - size))
    start = data.rfind(b"\n", 0, start) + 1
    end = data.find(b"\n", start + size)
    chunk = data[start:end if end > 0 else len(data)]
    folder = os.path.join(out, f"Afdeling_{i % 100:02d}")
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, f"fil_{i:06d}.txt")
    with open(path, "wb") as fh:
        fh.write(chunk)
    os.chmod(path, 0o644 if i % 3 else 0o640)
    t = mtime - rng.randint(0, 400) * 86400
    os.utime(path, (t, t))
PY
    rm -rf "$DIR/gen"
    echo "$WANT" >"$DIR/marker"
  fi
fi

# A policy with everything that costs: rules, forbid, departments, broad groups, the access check, excludes.
cat >"$WORK/policy.toml" <<EOF
[scan]
exclude = ["**/\$RECYCLE.BIN", "**/~snapshot/**", "**/.snapshot", "**/Backup*/**"]
[retention]
default_days = 1825
[[retention.rule]]
glob = "**/Afdeling_0*/**"
days = 1095
[[retention.mail_folder]]
folders = ["Slettet post", "Deleted Items"]
days = 30
[misplaced]
forbid = ["**/Afdeling_99/**"]
world_readable = true
broad_groups = ["Alle medarbejdere"]
EOF
for d in 0 1 2 3 4 5 6 7 8 9; do
  printf '[[department]]\nname = "Afdeling %s"\nglob = "**/Afdeling_%s*/**"\nresponsible = "Leder %s"\n' "$d" "$d" "$d" >>"$WORK/policy.toml"
done

files=$(find "$TREE" -type f | wc -l)
log "tree: $TREE ($files files, $(du -sh "$TREE" | cut -f1))"
printf 'k' >"$WORK/key"
common=(scan "$TREE" -q --no-progress --key-file "$WORK/key")

# The answer first: the same findings with and without the policy, and the policy flags some files.
"$DATAVAGT" "${common[@]}" --jsonl "$WORK/off.jsonl" || [[ $? -le 1 ]]
"$DATAVAGT" "${common[@]}" --policy "$WORK/policy.toml" --jsonl "$WORK/on.jsonl" || [[ $? -le 1 ]]
python3 - "$WORK/off.jsonl" "$WORK/on.jsonl" <<'PY'
import sys
import benchlib
def load(p):  # findings only: scan-start/scan-end, note and error records are not findings (benchlib.read_jsonl)
    recs = benchlib.findings(benchlib.read_jsonl(p))
    return recs, {(r["location"], r["kind"], r.get("fingerprint", ""), r.get("offset")) for r in recs}
off, off_keys = load(sys.argv[1])
on, on_keys = load(sys.argv[2])
if off_keys != on_keys:
    sys.exit(f"policy_overhead: the findings differ with --policy ({len(off_keys)} vs {len(on_keys)})")
files = {r["path"] for r in on}
flagged = {r["path"] for r in on if r["flags"]}
print(f"== {len(off)} records in {len(files)} files with personal data; with the policy {len(flagged)} flagged "
      f"({len({r['path'] for r in on if 'overdue' in r['flags']})} overdue, "
      f"{len({r['path'] for r in on if 'misplaced' in r['flags']})} misplaced)", file=sys.stderr)
if not flagged:
    sys.exit("policy_overhead: the policy flagged nothing: the bench would not measure its work")
PY

log "$RUNS runs each, alternated (the first of each as warm-up, not counted)"
time_fmt='%e %U %S'
for i in $(seq 0 "$RUNS"); do
  for mode in off on; do
    extra=()
    [[ $mode == on ]] && extra=(--policy "$WORK/policy.toml")
    /usr/bin/time -f "$time_fmt" -o "$WORK/$mode.$i.time" "$DATAVAGT" "${common[@]}" "${extra[@]}" >/dev/null || [[ $? -le 1 ]]
    [[ $i -eq 0 ]] || tail -1 "$WORK/$mode.$i.time" >>"$WORK/$mode.times"
  done
done
python3 - "$WORK/off.times" "$WORK/on.times" <<'PY'
import statistics, sys
def load(p):
    rows = [list(map(float, l.split())) for l in open(p)]
    return statistics.median(r[0] for r in rows), statistics.median(r[1] + r[2] for r in rows), len(rows)
off_wall, off_cpu, n = load(sys.argv[1])
on_wall, on_cpu, _ = load(sys.argv[2])
print(f"runs each            {n}")
print(f"without --policy     wall {off_wall:.2f} s   cpu {off_cpu:.2f} s")
print(f"with --policy        wall {on_wall:.2f} s   cpu {on_cpu:.2f} s")
print(f"difference           wall {100 * (on_wall / off_wall - 1):+.1f} %   cpu {100 * (on_cpu / off_cpu - 1):+.1f} %")
PY
