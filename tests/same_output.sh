#!/usr/bin/env bash
# Does a refactoring change what a scan reports? Scans one fixed set of inputs with two datavagt binaries (the
# code before and after) and compares their JSON Lines, sorted, byte for byte.
#
#   tests/same_output.sh inputs DIR              make the inputs in DIR/inputs (once; deterministic)
#   tests/same_output.sh record BIN DIR NAME     scan every input with BIN in three modes into DIR/NAME/
#   tests/same_output.sh compare DIR NAME_A NAME_B [SED]   compare two recordings; exit 1 when they differ
#
# With SED (a `sed -E` script), records that differ are compared again with SED applied to both sides: a
# difference the refactoring means to make (a format's new name) is counted, and must be the only one.
# Inputs (made from this checkout, then kept: a later checkout that moves its fixtures scans the same bytes at
# the same paths): corpus/demo; a share from corpus/generate.py (seed 29, 4M, every document format); that share
# packed as bench/archive_vs_ugrep.sh packs it (zips, .tar.gz, zips in zips); an mbox from bench/gen_mbox.py;
# every fixture under tests/ (files in a fixtures/ folder, the fuzz seeds) and /work/shared/fixtures; and
# containers of those fixtures (the mail fixtures in a zip, in a zip in a zip, twice in one zip, all fixtures in
# a .tar.gz). Each input is scanned with `--member-tasks on -j2`, `--member-tasks off -j2` and `-j1`; the mail
# fixtures and the containers once more with a site dictionary of words their messages hold (the fixtures
# have no CPR numbers: this gives their messages findings), and the containers with it and --max-depth 2. A
# recording holds the sorted JSONL and the exit code of each scan.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
usage() { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
export LC_ALL=C

make_inputs() {
  local dir="$1/inputs"
  if [[ -f "$dir/done" ]]; then echo "inputs: reusing $dir" >&2; return; fi
  rm -rf "$dir" && mkdir -p "$dir"
  cp -r "$ROOT/corpus/demo" "$dir/demo"
  python3 "$ROOT/corpus/generate.py" --out "$dir/gen" --seed 29 --size 4M --profile share >/dev/null
  mv "$dir/gen/share" "$dir/share"
  rm -rf "$dir/gen"
  python3 "$ROOT/bench/gen_mbox.py" --out "$dir/mboxgen" --size 6M --files 1 --seed 5 >/dev/null
  mkdir -p "$dir/mail" && mv "$dir/mboxgen/mail/"* "$dir/mail/" && rm -rf "$dir/mboxgen"
  # Fixtures by their folder's name (odf/brev.odt, mail/testPST_variousBodyTypes.pst, seeds/arkiv.mbox).
  mkdir -p "$dir/fixtures"
  {
    find "$ROOT/tests" -path '*/fixtures/*' -type f -not -name '*.md' -not -name '*.py' -not -name '*.sh' \
      -not -name NOTICE
    find "$ROOT/tests/fuzz/seeds" -type f
    find /work/shared/fixtures -type f -not -name '*.md' 2>/dev/null || true
  } | sort | while read -r f; do
    local to="$dir/fixtures/$(basename "$(dirname "$f")")/$(basename "$f")"
    mkdir -p "$(dirname "$to")"
    [[ -e "$to" ]] && cmp -s "$f" "$to" && continue
    [[ -e "$to" ]] && to="$to.2"
    cp "$f" "$to"
  done
  python3 - "$dir" <<'PY'
import io, os, sys, tarfile, zipfile
d = sys.argv[1]
# The share packed as bench/archive_vs_ugrep.sh packs it.
src, dst = os.path.join(d, "share"), os.path.join(d, "packed")
def name(f):
    if any(0xDC80 <= ord(c) <= 0xDCFF for c in f):
        return f.encode("utf-8", "surrogateescape").decode("latin-1")
    return f
folders = sorted({os.path.dirname(os.path.join(r, f)) for r, _, fs in os.walk(src) for f in fs})
os.makedirs(dst, exist_ok=True)
def zipped(files, folder):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for f in files:
            info = zipfile.ZipInfo(name(f), (2020, 1, 2, 3, 4, 5))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, open(os.path.join(folder, f), "rb").read())
    return buf.getvalue()
def write_zip(path, members):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in members:
            info = zipfile.ZipInfo(n, (2020, 1, 2, 3, 4, 5))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, b)
for i, folder in enumerate(folders):
    files = sorted(f for f in os.listdir(folder) if os.path.isfile(os.path.join(folder, f)))
    rel = os.path.relpath(folder, src).replace(os.sep, "_")
    if i % 4 == 3:
        with tarfile.open(os.path.join(dst, rel + ".tar.gz"), "w:gz") as t:
            for f in files:
                ti = t.gettarinfo(os.path.join(folder, f), arcname=name(f))
                ti.mtime, ti.uid, ti.gid, ti.uname, ti.gname = 1577934245, 0, 0, "", ""
                t.addfile(ti, open(os.path.join(folder, f), "rb"))
    elif i % 8 == 0:
        write_zip(os.path.join(dst, rel + "_outer.zip"), [(rel + ".zip", zipped(files, folder))])
    else:
        open(os.path.join(dst, rel + ".zip"), "wb").write(zipped(files, folder))
