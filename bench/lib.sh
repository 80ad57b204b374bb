# What the side-by-side bench scripts share. Source it after setting BENCH (the script's name, for messages):
#   BENCH=archive_vs_ugrep; source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# Gives ROOT (the checkout), log, CPR_REGEX (the CPR shape for the peers' -P), and:
#   bench_need CMD=PACKAGE ...   installs the packages of missing commands (as root), else exits 2
#   bench_datavagt               DATAVAGT (default build-release/scanner/datavagt), checked executable
#   bench_workdir                WORK, a temporary folder removed on exit
#   bench_run NAME I CMD...      runs CMD under GNU time (exit 0 or 1 is fine: "no match"), appending
#                                "wall_s peak_rss_kb user_s sys_s" to $WORK/NAME.times; output in $WORK/NAME.I.out/.err
#                                (bench/benchlib.py's load_times reads them: medians of wall and CPU time)
#   bench_load                   the machine's load (uptime), for the record of a measurement
# Python parts can `import benchlib` (bench/benchlib.py: a tolerant JSONL reader, the timing rows).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CPR_REGEX='(?<![0-9])[0-3][0-9][01][0-9][0-9]{2}[- ]?[0-9]{4}(?![0-9])'
export PYTHONPATH="$ROOT/bench${PYTHONPATH:+:$PYTHONPATH}"
log() { printf '== %s\n' "$*" >&2; }

bench_need() {
  local want=() spec
  for spec in "$@"; do
    if [[ ${spec%%=*} == /* ]]; then [[ -x ${spec%%=*} ]] || want+=("${spec#*=}")
    else command -v "${spec%%=*}" >/dev/null || want+=("${spec#*=}"); fi
  done
  [[ ${#want[@]} -eq 0 ]] && return 0
  [[ $(id -u) -eq 0 ]] || { echo "$BENCH: please install: ${want[*]}" >&2; exit 2; }
  apt-get install -y -q --no-install-recommends "${want[@]}" >/dev/null
}

bench_datavagt() {
  DATAVAGT="${DATAVAGT:-$ROOT/build-release/scanner/datavagt}"
  [[ -x "$DATAVAGT" ]] || { echo "$BENCH: not executable: $DATAVAGT (./run bench builds it)" >&2; exit 2; }
}

bench_workdir() {
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/$BENCH.XXXXXX")"
  trap 'rm -rf "$WORK"' EXIT
}

bench_run() {
  local name="$1" i="$2" rc=0
  shift 2
  /usr/bin/time -f '%e %M %U %S' -o "$WORK/$name.$i.time" "$@" >"$WORK/$name.$i.out" 2>"$WORK/$name.$i.err" || rc=$?
  [[ $rc -le 1 ]] || { echo "$BENCH: $name failed (exit $rc)" >&2; tail -3 "$WORK/$name.$i.err" >&2; exit 2; }
  # GNU time writes "Command exited with non-zero status 1" before the figures: keep the last line.
  tail -1 "$WORK/$name.$i.time" >>"$WORK/$name.times"
}

bench_load() { uptime | sed 's/.*load average: */load average /'; }
