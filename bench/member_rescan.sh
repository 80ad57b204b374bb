#!/usr/bin/env bash
# Members known from an earlier run (issue 7 pt 2, issue 12 pt 3): the nightly scan of a mail folder where
# tonight's new mails carry the attachments of last night's. Makes night 1 (MAILS .eml files, each with one or
# two attachments from a pool of ATTACHMENTS: Danish case notes of 30-450 KB of text as .txt and .docx, 1 in 4
# with a CPR number),
# and night 2 (MAILS new mails drawing on the same pool). Per run, alternating the binaries: a first scan of
# night 1 into a fresh store ("first"), then night 2 moved in and a rescan with the same store ("night2").
# Checks that night 2's records are those of a scan without the store, then prints the medians of wall and CPU
# time, and each binary's members_reused in night 2.
#   bench/member_rescan.sh [RUNS]   (MAILS=500, ATTACHMENTS=50, THREADS= for -j,
#                                    DATAVAGT=build-release/scanner/datavagt, BASE= a binary to compare with)
set -euo pipefail
BENCH=member_rescan
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_need /usr/bin/time=time
bench_datavagt
bench_workdir
RUNS="${1:-5}"
MAILS="${MAILS:-500}"
ATTACHMENTS="${ATTACHMENTS:-50}"
THREADS="${THREADS:+-j $THREADS}"

log "making 2 x $MAILS mails with attachments from a pool of $ATTACHMENTS"
python3 - "$WORK" "$MAILS" "$ATTACHMENTS" <<'PY'
import io, os, random, sys, zipfile
from email.message import EmailMessage
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone
work, mails, pool_size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rnd = random.Random(11)
words = ("sagen borgeren mødet notatet aftalen bevillingen ansøgningen status opfølgning kommunen afdelingen "
         "hjemmeplejen sagsbehandleren tilbuddet ydelsen genoptræning handleplanen vurderingen").split()
def prose(n):
    return " ".join(rnd.choice(words) for _ in range(n)).capitalize() + ".\n"
def cpr():  # valid mod 11
    while True:
        d = [rnd.randint(1, 28), rnd.randint(1, 12), rnd.randint(40, 99), rnd.randint(0, 999)]
        s = f"{d[0]:02d}{d[1]:02d}{d[2]:02d}4{d[3]:03d}"
        if sum(int(c) * w for c, w in zip(s, [4, 3, 2, 7, 6, 5, 4, 3, 2, 1])) % 11 == 0:
            return s[:6] + "-" + s[6:]
def docx(text):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                   'officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("word/document.xml", '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats'
                   '.org/wordprocessingml/2006/main"><w:body>' + "".join(
                       f"<w:p><w:r><w:t>{l}</w:t></w:r></w:p>" for l in text.splitlines()) + "</w:body></w:document>")
    return b.getvalue()
pool = []
for i in range(pool_size):
    text = "".join(prose(rnd.randint(20, 60)) for _ in range(rnd.randint(100, 1500)))
    if i % 4 == 0:
        text += f"Borgerens CPR-nr.: {cpr()}\n"
    if i % 2:
        pool.append((f"notat{i}.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                     docx(text)))
    else:
        pool.append((f"notat{i}.txt", "text/plain", text.encode()))
start = datetime(2026, 11, 1, 9, tzinfo=timezone.utc)
for night in (1, 2):
    for m in range(mails):
        msg = EmailMessage()
        msg["From"] = "sagsbehandler@kommune.dk"
        msg["To"] = "team@kommune.dk"
        msg["Subject"] = f"Sag {night}-{m}"
        msg["Date"] = format_datetime(start + timedelta(days=night, minutes=m))
        msg.set_content(prose(rnd.randint(10, 80)))
        for name, ctype, data in rnd.sample(pool, rnd.randint(1, 2)):
            main, sub = ctype.split("/")
            msg.add_attachment(data, maintype=main, subtype=sub, filename=name)
        d = os.path.join(work, f"night{night}", f"mappe{m % 20:02d}")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, f"mail{m:05d}.eml"), "wb") as f:
            f.write(bytes(msg))
PY
export DATAVAGT_CACHE_DIR="$WORK/cache"
KEY="$WORK/key"
head -c 32 /dev/urandom | base64 >"$KEY"
chmod 600 "$KEY"
mkdir -p "$WORK/share"
mv "$WORK/night1" "$WORK/share/night1"
binaries=("new=$DATAVAGT")
[[ -n "${BASE:-}" ]] && binaries+=("base=$BASE")
for i in $(seq 1 "$RUNS"); do
  for b in "${binaries[@]}"; do
    name="${b%%=*}" bin="${b#*=}" db="$WORK/$name.db"
    rm -f "$db" "$db-wal" "$db-shm"
    bench_run "first_$name" "$i" "$bin" scan -q --no-progress --key-file "$KEY" --db "$db" $THREADS "$WORK/share"
    mv "$WORK/night2" "$WORK/share/night2"
    bench_run "night2_$name" "$i" "$bin" scan -q --no-progress --key-file "$KEY" --db "$db" $THREADS \
      --jsonl "$WORK/night2_$name.jsonl" "$WORK/share"
    mv "$WORK/share/night2" "$WORK/night2"
  done
done
# The answer: night 2's records (the whole share, with the store) are those of a scan without a store.
mv "$WORK/night2" "$WORK/share/night2"
"$DATAVAGT" scan -q --no-progress --key-file "$KEY" $THREADS --jsonl "$WORK/plain.jsonl" "$WORK/share" || [[ $? -eq 1 ]]
for b in "${binaries[@]}"; do
  cmp -s <(grep -v '"kind":"scan-' "$WORK/plain.jsonl" | sort) \
         <(grep -v '"kind":"scan-' "$WORK/night2_${b%%=*}.jsonl" | sort) ||
    { echo "$BENCH: ${b%%=*}'s rescan does not report what a scan without the store does" >&2; exit 1; }
done
log "$(bench_load)"
python3 - "$WORK" "${binaries[@]}" <<'PY'
import json, sys
import benchlib
work, binaries = sys.argv[1], [b.split("=")[0] for b in sys.argv[2:]]
print(f"{'':8} {'first wall':>11} {'first CPU':>10} {'night2 wall':>12} {'night2 CPU':>11} {'members_reused':>15}")
rows = {}
for b in binaries:
    first = benchlib.load_times(f"{work}/first_{b}.times")
    night = benchlib.load_times(f"{work}/night2_{b}.times")
    reused = 0
    with open(f"{work}/night2_{b}.jsonl") as f:
        for line in f:
            if '"scan-end"' in line:
                reused = json.loads(line).get("members_reused", 0)
    rows[b] = (first, night)
    print(f"{b:8} {first.median_wall():10.2f}s {first.median_cpu():9.2f}s {night.median_wall():11.2f}s "
          f"{night.median_cpu():10.2f}s {reused:15}")
if "base" in rows:
    n, o = rows["new"], rows["base"]
    r = lambda a, b: (a.median_wall() / b.median_wall(), a.median_cpu() / b.median_cpu())
    print("new/base: first %.2fx wall, %.2fx CPU; night 2 %.2fx wall, %.2fx CPU" % (*r(n[0], o[0]), *r(n[1], o[1])))
PY