# Containers of the fixtures: mail in a zip, in a zip in a zip, the same PST twice, everything in a .tar.gz.
fx = os.path.join(d, "fixtures")
nested = os.path.join(d, "nested")
os.makedirs(nested, exist_ok=True)
mail = sorted(os.path.join(fx, "mail", f) for f in os.listdir(os.path.join(fx, "mail")))
mail_members = [(os.path.basename(p), open(p, "rb").read()) for p in mail]
for f in ("arkiv.mbox", "brev.eml", "winmail.dat"):
    p = os.path.join(fx, "seeds", f)
    if os.path.exists(p):
        mail_members.append((f, open(p, "rb").read()))
write_zip(os.path.join(nested, "post.zip"), mail_members)
inner = io.BytesIO()
with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as z:
    for n, b in mail_members:
        z.writestr(zipfile.ZipInfo(n, (2020, 1, 2, 3, 4, 5)), b)
write_zip(os.path.join(nested, "post_i_post.zip"), [("indre/post.zip", inner.getvalue())])
pst = [b for n, b in mail_members if n.endswith(".pst")]
if pst:
    write_zip(os.path.join(nested, "to_pst.zip"), [("a/export.pst", pst[0]), ("b/kopi.pst", pst[0])])
with tarfile.open(os.path.join(nested, "alle.tar.gz"), "w:gz") as t:
    for r, _, fs in sorted(os.walk(fx)):
        for f in sorted(fs):
            p = os.path.join(r, f)
            ti = t.gettarinfo(p, arcname=os.path.relpath(p, fx))
            ti.mtime, ti.uid, ti.gid, ti.uname, ti.gname = 1577934245, 0, 0, "", ""
            t.addfile(ti, open(p, "rb"))
PY
  # Fixed times: a finding in a member reports its container's mtime.
  find "$dir" -exec touch -h -d '2021-06-01 12:00:00 UTC' {} +
  printf 'same-output-key' >"$dir/key"
  write_terms "$dir"
  touch "$dir/done"
}

write_terms() {
  printf '@kind health\noriginal email\nforwarded\nattachment\nthis is\ntest\nemail\n' >"$1/terms.txt"
}

# name, then the scan's arguments (run in DIR/inputs).
SCANS=(
  "demo|demo"
  "share|share"
  "packed|packed"
  "mail|mail"
  "fixtures|fixtures"
  "nested|nested"
  "mailterms|fixtures/mail nested --terms terms.txt"
  "depth2|nested --terms terms.txt --max-depth 2"
)

record() {
  local bin="$1" dir="$2" out="$2/$3"
  [[ -x "$bin" ]] || { echo "same_output: not executable: $bin" >&2; exit 2; }
  [[ -f "$dir/inputs/done" ]] || make_inputs "$dir"
  rm -rf "$out" && mkdir -p "$out"
  [[ -f "$dir/inputs/terms.txt" ]] || write_terms "$dir/inputs"
  local scan input mode rc
  for scan in "${SCANS[@]}"; do
    input=${scan%%|*}
    local what; read -r -a what <<<"${scan#*|}"
    for mode in on off j1; do
      local args=(--member-tasks on -j2)
      [[ $mode == off ]] && args=(--member-tasks off -j2)
      [[ $mode == j1 ]] && args=(-j1)
      rc=0
      (cd "$dir/inputs" && "$bin" scan "${what[@]}" "${args[@]}" --key-file key --no-progress -q \
        --jsonl "$out/$input.$mode.raw") || rc=$?
      # scan-start and scan-end name the run (its id, host, times): not output to compare.
      { grep -v '^{"kind":"scan-' "$out/$input.$mode.raw" || true; } | sort >"$out/$input.$mode.jsonl" &&
        rm "$out/$input.$mode.raw"
      echo "$rc" >"$out/$input.$mode.exit"
    done
  done
  echo "recorded $(cat "$out"/*.jsonl | wc -l) records of $(find "$dir/inputs" -type f | wc -l) files into $out" >&2
}

compare() {
  local a="$1/$2" b="$1/$3" normalise="${4:-}" f bad=0 records=0 changed=0 explained=0
  for f in "$a"/*.jsonl "$a"/*.exit; do
    local name; name=$(basename "$f")
    [[ $f == *.jsonl ]] && records=$((records + $(wc -l <"$f")))
    cmp -s "$f" "$b/$name" && continue
    local n; n=$(diff "$f" "$b/$name" | grep -c '^>' || true)
    changed=$((changed + n))
    if [[ -n $normalise ]] && cmp -s <(sed -E "$normalise" "$f" | sort) <(sed -E "$normalise" "$b/$name" | sort); then
      explained=$((explained + n))
      continue
    fi
    bad=1
    echo "DIFFERS: $name" >&2
    diff <(sed -E "${normalise:-p;d}" "$f" | sort) <(sed -E "${normalise:-p;d}" "$b/$name" | sort) | cut -c1-400 | head -12 >&2 || true
  done
  local files; files=$(find "$1/inputs" -type f -not -name done -not -name key -not -name terms.txt | wc -l)
  echo "compared $records records ($files input files, ${#SCANS[@]} scans x 3 modes): $changed records differ," \
    "$explained of them only as SED says; $([[ $bad == 0 ]] && echo SAME || echo DIFFERENT)"
  return $bad
}

case "${1:-}" in
  inputs) [[ $# -eq 2 ]] || usage; make_inputs "$2" ;;
  record) [[ $# -eq 4 ]] || usage; record "$(realpath "$2")" "$3" "$4" ;;
  compare) [[ $# -eq 4 || $# -eq 5 ]] || usage; compare "$2" "$3" "$4" "${5:-}" ;;
  *) usage ;;
esac
