#!/usr/bin/env python3
"""A small fake share for the policy (overdue, misplaced, departments, owners, excludes), with ground truth.

    python3 corpus/policy_share.py --out DIR [--now EPOCH] [--seed N]

Writes DIR/share/ (text files and two mbox files), DIR/policy.toml (the policy the truth is for: scan from
DIR as `datavagt scan share --policy policy.toml`), DIR/key and DIR/truth.jsonl. Times are relative to `--now`
(default: the clock, as the scanner counts ages to the moment it runs): scan within a few hours of generating.
Modes are set on every file and folder of the share (DIR itself must let 'other' search it, as /tmp does); as
root, some files get another owner or group (uid/gid 1, `daemon` on Debian).

truth.jsonl, one line per file:
  {"path": "share/…", "personal_data": true, "flags": [...], "overdue": {"rule","days","days_over"} | null,
   "misplaced": [...], "department": "…", "responsible": "…", "owner": "…",
   "items": {"<member>": {"rule","days","days_over"} | null}}     (mbox messages: member name -> its verdict)
  {"path": "share/…", "personal_data": false}                      (no record may name it)
  {"path": "share/…", "excluded": true}                            (left out: no record may name it)
Each case is there on purpose: the boundary day (a file exactly 1095 days old is not overdue, 1096 is, by 1),
a rule before another, the default, a forbidden folder, other-readable with and without a closed folder on
the way, a broad owning group, a folder written in NFD matched by a glob in NFC, mail judged on each
message's date in a file modified yesterday, a mail folder rule from the mbox's name, excluded folders.
"""
from __future__ import annotations

import argparse
import email.utils
import datetime as dt
import hashlib
import json
import os
import pwd
import random
import shutil
import sys
import time
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from generate import Numbers, fmt  # noqa: E402  (the corpus generator's CPR rules)

DAY = 86400
PROSE = ("Mødet blev holdt på rådhuset, og referatet sendes ud i næste uge.",
         "Sagen er oprettet og fordelt til en sagsbehandler i afdelingen.",
         "Vi vender tilbage, når vi har gennemgået materialet.")

POLICY = """\
# Written by corpus/policy_share.py: the policy its truth.jsonl is for. Scan from the corpus folder:
#   datavagt scan share --policy policy.toml
[scan]
key_file = "key"
exclude = ["**/Backup/**", "$RECYCLE.BIN"]

[retention]
default_days = 1825
[[retention.rule]]
glob = "share/Jobcenter/Midlertidigt/**"
days = 90
[[retention.rule]]
glob = "share/Jobcenter/**"
days = 1095
[[retention.mail_folder]]
folders = ["Slettet post", "Deleted Items"]
days = 30

[misplaced]
forbid = ["share/Fælles/**"]
world_readable = true
broad_groups = ["daemon"]

[[department]]
name = "Jobcenter"
glob = "**/Jobcenter/**"
responsible = "Hanne Holm"
email = "hanne.holm@vesterby.dk"

[[department]]
name = "Pårørendeteamet"
glob = "**/Ældreplejen/Pårørende/**"
responsible = "Sofie Øster"

[[department]]
name = "Ældreplejen"
glob = "**/Ældreplejen/**"

[[department]]
name = "Borgerservice"
glob = "share/Borgerservice/**"
responsible = "Jens Madsen"

[[department]]
name = "HR"
glob = "**/HR/**"
"""

# Who is responsible, per department (as the policy above says).
RESPONSIBLE = {"Jobcenter": "Hanne Holm", "Pårørendeteamet": "Sofie Øster", "Borgerservice": "Jens Madsen"}


