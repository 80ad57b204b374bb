#!/usr/bin/env python3
"""Deterministic mbox files for the mail benchmark, with ground truth.

    python3 bench/gen_mbox.py --out DIR --size 1G [--files 8] [--seed 11]

Writes DIR/mail/archive_N.mbox (messages of Danish prose with RFC 2047 subjects, quoted-printable and 8-bit
bodies, a third with a base64 text attachment) and DIR/truth.jsonl: one line per planted CPR number,
{"file", "message" (1-based index in its mbox), "digits", "where": "body" | "attachment"}. Planted numbers are
mod-11 valid with a valid birth date and a keyword before them ("CPR-nr.:"); nothing else in the text is
CPR-shaped. A CPR in a body is plain text (a grep sees it); one in an attachment is inside base64 (a grep does not).
"""
from __future__ import annotations

import argparse
import base64
import datetime as dt
import email.header
import email.utils
import json
import os
import quopri
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "corpus"))
from generate import cpr_shape, parse_size  # noqa: E402  (the corpus generator's CPR rules)

WORDS = ("kommunen borgeren sagen ansøgning boligstøtte afgørelse bevilling klage frist møde afdelingen "
         "sagsbehandler tilskud udbetaling skole forældre barnet kørsel fritid hjælp vejledning oplysninger "
         "journal notat dokumentation brev telefon henvendelse aftale opfølgning økonomi budget regnskab "
         "konto beløb måned år uge dag tid sted adresse vej by kontor borgerservice og i på til af med "
         "for om at er har vil kan skal blev bliver ikke også men eller så som der den det de en et").split()
SUBJECTS = ("Ansøgning om boligstøtte", "Klage over afgørelse", "Mødeindkaldelse", "Spørgsmål til sagen",
            "Vedr. kørsel til skole", "Opfølgning på samtale", "Bevilling af tilskud", "Ændring af adresse",
            "Referat fra møde", "Svar på henvendelse")


def valid_cpr(rng: random.Random) -> str:
    while True:
        date = dt.date(1930, 1, 1) + dt.timedelta(days=rng.randrange(0, 80 * 365))
        yy = date.year % 100
        c = 0 if date.year < 2000 else 4
        d = f"{date.day:02d}{date.month:02d}{yy:02d}{c}{rng.randrange(0, 1000):03d}"
        if cpr_shape(d) == "cpr":
            return d


def prose_line(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 14))).capitalize() + "."


def message(rng, index, when, body_cpr, attach_cpr, attachments):
    subject = rng.choice(SUBJECTS) + f" {index}"
    enc_subject = email.header.Header(subject, "utf-8").encode()
    lines = [prose_line(rng) for _ in range(rng.randint(5, 40))]
    if body_cpr:
        lines.insert(rng.randrange(len(lines) + 1), f"Mit CPR-nr.: {body_cpr[:6]}-{body_cpr[6:]} tak.")
    text = "\n".join(lines) + "\n"
    date = email.utils.format_datetime(when)
    head = (f"Return-Path: <borger{index}@example.dk>\nFrom: =?utf-8?q?S=C3=B8ren_Borger?= <borger{index}@example.dk>\n"
            f"To: Borgerservice <post@kommune.example.dk>\nSubject: {enc_subject}\nDate: {date}\n"
            f"Message-ID: <{index}.{rng.randrange(10**9)}@example.dk>\nMIME-Version: 1.0\n")
    qp = rng.random() < 0.5
    body_part = ("Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: "
                 + ("quoted-printable\n\n" + quopri.encodestring(text.encode()).decode() if qp else "8bit\n\n" + text))
    if not (attach_cpr or rng.random() < 0.33):
        return head + body_part + "\n"
    att = rng.choice(attachments)
    if attach_cpr:
        att = att + f"\nCPR-nr.: {attach_cpr[:6]}-{attach_cpr[6:]}\n"
    att64 = base64.encodebytes(att.encode()).decode()
    return (head + 'Content-Type: multipart/mixed; boundary="=_b"\n\n--=_b\n' + body_part +
            '\n--=_b\nContent-Type: text/plain; charset=utf-8; name="bilag.txt"\n'
            'Content-Disposition: attachment; filename="bilag.txt"\nContent-Transfer-Encoding: base64\n\n'
            + att64 + "--=_b--\n\n")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--size", default="1G")
    ap.add_argument("--files", type=int, default=8)
    ap.add_argument("--seed", type=int, default=11)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    total = parse_size(a.size)
    os.makedirs(os.path.join(a.out, "mail"), exist_ok=True)
    attachments = ["\n".join(prose_line(rng) for _ in range(rng.randint(200, 1500))) for _ in range(16)]
    used = set()
    with open(os.path.join(a.out, "truth.jsonl"), "w", encoding="utf-8") as truth:
        for f in range(1, a.files + 1):
            rel = f"mail/archive_{f}.mbox"
            size, index = 0, 0
            when = dt.datetime(2015, 1, 1, 8, 0, tzinfo=dt.timezone.utc)
            with open(os.path.join(a.out, rel), "w", encoding="utf-8", newline="\n") as out:
                while size < total // a.files:
                    index += 1
                    when += dt.timedelta(minutes=rng.randint(5, 600))
                    body_cpr = attach_cpr = None
                    if rng.random() < 1 / 200:
                        body_cpr = valid_cpr(rng)
                    elif rng.random() < 1 / 400:
                        attach_cpr = valid_cpr(rng)
                    for d, where in ((body_cpr, "body"), (attach_cpr, "attachment")):
                        if d and d not in used:
                            used.add(d)
                            truth.write(json.dumps({"file": rel, "message": index, "digits": d, "where": where}) + "\n")
                        elif d:  # a repeat: drop it, so every number is planted once
                            body_cpr = None if where == "body" else body_cpr
                            attach_cpr = None if where == "attachment" else attach_cpr
                    m = (f"From borger{index}@example.dk {when.strftime('%a %b %e %H:%M:%S %Y')}\n"
                         + message(rng, index, when, body_cpr, attach_cpr, attachments))
                    out.write(m)
                    size += len(m.encode())
    return 0


if __name__ == "__main__":
    sys.exit(main())
