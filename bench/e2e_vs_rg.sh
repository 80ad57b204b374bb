#!/usr/bin/env bash
# End to end: datavagt against ripgrep on the same generated tree of plain-text files, both reading from the
# page cache, both with two threads. datavagt's answer is checked against the tree's truth.jsonl before any
# time is reported (a faster wrong answer is a failure).
#
#   bench/e2e_vs_rg.sh [--size 1G] [--dir /tmp/datavagt-bench] [--runs 3] [--kinds cpr|all] [--formats LIST]
#   DATAVAGT=path/to/datavagt bench/e2e_vs_rg.sh ...     # time this binary instead of build/scanner/datavagt
#   --formats text,docx,xlsx,pptx,odt,ods,pdf,rtf: the generator's `share` profile with these formats (documents
#   included; try --size 100M) instead of the plain-text tree; rg then greps the documents' raw bytes only.
#
# Exit status: 0 when the answer is right (whatever the speed), 1 when it is wrong, 2 on a usage or setup error.
set -euo pipefail

SIZE=1G
DIR=/tmp/datavagt-bench
RUNS=3
SEED=7
PROFILE=bench-text
FORMATS=
THREADS=2
# rg looks for CPR shapes only: the equal-work comparison scans for CPR only (--kinds cpr). `--kinds all` times
# the default rule set (CPR and every special-category dictionary) against the same rg run.
KINDS=cpr
# The CPR shape ripgrep looks for: DDMMYY, optional '-' or ' ', SSSS, with ASCII word boundaries (Unicode \b
# makes rg ~10x slower; see ../shared/reference/hyperscan.md).
RG_PATTERN='(?-u:\b)[0-3][0-9][01][0-9][0-9]{2}[- ]?[0-9]{4}(?-u:\b)'

usage() {
  sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --size) SIZE="${2:?--size needs a value}"; shift 2 ;;
    --dir) DIR="${2:?--dir needs a value}"; shift 2 ;;
    --runs) RUNS="${2:?--runs needs a value}"; shift 2 ;;
    --kinds) KINDS="${2:?--kinds needs cpr or all}"; shift 2 ;;
    --formats) FORMATS="${2:?--formats needs a list}"; PROFILE=share; shift 2 ;;
    -h|--help) usage ;;
    *) echo "e2e_vs_rg: unknown argument: $1" >&2; usage ;;
  esac
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "e2e_vs_rg: --runs must be a positive integer" >&2; exit 2; }

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log() { printf '== %s\n' "$*" >&2; }