class Share:
    def __init__(self, out: str, now: int, seed: int):
        self.out, self.now = out, now
        self.share = os.path.join(out, "share")
        self.rng = random.Random(seed)
        self.numbers = Numbers(self.rng)
        self.truth: list[dict] = []
        self.root = os.geteuid() == 0

    def cpr(self) -> str:
        return fmt(self.numbers.make("valid", 1940, 2000))

    def folder(self, rel: str, mode: int = 0o755):
        path = os.path.join(self.share, rel)
        os.makedirs(path, exist_ok=True)
        os.chmod(path, mode)

    def write(self, rel: str, text: str, age_seconds: int, mode: int = 0o640, uid: int = 0, gid: int = 0) -> str:
        path = os.path.join(self.share, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(path, mode)
        if self.root:
            os.chown(path, uid, gid)
        t = self.now - age_seconds
        os.utime(path, (t, t))
        return path

    def note(self, with_cpr: bool) -> str:
        lines = [self.rng.choice(PROSE) for _ in range(3)]
        if with_cpr:
            lines.insert(1, f"Borgerens CPR-nr.: {self.cpr()}")
        return "\n".join(lines) + "\n"

    def owner(self, path: str) -> str:
        uid = os.stat(path).st_uid
        try:
            return pwd.getpwuid(uid).pw_name
        except KeyError:
            return f"uid {uid}"

    def personal(self, rel: str, age_days: float, *, mode: int = 0o640, overdue=None, misplaced=(), department="",
                 uid: int = 0, gid: int = 0):
        path = self.write(rel, self.note(True), int(age_days * DAY), mode, uid, gid)
        flags = (["overdue"] if overdue else []) + (["misplaced"] if misplaced else [])
        self.truth.append({"path": "share/" + rel, "personal_data": True, "flags": flags, "overdue": overdue,
                           "misplaced": list(misplaced), "department": department,
                           "responsible": RESPONSIBLE.get(department, ""), "owner": self.owner(path), "items": {}})

    def clean(self, rel: str, age_days: float, mode: int = 0o644):
        self.write(rel, self.note(False), int(age_days * DAY), mode)
        self.truth.append({"path": "share/" + rel, "personal_data": False})

    def excluded(self, rel: str):
        self.write(rel, self.note(True), DAY, 0o644)
        self.truth.append({"path": "share/" + rel, "excluded": True})

    def mbox(self, rel: str, messages: list[tuple[str, float, dict | None]], file_age_days: float, mode: int = 0o640,
             overdue_file_flag: bool = True, department: str = ""):
        """messages: (subject, age in days, expected verdict or None), each holding a CPR number."""
        text, items = "", {}
        for n, (subject, age, verdict) in enumerate(messages, 1):
            when = dt.datetime.fromtimestamp(self.now - int(age * DAY), dt.timezone.utc)
            text += (f"From borger{n}@example.dk {when.strftime('%a %b %d %H:%M:%S %Y')}\n"
                     f"From: Borger {n} <borger{n}@example.dk>\nTo: post@vesterby.dk\nSubject: {subject}\n"
                     f"Date: {email.utils.format_datetime(when)}\nMIME-Version: 1.0\n"
                     f"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
                     f"{self.note(True)}\n")
            items[f"{n} {subject} ({when.strftime('%Y-%m-%d')})"] = verdict
        path = self.write(rel, text, int(file_age_days * DAY), mode)
        any_overdue = any(v for v in items.values())
        self.truth.append({"path": "share/" + rel, "personal_data": True,
                           "flags": ["overdue"] if any_overdue and overdue_file_flag else [], "overdue": None,
                           "misplaced": [], "department": department, "responsible": RESPONSIBLE.get(department, ""),
                           "owner": self.owner(path), "items": items})


def over(rule: str, days: int, days_over: int) -> dict:
    return {"rule": rule, "days": days, "days_over": days_over}


def build(s: Share):
    for rel, mode in [("", 0o755), ("Jobcenter", 0o755), ("Jobcenter/Sager", 0o755), ("Jobcenter/Midlertidigt", 0o755),
                      ("Fælles", 0o755), ("HR", 0o755), ("HR/Personalesager", 0o750), ("Borgerservice", 0o755),
                      ("Ældreplejen", 0o755), ("Mail", 0o750), ("Backup", 0o755), ("$RECYCLE.BIN", 0o755),
                      ("~snapshot", 0o755)]:
        s.folder(rel, mode)
    # Retention: the boundary day, a rule before another, the default; a clean old file is nobody's business.
    s.personal("Jobcenter/Sager/sag_ny.txt", 100, department="Jobcenter")
    s.personal("Jobcenter/Sager/sag_graense.txt", 1095 + 1 / 24, department="Jobcenter")  # day 1095: not yet
    s.personal("Jobcenter/Sager/sag_graense_1.txt", 1096, department="Jobcenter",
               overdue=over("share/Jobcenter/**", 1095, 1))
    s.personal("Jobcenter/Sager/sag_gammel.txt", 1307.5, department="Jobcenter",
               overdue=over("share/Jobcenter/**", 1095, 212))
    s.personal("Jobcenter/Midlertidigt/scanning.txt", 120, department="Jobcenter",
               overdue=over("share/Jobcenter/Midlertidigt/**", 90, 30))
    s.clean("Jobcenter/Sager/ren_gammel.txt", 4000)
    s.personal("HR/notat_gammelt.txt", 2000, overdue=over("default", 1825, 175), department="HR")
    # Misplaced: a forbidden folder; other-readable and reachable; other-readable behind a closed folder;
    # a broad owning group; both flags at once.
    s.personal("Fælles/referat.txt", 3, misplaced=["forbidden: share/Fælles/**"])
    s.personal("Fælles/opslag.txt", 3, mode=0o644,
               misplaced=["forbidden: share/Fælles/**", "readable by Everyone"])
    s.clean("Fælles/ren.txt", 3)
    s.personal("Borgerservice/aaben.txt", 10, mode=0o644, misplaced=["readable by Everyone"], department="Borgerservice")
    s.personal("Borgerservice/lukket.txt", 10, mode=0o600, department="Borgerservice")
    s.personal("Borgerservice/gammel_aaben.txt", 1900, mode=0o644, misplaced=["readable by Everyone"],
               overdue=over("default", 1825, 75), department="Borgerservice")
    s.personal("HR/Personalesager/ansat.txt", 10, mode=0o644, department="HR", uid=1, gid=1)  # the folder is closed
    if s.root:
        s.personal("Borgerservice/gruppe.txt", 10, mode=0o640, gid=1, misplaced=["readable by group daemon"],
                   department="Borgerservice")
    # A folder whose name is stored decomposed (NFD), matched by the policy's glob written precomposed.
    s.folder(unicodedata.normalize("NFD", "Ældreplejen/Pårørende"), 0o755)
    s.personal(unicodedata.normalize("NFD", "Ældreplejen/Pårørende/brev.txt"), 10, department="Pårørendeteamet")
    s.personal("Ældreplejen/journal.txt", 10, department="Ældreplejen")
    # Mail: each message by its own date, in files modified yesterday.
    s.mbox("Mail/Slettet post.mbox", [("Gammel besked", 45, over("mail folder: Slettet post", 30, 15)),
                                      ("Ny besked", 10, None)], 1)
    s.mbox("Mail/Arkiv.mbox", [("Ansøgning fra borger", 2000, over("default", 1825, 175)),
                               ("Svar til borger", 30, None)], 1)
    # Excluded: never scanned, never reported (~snapshot by the test's --exclude, the others by the policy).
    s.excluded("Backup/2019/kopi.txt")
    s.excluded("$RECYCLE.BIN/S-1-5-21-1-2-3-1107/$R1.txt")
    s.excluded("~snapshot/hourly.0/Jobcenter/sag.txt")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--now", type=int, default=None, help="seconds since the epoch (default: the clock)")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args(argv)
    now = a.now if a.now is not None else int(time.time())
    share = os.path.join(a.out, "share")
    if os.path.exists(share):
        shutil.rmtree(share)
    os.makedirs(a.out, exist_ok=True)
    s = Share(a.out, now, a.seed)
    build(s)
    with open(os.path.join(a.out, "policy.toml"), "w", encoding="utf-8") as f:
        f.write(POLICY)
    key = hashlib.sha256(f"datavagt-policy-share/{a.seed}".encode()).digest()
    fd = os.open(os.path.join(a.out, "key"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.write(fd, key)
    os.close(fd)
    with open(os.path.join(a.out, "truth.jsonl"), "w", encoding="utf-8") as f:
        for t in s.truth:
            f.write(json.dumps(t, ensure_ascii=False) + "\n")
    data = sum(1 for t in s.truth if t.get("personal_data"))
    print(f"{len(s.truth)} files: {data} with personal data, "
          f"{sum(1 for t in s.truth if t.get('flags') and 'overdue' in t['flags'])} overdue, "
          f"{sum(1 for t in s.truth if t.get('flags') and 'misplaced' in t['flags'])} misplaced, "
          f"{sum(1 for t in s.truth if t.get('excluded'))} excluded")
    return 0


if __name__ == "__main__":
    sys.exit(main())