# --- 1. Tools -------------------------------------------------------------------------------------------------
need_pkgs=()
command -v rg >/dev/null || need_pkgs+=(ripgrep)
[[ -x /usr/bin/time ]] || need_pkgs+=(time)
if [[ ${#need_pkgs[@]} -gt 0 ]]; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    log "installing ${need_pkgs[*]}"
    apt-get install -y -q "${need_pkgs[@]}" >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q "${need_pkgs[@]}" >/dev/null; }
  else
    echo "e2e_vs_rg: please install: ${need_pkgs[*]}" >&2
    exit 2
  fi
fi
command -v python3 >/dev/null || { echo "e2e_vs_rg: python3 is needed (corpus generator, answer check)" >&2; exit 2; }

if [[ -z "${DATAVAGT:-}" ]]; then
  DATAVAGT="$ROOT/build/scanner/datavagt"
  if [[ ! -x "$DATAVAGT" ]]; then
    log "no $DATAVAGT: building (Release)"
    cmake -S "$ROOT" -B "$ROOT/build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
    ninja -C "$ROOT/build" datavagt >/dev/null
  fi
fi
[[ -x "$DATAVAGT" ]] || { echo "e2e_vs_rg: not executable: $DATAVAGT" >&2; exit 2; }

# --- 2. The tree (generated once per size) --------------------------------------------------------------------
MARKER="$DIR/bench-marker"
WANT_MARKER="generator=corpus/generate.py (filler free of dictionary terms) profile=$PROFILE seed=$SEED size=$SIZE"
gen_formats=()
if [[ -n "$FORMATS" ]]; then
  WANT_MARKER+=" formats=$FORMATS"
  gen_formats=(--formats "$FORMATS")
fi
if [[ -f "$DIR/truth.jsonl" && -f "$MARKER" && "$(cat "$MARKER")" == "$WANT_MARKER" ]]; then
  log "reusing $DIR ($WANT_MARKER)"
else
  log "generating $DIR ($WANT_MARKER)"
  mkdir -p "$DIR"
  rm -f "$MARKER"
  python3 "$ROOT/corpus/generate.py" --out "$DIR" --seed "$SEED" --size "$SIZE" --profile "$PROFILE" "${gen_formats[@]}" --force >&2
  printf '%s\n' "$WANT_MARKER" >"$MARKER"
fi
SHARE="$DIR/share"
BYTES=$(find "$SHARE" -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}')
FILES=$(find "$SHARE" -type f | wc -l)
MB=$(awk -v b="$BYTES" 'BEGIN {printf "%.1f", b / 1e6}')

# --- 3. Warm the page cache, then alternate the two tools -----------------------------------------------------
log "warming the page cache ($FILES files, $MB MB)"
find "$SHARE" -type f -print0 | xargs -0 cat >/dev/null

WORK="$(mktemp -d "${TMPDIR:-/tmp}/e2e_vs_rg.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

# run NAME INDEX CMD... : times CMD with GNU time; accepts exit status 0 or 1 (found / found nothing).
run() {
  local name="$1" i="$2"
  shift 2
  local rc=0
  /usr/bin/time -f '%e %M %U %S' -o "$WORK/$name.$i.time" "$@" >"$WORK/$name.$i.stdout" 2>"$WORK/$name.$i.stderr" || rc=$?
  if [[ $rc -gt 1 ]]; then
    echo "e2e_vs_rg: $name run $i failed (exit $rc):" >&2
    tail -5 "$WORK/$name.$i.stderr" >&2
    exit 2
  fi
  # GNU time appends "Command exited with non-zero status 1" before the figures: keep the last line.
  tail -1 "$WORK/$name.$i.time" >>"$WORK/$name.times"
}

run_datavagt() {
  local kinds=()
  [[ "$KINDS" == all ]] || kinds=(--kinds "$KINDS")
  run datavagt "$1" "$DATAVAGT" scan "$SHARE" --jsonl "$WORK/datavagt.$1.jsonl" --key-file "$DIR/key" \
    --no-progress -q -j"$THREADS" "${kinds[@]}"
}
run_rg() {
  run rg "$1" rg -j"$THREADS" -c "$RG_PATTERN" "$SHARE"
}

# --- 4. Check datavagt's answer (every run's, before any speed is reported) -----------------------------------
check_answer() {
  python3 - "$DIR/truth.jsonl" "$KINDS" "$@" <<'PY'
import base64, json, sys

truth_path, kinds, outs = sys.argv[1], sys.argv[2], sys.argv[3:]

def raw_path(rec, field_text, field_bytes, decode):
    return decode(rec[field_bytes]) if field_bytes in rec else rec[field_text].encode("utf-8")

truth = [json.loads(l) for l in open(truth_path, encoding="utf-8") if l.strip()]
if kinds == "cpr":  # a share tree also plants special-category sentences: not looked for with --kinds cpr
    truth = [t for t in truth if "fingerprint" in t]
for t in truth:
    t["raw"] = raw_path(t, "path", "path_hex", bytes.fromhex)
expected = [t for t in truth if t["expect"]]
decoys = [t for t in truth if not t["expect"]]

def same(f, t):  # truth paths are relative to DIR ("share/..."), findings carry the path as scanned
    return f.get("fingerprint") == t.get("fingerprint") and f["kind"] == t["kind"] and (
        f["raw"] == t["raw"] or f["raw"].endswith(b"/" + t["raw"]))

answers = []
for out in outs:
    findings, errors = [], []
    for line in open(out, encoding="utf-8"):
        rec = json.loads(line)
        rec["raw"] = raw_path(rec, "path", "path_bytes", base64.b64decode)
        (errors if rec["kind"] == "error" else findings).append(rec)
    by_value = {}  # (fingerprint, kind) -> findings: a share tree has thousands of them
    for f in findings:
        by_value.setdefault((f.get("fingerprint"), f["kind"]), []).append(f)
    matches = lambda t: [f for f in by_value.get((t.get("fingerprint"), t["kind"]), []) if same(f, t)]
    found = [t for t in expected if matches(t)]
    matched = {id(f) for t in expected for f in matches(t)}
    extra = [f for f in findings if id(f) not in matched]
    hit_decoys = [t for t in decoys if matches(t)]
    miscount = [(t, f) for t in expected for f in matches(t) if f["count"] != t["count"]]
    answers.append(sorted((f["raw"], f["kind"], f.get("fingerprint", ""), f["count"]) for f in findings))
    recall = len(found) / len(expected) if expected else 1.0
    precision = (len(findings) - len(extra)) / len(findings) if findings else 1.0
    print(f"answer {out.rsplit('/', 1)[-1]}: {len(findings)} findings, {len(errors)} errors; "
          f"recall {recall:.4f} ({len(found)}/{len(expected)}), precision {precision:.4f}, "
          f"decoys reported {len(hit_decoys)}/{len(decoys)}, count mismatches {len(miscount)}")
    for t in [t for t in expected if t not in found][:10]:
        print(f"  missed: {t['path']} {t['kind']} {t.get('masked', '')}")
    for f in extra[:10]:
        print(f"  extra:  {f['path']} {f['kind']} {f.get('masked', '')} {f.get('terms', '')}")
    for e in errors[:10]:
        print(f"  error:  {e['path']} {e['reason']}: {e['detail']}")
    for t, f in miscount[:10]:
        print(f"  count:  {t['path']} {t['masked']} planted {t['count']}, reported {f['count']}")
    if recall < 1 or extra or errors:
        sys.exit(1)
if any(a != answers[0] for a in answers):
    print("answers differ between runs")
    sys.exit(1)
PY
}

log "datavagt: $DATAVAGT ($("$DATAVAGT" --version 2>/dev/null || echo 'version unknown')), kinds: $KINDS"
log "rg: $(rg --version | sed -n 1p)"
log "checking datavagt's answer (untimed run)"
run_datavagt check
rm -f "$WORK/datavagt.times"
check_answer "$WORK/datavagt.check.jsonl" >&2 || { echo "e2e_vs_rg: WRONG ANSWER; no speed reported" >&2; exit 1; }

for ((i = 1; i <= RUNS; i++)); do
  log "run $i/$RUNS: datavagt"
  run_datavagt "$i"
  log "run $i/$RUNS: rg"
  run_rg "$i"
done
outs=()
for ((i = 1; i <= RUNS; i++)); do outs+=("$WORK/datavagt.$i.jsonl"); done
check_answer "${outs[@]}" >"$WORK/answers.txt" || {
  cat "$WORK/answers.txt" >&2
  echo "e2e_vs_rg: WRONG ANSWER in a timed run; no speed reported" >&2
  exit 1
}
RG_LINES=$(awk -F: '{s += $NF} END {print s + 0}' "$WORK/rg.1.stdout")

# --- 5. Report ------------------------------------------------------------------------------------------------
python3 - "$WORK/datavagt.times" "$WORK/rg.times" "$BYTES" "$FILES" "$RG_LINES" <<'PY'
import statistics, sys

def load(p):  # wall s, peak RSS KB, user s, system s
    rows = [l.split() for l in open(p) if l.strip()]
    return [float(r[0]) for r in rows], [int(r[1]) for r in rows], [float(r[2]) + float(r[3]) for r in rows]

dv_t, dv_rss, dv_cpu = load(sys.argv[1])
rg_t, rg_rss, rg_cpu = load(sys.argv[2])
nbytes, files, rg_lines = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
dv, rg = statistics.median(dv_t), statistics.median(rg_t)
mbps = lambda t: nbytes / 1e6 / t if t > 0 else float("inf")
print(f"tree: {files} files, {nbytes / 1e6:.1f} MB; runs alternated, {len(dv_t)} each; times in s")
print(f"{'tool':<10} {'median s':>9} {'MB/s':>8} {'CPU s':>7} {'peak RSS MB':>12}   wall s of every run")
for name, t, cpu, rss in (("datavagt", dv_t, dv_cpu, dv_rss), ("rg", rg_t, rg_cpu, rg_rss)):
    m = statistics.median(t)
    print(f"{name:<10} {m:>9.2f} {mbps(m):>8.0f} {statistics.median(cpu):>7.2f} {max(rss) / 1024:>12.1f}   "
          f"{' '.join(f'{x:.2f}' for x in t)}")
ratio = rg / dv if dv > 0 else float("inf")
cpu_ratio = statistics.median(rg_cpu) / max(statistics.median(dv_cpu), 1e-9)
print(f"speed ratio rg/datavagt = {ratio:.2f}  (wall, medians; >1: datavagt faster; "
      f"target >= 1.5: {'met' if ratio >= 1.5 else 'MISSED'})")
print(f"CPU-time ratio rg/datavagt = {cpu_ratio:.2f}  (user+sys; less sensitive to a busy machine)")
print(f"(rg counted {rg_lines} matching lines: a shape count, not an answer to compare)")
PY
sed -n 1p "$WORK/answers.txt" | sed 's/^answer [^:]*: /datavagt answer (run 1): /'
