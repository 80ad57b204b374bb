#!/usr/bin/env python3
"""Deterministic fake-data corpus generator for Datavagt.

Writes a fake Danish municipal file share with planted CPR numbers (positives) and dangerous look-alikes
(decoys), as text files and as DOCX, XLSX, PPTX, ODT, ODS, PDF and RTF documents (documents.py), plus a ground
truth (truth.jsonl) that names every planted number only by a masked value and a keyed
HMAC-SHA256 fingerprint.  Everything is derived from --seed: two runs with the same (seed, size, profile)
produce byte-identical trees (names, contents and mtimes).  Standard library only.

    python3 corpus/generate.py --out DIR [--seed N] [--size 5M]
                               [--profile share|bench-text|bench-realistic|many-small]
                               [--formats text,docx,xlsx,pptx,odt,ods,pdf,rtf] [--size-classes SPEC]
                               [--files N] [--key-file K] [--force]

See corpus/README.md for the rules the planted numbers follow.
"""
from __future__ import annotations

import argparse
import bisect
import collections
import datetime as dt
import hashlib
import hmac
import html
import json
import math
import os
import random
import re
import shutil
import sys

import documents
import sensitive_terms

# --------------------------------------------------------------------------------------------------------------
# CPR rules (see /work/shared/reference/cpr.md)

TODAY = dt.date(2026, 11, 1)           # fixed "today": never use the clock, the corpus must be reproducible
WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
EXCEPTION_YEARS = (1960, 1962, 1964, 1965, 1966, 1967, 1969, 1970, 1974, 1975, 1978,
                   *range(1980, 1993), 1994, 1995)
assert len(EXCEPTION_YEARS) == 26
MTIME_LO = int(dt.datetime(2010, 1, 1, tzinfo=dt.timezone.utc).timestamp())
MTIME_HI = int(dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc).timestamp())
GAP = 200   # prose characters kept between conflicting items (the rule says 150; 50 of margin)


def century(yy: int, c: int) -> int:
    if c <= 3:
        return 1900
    if c in (4, 9):
        return 2000 if yy <= 36 else 1900
    return 2000 if yy <= 57 else 1800          # 5-8


def century_digits(year: int) -> list[int]:
    """Digit-7 values that give `year` under the century table."""
    yy = year % 100
    return [c for c in range(10) if century(yy, c) + yy == year]


def birth_date(d: str):
    """(date, is_replacement) for a 10-digit string, or None if no valid, non-future date."""
    dd, mm, yy, c = int(d[0:2]), int(d[2:4]), int(d[4:6]), int(d[6])
    repl = dd > 60
    if repl:
        dd -= 60
    try:
        date = dt.date(century(yy, c) + yy, mm, dd)
    except ValueError:
        return None
    if date > TODAY:
        return None
    return date, repl


def mod11_ok(d: str) -> bool:
    return sum(w * int(x) for w, x in zip(WEIGHTS, d)) % 11 == 0


def is_exception_date(date: dt.date) -> bool:
    return date.month == 1 and date.day == 1 and date.year in EXCEPTION_YEARS


def cpr_shape(d: str):
    """Kind a context-free detector would report for these 10 digits ('cpr' / 'cpr-replacement'), else None."""
    r = birth_date(d)
    if r is None:
        return None
    date, repl = r
    if mod11_ok(d) or is_exception_date(date):
        return "cpr-replacement" if repl else "cpr"
    return None


def kind_of(d: str) -> str:
    return "cpr-replacement" if 61 <= int(d[0:2]) <= 91 else "cpr"


def fmt(d: str, sep: str = "-") -> str:
    return d[:6] + sep + d[6:]


def masked(d: str) -> str:
    return d[:6] + "-XXXX"


# --------------------------------------------------------------------------------------------------------------
# Guards: filler must never look like a CPR or carry a keyword by accident

RE_LONG_RUN = re.compile(r"\d{9,}")
RE_SIX = re.compile(r"(?<!\d)\d{6}(?!\d)")      # stricter than the 6+4 rule: no bare 6-digit run at all
RE_POS_KW = re.compile(r"cpr|person\s*n(?:umme)?r|sygesikring|f\u00f8dt|f\u00f8dsel|sundhedskort|"
                       r"personregister", re.I)
RE_NEG_KW = re.compile(r"faktura|ordre|bilag|kunde|konto|p-n(?:umme)?r|p\.nr|timestamp|\bts\b", re.I)


SENSITIVE = sensitive_terms.Matcher()  # the scanner's dictionaries, read independently
SENSITIVE_SENTENCES = sensitive_terms.load_sentences(
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "sensitive_sentences.tsv"))
# Sensitive sentences go only into case notes up to this size: a lone term in a long text scores below the
# scanner's default --min-score on purpose (a stray word in a 300-page report is not a case about a person).
SENSITIVE_MAX_CHARS = 40000


def filler_problem(s: str):
    for rx, what in ((RE_LONG_RUN, "9+ digit run"), (RE_SIX, "6-digit run"), (RE_POS_KW, "positive keyword"),
                     (RE_NEG_KW, "negative label")):
        m = rx.search(s)
        if m:
            return f"{what} {m.group(0)!r} in {s[max(0, m.start() - 40):m.end() + 40]!r}"
    hit = SENSITIVE.first_hit(s)
    if hit:
        return f"sensitive {hit} in {s[:120]!r}"
    return None


def check_filler(s: str) -> str:
    p = filler_problem(s)
    if p:
        raise AssertionError("filler: " + p)
    return s


# --------------------------------------------------------------------------------------------------------------
# Danish vocabulary

FIRST = ["Søren", "Mette", "Anne", "Kirsten", "Hanne", "Lone", "Birgitte", "Jens", "Peter", "Lars", "Henrik",
         "Mads", "Frederik", "Ida", "Freja", "Sofie", "Emil", "Noah", "Aksel", "Bjørn", "Jørgen", "Åse", "Ærling",
         "Signe", "Maja", "Oliver", "Karen", "Inge", "Niels", "Morten", "Rasmus", "Camilla", "Louise", "Gunnar",
         "Sørine", "Kåre", "Mikkel", "Asger", "Line", "Tove", "Helle", "Bodil", "Jesper", "Torben", "Østen"]
MIDDLE = ["Ærø", "Bøgh", "Kjær", "Højer", "Lund", "Mølgaard", "Dal", "Brøgger", "Skov", "Holm", "Bæk"]
LAST = ["Østergård", "Sørensen", "Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen",
        "Rasmussen", "Poulsen", "Mortensen", "Jæger", "Løkke", "Frølund", "Brøndum", "Hvidkjær", "Nørgaard",
        "Kjærgaard", "Mølgaard", "Damgaard", "Bækgaard", "Thygesen", "Lauridsen", "Kristiansen", "Søndergaard",
        "Vestergaard", "Dahl", "Holm", "Lund", "Krøyer", "Fænø", "Ågesen", "Bøje", "Skærbæk"]
STREETS = ["Østergade", "Vestergade", "Nørregade", "Søndergade", "Kærvej", "Skovbrynet", "Møllevej",
           "Åboulevarden", "Bøgevej", "Lærkevej", "Fjordgade", "Strandvejen", "Kirkestræde", "Ågade",
           "Hørsholmvej", "Rådhuspladsen", "Egevænget", "Kløvermarken", "Højskolevej", "Ærtebjergvej"]
TOWNS = ["8000 Aarhus C", "5000 Odense C", "9000 Aalborg", "6700 Esbjerg", "7100 Vejle", "4000 Roskilde",
         "2300 København S", "8600 Silkeborg", "3400 Hillerød", "6000 Kolding", "8900 Randers", "4700 Næstved",
         "7400 Herning", "2630 Taastrup", "4600 Køge", "3000 Helsingør", "9800 Hjørring", "6400 Sønderborg",
         "5700 Svendborg", "7500 Holstebro", "8700 Horsens", "6100 Haderslev", "4200 Slagelse", "9700 Brønderslev"]
YDELSER = ["boligstøtte", "kontanthjælp", "sygedagpenge", "førtidspension", "enkeltydelse", "hjælpemidler",
           "tandpleje", "ledighedsydelse", "særlig støtte", "friplads i daginstitution", "ressourceforløb",
           "revalidering", "merudgifter", "støtte til handicapbil", "flytning af folkeregisteradresse",
           "ny sundhedsplejerske", "hjemmehjælp", "madordning", "aflastning", "boligindretning"]
AFD = ["Borgerservice", "Jobcentret", "Økonomiafdelingen", "HR-afdelingen", "Skoleafdelingen", "Teknik & Miljø",
       "Ældreplejen", "Familieafdelingen", "Sundhedsplejen", "Byggesagsafdelingen", "Vej og Park", "Kultur & Fritid"]
STILLING = ["sagsbehandler", "pædagog", "lærer", "social- og sundhedshjælper", "jurist", "vejmand",
            "økonomimedarbejder", "sekretær", "afdelingsleder", "konsulent", "skolesekretær", "ergoterapeut"]
VARER = ["papir og toner", "rengøringsmidler", "IT-udstyr", "møbler", "forplejning", "vinterbekæmpelse",
         "skolemælk", "licenser", "arbejdstøj", "legepladsudstyr", "vikarydelser", "snerydning", "kørsel"]
SKOLER = ["Vesterbyskolen", "Nørrebakkeskolen", "Åskolen", "Søndervangskolen", "Højvangskolen", "Fjordskolen"]
UGEDAGE = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag"]
MUNICIPALITY = "Fjordby Kommune"

SENTENCES = [
    "{navn} har henvendt sig i Borgerservice angående {ydelse}.",
    "Sagsbehandleren har den {dato} gennemgået ansøgningen og vurderer, at betingelserne er opfyldt.",
    "Der blev afholdt møde med borgeren den {dato} kl. {kl}, hvor {navn} deltog som bisidder.",
    "Borgeren oplyser at bo på adressen {adresse}.",
    "Der udbetales {beløb} pr. måned med virkning fra den {dato}.",
    "{fornavn} kan kontaktes på telefon {tlf} mellem kl. 9 og 12.",
    "Leverandøren er registreret med CVR {cvr} og har adresse på {adresse}.",
    "Ansøgningen om {ydelse} er modtaget og journaliseret under sagsnr. {sagsnr}.",
    "Næste opfølgningssamtale er planlagt til {ugedag} den {dato} kl. {kl}.",
    "Afgørelsen sendes til borgeren via Digital Post.",
    "Der er indhentet lægelige oplysninger fra egen læge med borgerens samtykke.",
    "Jobcentret vurderer, at {fornavn} kan deltage i et virksomhedspraktikforløb på {antal} timer om ugen.",
    "Mødet blev ledet af {navn}, og referatet blev godkendt uden bemærkninger.",
    "Udvalget drøftede budgettet for {afd} og besluttede at udsætte punktet til næste møde.",
    "Der henvises til tidligere korrespondance af {dato}.",
    "Borgeren er informeret om klageadgang og frister.",
    "Sagen er overdraget til {afd} til videre behandling.",
    "Der er bevilget {ydelse} for perioden {dato} til {dato2}.",
    "Forældrene er orienteret om skolens ordensregler og trivselspolitik.",
    "Eleven har haft {antal} dages fravær i indeværende skoleår.",
    "Medarbejderen er ansat som {stilling} i {afd} med virkning fra {dato}.",
    "Lønnen udgør {beløb} om måneden inklusive tillæg.",
    "Den samlede udgift forventes at blive {beløb}.",
    "Vejen ved {adresse} lukkes for gennemkørsel i uge {uge}.",
    "Henvendelsen er besvaret pr. e-mail til {email}.",
    "{navn} fra {afd} orienterede om status på arbejdet med den nye sagsgang.",
    "Der er afsat {beløb} til indkøb af {vare} i indeværende år.",
    "Borgeren ønsker at blive kontaktet på {tlf} efter kl. {kl}.",
    "Det blev aftalt, at {fornavn} sender de manglende oplysninger senest den {dato}.",
    "Hjemmeplejen kommer {antal} gange om ugen, og borgeren er tilfreds med ordningen.",
    "Tilsynet på {skole} den {dato} gav ikke anledning til bemærkninger.",
    "{fornavn} går i {klasse} på {skole} og trives godt i klassen.",
    "Der er modtaget partshøringssvar fra {navn} den {dato}.",
    "Ydelsen er beregnet ud fra en årsindkomst på {beløb}.",
    "Borgeren har fået udleveret en kopi af sagens akter.",
    "Kommunen har ikke modtaget yderligere oplysninger i sagen.",
    "Sagen genoptages, når dokumentationen foreligger.",
    "{navn} bor sammen med sin ægtefælle på {adresse}.",
    "Mødet sluttede kl. {kl}, og næste møde holdes {ugedag} den {dato}.",
    "Der er ryddet op i sagsmappen, og dubletter er slettet.",
    "Afdelingen har i alt {antal} åbne sager, hvilket er på niveau med sidste år.",
    "Det videre forløb blev drøftet med {fornavn} og dennes pårørende.",
    "Henvendelser kan rettes til {afd} på telefon {tlf}.",
    "Der er søgt om dispensation fra lokalplanen for ejendommen {adresse}.",
    "Byggetilladelsen blev meddelt den {dato} på vilkår om støjdæmpning.",
]
ECON_SENTENCES = [
    "Leverancen af {vare} til {afd} er modtaget og kontrolleret den {dato}.",
    "Beløbet på {beløb} forfalder til betaling den {dato}.",
    "Der er tale om levering i henhold til rammeaftalen for {vare}.",
    "Ved for sen betaling pålægges et gebyr på {beløb}.",
    "Spørgsmål kan rettes til Økonomiafdelingen på telefon {tlf}.",
    "Leverandøren er registreret med CVR {cvr} og har adresse på {adresse}.",
    "Betalingen er godkendt af {navn}, {afd}.",
    "Prisen er inklusive moms og levering til {adresse}.",
    "Der er givet en rabat på {antal} procent i henhold til aftalen.",
    "Udgiften konteres under {afd} i regnskabsåret {år}.",
    "Betalingsbetingelser: netto 30 dage fra den {dato}.",
    "Varerne blev leveret {ugedag} den {dato} og kvitteret af {navn}.",
]


def ascii_fold(s: str) -> str:
    for a, b in (("æ", "ae"), ("ø", "oe"), ("å", "aa"), ("Æ", "Ae"), ("Ø", "Oe"), ("Å", "Aa"), ("é", "e")):
        s = s.replace(a, b)
    return s


class Vocab:
    """Slot fillers for the sentence templates; every value is digit-safe by construction."""

    def __init__(self, rng: random.Random):
        self.r = rng

    def fornavn(self):
        return self.r.choice(FIRST)

    def navn(self):
        r = self.r
        mid = (" " + r.choice(MIDDLE)) if r.random() < 0.3 else ""
        return f"{r.choice(FIRST)}{mid} {r.choice(LAST)}"

    def dato(self):
        r = self.r
        y = r.randint(2010, 2026)
        m = r.randint(1, 10 if y == 2026 else 12)
        return f"{r.randint(1, 28):02d}.{m:02d}.{y}"

    dato2 = dato

    def kl(self):
        return f"{self.r.randint(8, 16)}.{self.r.choice(['00', '15', '30', '45'])}"

    def beløb(self):
        r = self.r
        v = r.choice([r.randint(50, 999), r.randint(1000, 99999), r.randint(100000, 2500000)])
        s = f"{v:,}".replace(",", ".")
        return f"{s},{r.choice(['00', '00', '50', '25', '75'])} kr."

    def tlf(self):
        r = self.r
        g = [r.randint(20, 99)] + [r.randint(0, 99) for _ in range(3)]
        s = " ".join(f"{x:02d}" for x in g)
        return ("+45 " + s) if r.random() < 0.6 else s

    def adresse(self):
        r = self.r
        floor = f", {r.randint(1, 5)}. {r.choice(['tv.', 'th.', 'mf.'])}" if r.random() < 0.4 else ""
        return f"{r.choice(STREETS)} {r.randint(1, 180)}{floor}, {r.choice(TOWNS)}"

    def cvr(self):
        return str(self.r.randint(10000000, 99999999))

    def sagsnr(self):
        return f"{self.r.randint(2012, 2026)}-{self.r.randint(1, 99999):05d}"

    def afd(self):
        return self.r.choice(AFD)

    def ydelse(self):
        return self.r.choice(YDELSER)

    def ugedag(self):
        return self.r.choice(UGEDAGE)

    def antal(self):
        return str(self.r.randint(1, 40))

    def uge(self):
        return str(self.r.randint(1, 52))

    def stilling(self):
        return self.r.choice(STILLING)

    def vare(self):
        return self.r.choice(VARER)

    def skole(self):
        return self.r.choice(SKOLER)

    def klasse(self):
        return f"{self.r.randint(0, 9)}.{self.r.choice('ABCD')}"

    def år(self):
        return str(self.r.randint(2012, 2026))

    def email(self):
        a = ascii_fold(self.r.choice(FIRST)).lower()
        b = ascii_fold(self.r.choice(LAST)).lower()
        return f"{a}.{b}@fjordby.dk"

    _slot = re.compile(r"\{(\w+)\}")

    def fill(self, template: str, **given) -> str:
        s = self._slot.sub(lambda m: given[m.group(1)] if m.group(1) in given else getattr(self, m.group(1))(),
                           template)
        return s.replace("kr..", "kr.")


class Prose:
    """A checked pool of filler sentences; paragraphs are drawn from it (fast and deterministic)."""

    def __init__(self, rng: random.Random, vocab: Vocab, n: int = 3000, templates=SENTENCES):
        self.r = rng
        self.pool = [check_filler(vocab.fill(rng.choice(templates))) for _ in range(n)]

    def sentence(self) -> str:
        return self.r.choice(self.pool)

    def paragraph(self, lo: int = 2, hi: int = 5) -> str:
        return " ".join(self.r.choice(self.pool) for _ in range(self.r.randint(lo, hi)))


# --------------------------------------------------------------------------------------------------------------
# Numbers

class Numbers:
    """Makes planted numbers; never hands out the same 10 digits twice in one corpus."""

    def __init__(self, rng: random.Random):
        self.r = rng
        self.used: dict[str, None] = {}

    def _date(self, y0: int, y1: int) -> dt.date:
        lo = dt.date(y0, 1, 1).toordinal()
        hi = min(dt.date(y1, 12, 31), TODAY).toordinal()
        return dt.date.fromordinal(self.r.randint(lo, hi))

    def _digits(self, date: dt.date, mod11: bool, replacement: bool = False):
        r = self.r
        day = date.day + (60 if replacement else 0)
        head = f"{day:02d}{date.month:02d}{date.year % 100:02d}"
        for _ in range(100):
            nine = head + str(r.choice(century_digits(date.year))) + f"{r.randint(0, 99):02d}"
            s = sum(w * int(x) for w, x in zip(WEIGHTS, nine))
            if mod11:
                last = (-s) % 11
                if last == 10:
                    continue
            else:
                last = r.choice([x for x in range(10) if (s + x) % 11 != 0])
            d = nine + str(last)
            if d not in self.used:
                self.used[d] = None
                return d
        return None

    def make(self, what: str, y0: int = 1932, y1: int = 2025) -> str:
        while True:
            if what == "valid":
                d = self._digits(self._date(y0, y1), True)
            elif what == "replacement":
                d = self._digits(self._date(y0, y1), True, replacement=True)
            elif what == "exception":
                d = self._digits(dt.date(self.r.choice(EXCEPTION_YEARS), 1, 1), False)
            elif what == "fail":
                date = self._date(y0, y1)
                if is_exception_date(date):
                    continue
                d = self._digits(date, False)
            else:
                raise ValueError(what)
            if d:
                return d

    def invalid_date(self) -> str:
        """Looks like a CPR (mod-11 valid where possible) but the date does not exist or lies in the future."""
        r = self.r
        while True:
            k = r.randrange(6)
            yy = r.randint(40, 99)
            if k == 0:
                head, cs = f"32{r.randint(1, 12):02d}{yy:02d}", range(4)          # day 32
            elif k == 1:
                head, cs = f"{r.randint(1, 28):02d}13{yy:02d}", range(4)          # month 13
            elif k == 2:
                y = r.choice([2021, 2022, 2023, 2019, 2018, 2017])                # 29 February, no leap year
                head, cs = f"2902{y % 100:02d}", (4, 5, 6, 7, 8, 9)
            elif k == 3:
                head, cs = f"31{r.choice([4, 6, 9, 11]):02d}{yy:02d}", range(4)   # 31st of a 30-day month
            elif k == 4:
                head, cs = f"{r.randint(1, 28):02d}{r.randint(1, 12):02d}{r.randint(27, 36):02d}", (4, 9)  # 2027+
            else:
                head, cs = f"00{r.randint(1, 12):02d}{yy:02d}", range(4)          # day 00
            nine = head + str(r.choice(list(cs))) + f"{r.randint(0, 99):02d}"
            s = sum(w * int(x) for w, x in zip(WEIGHTS, nine))
            last = (-s) % 11
            if last == 10:
                last = r.randint(0, 9)
            d = nine + str(last)
            if birth_date(d) is None and d not in self.used:
                self.used[d] = None
                return d

    def timestamp_like(self, lo: int = 1_450_000_000, hi: int = 1_790_000_000, tries: int = 10**7):
        """A Unix timestamp whose digits also form a valid date + mod-11 (like 1609459200), or None."""
        for _ in range(tries):
            t = self.r.randint(lo, hi)
            d = str(t)
            if mod11_ok(d) and cpr_shape(d) and d not in self.used:
                self.used[d] = None
                return t
        return None


# --------------------------------------------------------------------------------------------------------------
# Truth

class Truth:
    def __init__(self, key: bytes):
        self.key = key
        self.records: dict[tuple, dict] = {}

    def fp(self, d: str) -> str:
        return hmac.new(self.key, d.encode("ascii"), hashlib.sha256).hexdigest()

    def add(self, rel: bytes, d: str, expect: bool, label: str, kind: str | None = None):
        assert len(d) == 10 and d.isdigit()
        kind = kind or kind_of(d)
        k = (rel, kind, d)
        rec = self.records.get(k)
        if rec is None:
            path = b"share/" + rel
            rec = {"path": path.decode("utf-8", "replace"), "kind": kind, "masked": masked(d),
                   "fingerprint": self.fp(d), "count": 0, "expect": expect}
            rec["note" if expect else "reason"] = label
            try:
                path.decode("utf-8")
            except UnicodeDecodeError:
                rec["path_hex"] = path.hex()
            self.records[k] = rec
        assert rec["expect"] == expect, (rel, d)
        rec["count"] += 1

    def add_sensitive(self, rel: bytes, kind: str, expect: bool, label: str):
        """A planted sentence of a special category (or a decoy for it); one record per (file, kind).
        A positive wins over a decoy of the same kind in the same file."""
        k = (rel, kind, None)
        rec = self.records.get(k)
        if rec is None or (expect and not rec["expect"]):
            path = b"share/" + rel
            rec = {"path": path.decode("utf-8", "replace"), "kind": kind, "count": 0, "expect": expect,
                   ("note" if expect else "reason"): label}
            try:
                path.decode("utf-8")
            except UnicodeDecodeError:
                rec["path_hex"] = path.hex()
            self.records[k] = rec
        if rec["expect"] == expect:
            rec["count"] += 1

    def locate(self, rel: bytes, d: str, where: dict, kind: str | None = None):
        """Where the extractor reports the first occurrence of a planted value (page, part)."""
        rec = self.records[(rel, kind or kind_of(d), d)]
        for k, v in where.items():
            rec.setdefault(k, v)

    def write(self, path: str):
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            for rec in self.records.values():
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")


# --------------------------------------------------------------------------------------------------------------
# Documents: prose with planted items, kept apart by the distance rules

# Item classes: K positive keyword text, N negative label text, P positive number, Pn plain positive (no keyword
# may be near), D decoy number.  Conflicting classes are kept >= GAP prose characters apart.
CONFLICTS = {"K": ("D", "Pn"), "D": ("K",), "P": ("N",), "N": ("P",), "Pn": ("K",)}


class Doc:
    def __init__(self, g: "Generator", rel: bytes, escape=None, filler=None, marks: bool = False):
        self.g, self.rel = g, rel
        self.parts: list[str] = []
        self.marking = marks                 # a document: planted values marked (documents.MA/MB), in order
        self.marks: list[str] = []           # the digits of each marked value, in text order
        self.cursor = 0                      # prose characters so far (markup not counted)
        self.last: dict[str, int] = {}
        self.escape = escape or (lambda s: s)
        self.filler = filler or (lambda: self.prose(self.g.prose.paragraph() + "\n\n"))

    def markup(self, s: str):
        self.parts.append(s)

    def part(self, name: str):
        """A document's next part (body, header, comment, slide N …); see documents.py."""
        self.parts.append(documents.PART + name + documents.PART)

    def settle(self):
        """Filler until no planted item constrains what comes next (before a part whose text the extractor
        reports apart, so that its items need no filler of their own)."""
        need = max(self.last.values(), default=0) + GAP
        while self.cursor < need:
            self.filler()

    def prose(self, s: str):
        self.parts.append(self.escape(s))
        self.cursor += len(s)

    def item(self, template: str, classes: tuple, numbers: list, **slots):
        """Add one sentence holding planted numbers.  numbers: [(slot, text, digits, expect, label)]."""
        need = max([self.last[c2] + GAP for c in classes for c2 in CONFLICTS[c] if c2 in self.last], default=0)
        while self.cursor < need:
            self.filler()
        assert not self.marking or len(numbers) <= 1
        for slot, text, d, expect, label in numbers:
            if self.marking:
                text = documents.MA + text + documents.MB
                self.marks.append(d)
            slots[slot] = "\x00" + text + "\x00"      # protect from escaping
            self.g.truth.add(self.rel, d, expect, label)
        s = self.g.vocab.fill(template, **slots)
        pieces = s.split("\x00")
        for i, p in enumerate(pieces):
            if i % 2:
                self.parts.append(p)
                self.cursor += len(p)
            else:
                self.prose(p)
        for c in classes:
            self.last[c] = self.cursor

    def sentence(self, s: str, classes: tuple):
        """Plain prose that is not filler (a planted sensitive sentence), kept apart by the distance rules."""
        need = max([self.last[c2] + GAP for c in classes for c2 in CONFLICTS[c] if c2 in self.last], default=0)
        while self.cursor < need:
            self.filler()
        self.prose(s)
        for c in classes:
            self.last[c] = self.cursor

    def text(self) -> str:
        return "".join(self.parts)


def html_escape(rng: random.Random):
    ents = {"æ": "&aelig;", "ø": "&oslash;", "å": "&aring;", "Æ": "&AElig;", "Ø": "&Oslash;", "Å": "&Aring;"}

    def esc(s: str) -> str:
        s = html.escape(s, quote=False)
        mode = rng.random()
        if mode < 0.4:
            s = "".join(ents.get(ch, ch) for ch in s)
        elif mode < 0.6:
            s = s.replace("ø", "&#248;").replace("æ", "&#230;").replace("å", "&#229;")
        return s
    return esc


# --------------------------------------------------------------------------------------------------------------
# Planted sentences

KW_POS = ["CPR-nr.: ", "cpr: ", "Personnummer ", "CPR.nr. ", "CPR-nummer: ", "personnr. ", "CPR "]
T_KW = ["{navn}, {kw}{num}, har søgt om {ydelse}.",
        "Vedrørende {navn} ({kw}{num}), {adresse}.",
        "Ansøger: {navn}, {kw}{num}, telefon {tlf}.",
        "{navn} med {kw}{num} er indkaldt til samtale den {dato}."]
T_PLAIN = ["Borgeren {num} har henvendt sig om {ydelse}.",
           "{navn} {num} deltog i samtalen den {dato}.",
           "Sagen omhandler {navn}, {num}, bosat {adresse}.",
           "Oplysningerne om {navn} ({num}) er videresendt til {afd}."]
T_REPEAT = ["{fornavn} ({num}) mødte op som aftalt.",
            "Det bemærkes, at {num} tidligere har modtaget {ydelse}.",
            "Kopi af afgørelsen til {num} er sendt til {afd}."]
T_FAILKW = ["{navn}, {kw}{num}, er oprettet manuelt i fagsystemet.",
            "Der er rettet henvendelse vedrørende {kw}{num} fra {afd}."]
KW_FAIL = ["CPR-nummer: ", "CPR-nr.: ", "Personnummer: "]
T_REPL = ["{navn} er registreret med {kw}{num}, da der ikke foreligger dansk folkeregistrering.",
          "Udenlandsk statsborger, {kw}{num}, er henvist til {afd}."]
KW_REPL = ["Erstatningspersonnummer: ", "erstatnings-CPR: "]
T_NOCTX = ["{navn} henviste til nummeret {num} i sin henvendelse.",
           "Løbenummer {num} er noteret på sagen.",
           "Referencen {num} fremgår af brevet fra {afd}."]
T_INVALID_KW = ["Det oplyste CPR: {num} kunne ikke genfindes, og {fornavn} er bedt om at kontrollere det.",
                "Blanketten angiver CPR-nr.: {num}, som ikke er en gyldig dato."]
T_INVALID = ["Nummeret {num} på blanketten er ugyldigt og er returneret til {afd}."]
T_LONG = ["Pakken har sporingsnummer {num} og forventes leveret {ugedag}.",
          "Varen er mærket med stregkode {num}.",
          "Betalingsreference {num} er anvendt ved indbetalingen.",
          "Serienummer {num} er registreret på udstyret fra {afd}."]
NEG_LABELS = ["Fakturanummer: ", "Faktura nr. ", "Ordrenummer: ", "Ordrenr. ", "Bilagsnummer: ", "Kundenummer: ",
              "Kundenr.: ", "Kontonummer: "]
T_INVOICE = ["{label}{num} vedrører levering af {vare} til {afd}.",
             "Beløbet {beløb} vedrører {label}{num}.",
             "Ved henvendelse oplyses {label}{num}."]
T_PNR = ["Produktionsenheden har {label}{num} og CVR {cvr}.",
         "Arbejdsstedet ({label}{num}) ligger på {adresse}."]
P_LABELS = ["P-nr.: ", "P-nummer "]

POS_CATS = ["kw", "kw", "kw", "plain", "plain", "plain", "exception", "failkw", "sep", "repl"]
PROSE_DECOYS = ["noctx", "invalid", "long"]


class Planter:
    """Adds positive and decoy items to a Doc following the rules in README.md."""

    def __init__(self, g: "Generator"):
        self.g = g
        self.r = g.rng

    def cpr_sep(self):
        x = self.r.random()
        return "-" if x < 0.7 else ("" if x < 0.85 else " ")

    def positive(self, doc: Doc, cat: str, years=(1932, 2025), repeats: list | None = None):
        r, n = self.r, self.g.numbers
        if cat == "kw":
            d = n.make("valid", *years)
            doc.item(r.choice(T_KW), ("K", "P"), [("num", fmt(d, self.cpr_sep()), d, True, "mod11+keyword")],
                     kw=r.choice(KW_POS))
            if repeats is not None and r.random() < 0.4:
                repeats.append(d)
        elif cat == "plain":
            d = n.make("valid", *years)
            doc.item(r.choice(T_PLAIN), ("P", "Pn"), [("num", fmt(d, self.cpr_sep()), d, True, "mod11")])
        elif cat == "exception":
            d = n.make("exception")
            doc.item(r.choice(T_PLAIN), ("P", "Pn"), [("num", fmt(d), d, True, "exception-date")])
            if repeats is not None and r.random() < 0.3:
                repeats.append(d)
        elif cat == "failkw":
            d = n.make("fail", *years)
            doc.item(r.choice(T_FAILKW), ("K", "P"), [("num", fmt(d), d, True, "mod11-fail+keyword")],
                     kw=r.choice(KW_FAIL))
        elif cat == "sep":
            d = n.make("valid", *years)
            doc.item(r.choice(T_KW), ("K", "P"), [("num", fmt(d, r.choice(["/", ".", " - "])), d, True,
                                                   "separator+keyword")], kw=r.choice(["CPR-nr.: ", "CPR: ",
                                                                                      "Personnummer: "]))
        elif cat == "repl":
            d = n.make("replacement", 1950, 2025)
            doc.item(r.choice(T_REPL), ("K", "P"), [("num", fmt(d, r.choice(["-", "-", ""])), d, True,
                                                     "replacement+keyword")], kw=r.choice(KW_REPL))
        elif cat == "repeat":
            d = repeats[r.randrange(len(repeats))]
            doc.item(r.choice(T_REPEAT), ("P", "Pn"), [("num", fmt(d), d, True, "repeat")])
            doc.prose(" ")
        else:
            raise ValueError(cat)

    def sensitive(self, doc: Doc, kind: str, positive: bool):
        """A sentence from corpus/sensitive_sentences.tsv: a special category (positive) or a decoy for it."""
        text = self.r.choice(SENSITIVE_SENTENCES[(kind, positive)])
        # A sentence may hold a CPR context word ("født") or a label: the distance rules then apply to it.
        classes = ("K",) if RE_POS_KW.search(text) else ("N",) if RE_NEG_KW.search(text) else ()
        doc.sentence(text + "\n\n", classes)
        self.g.truth.add_sensitive(doc.rel, kind, positive, "sentence" if positive else "decoy-sentence")

    def decoy(self, doc: Doc, cat: str):
        r, n = self.r, self.g.numbers
        if cat == "noctx":
            d = n.make("fail")
            doc.item(r.choice(T_NOCTX), ("D",), [("num", fmt(d, r.choice(["-", ""])), d, False,
                                                  "mod11-fail-no-context")])
        elif cat == "invalid":
            d = n.invalid_date()
            if r.random() < 0.5:
                doc.item(r.choice(T_INVALID_KW), ("K",), [("num", fmt(d), d, False, "invalid-date")])
            else:
                doc.item(r.choice(T_INVALID), ("D",), [("num", fmt(d, r.choice(["-", ""])), d, False,
                                                        "invalid-date")])
        elif cat == "long":
            d = n.make("valid")
            k = r.randrange(5)
            digits = lambda m: "".join(str(r.randint(0, 9)) for _ in range(m))
            if k == 0:
                text = "57" + digits(1) + d                       # EAN-13 style
            elif k == 1:
                text = str(r.randint(1, 9)) + digits(2) + d + digits(3)   # 16 digits
            elif k == 2:
                text = d + digits(2)                              # 12 digits
            elif k == 3:
                text = fmt(d) + digits(1)                         # DDMMYY-SSSSS
            else:
                text = str(r.randint(1, 9)) + fmt(d)              # nDDMMYY-SSSS
            doc.item(r.choice(T_LONG), ("D",), [("num", text, d, False, "long-number")])
        elif cat == "invoice":
            d = n.make("valid")
            doc.item(r.choice(T_INVOICE), ("N", "D"), [("num", d, d, False, "invoice")],
                     label=r.choice(NEG_LABELS))
        elif cat == "pnr":
            d = n.make("valid")
            doc.item(r.choice(T_PNR), ("N", "D"), [("num", d, d, False, "p-number")], label=r.choice(P_LABELS))
        else:
            raise ValueError(cat)


# --------------------------------------------------------------------------------------------------------------
# Output

ENCODINGS = ["utf-8"] * 12 + ["utf-8-bom"] * 2 + ["utf-16le"] * 2 + ["utf-16be"] * 1 + ["cp1252"] * 3
DANISH_CP1252 = set(b"\xe6\xf8\xe5\xc6\xd8\xc5")


def encode(text: str, enc: str) -> bytes:
    if enc == "utf-8":
        return text.encode("utf-8")
    if enc == "utf-8-bom":
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    if enc == "utf-16le":
        return b"\xff\xfe" + text.encode("utf-16-le")
    if enc == "utf-16be":
        return b"\xfe\xff" + text.encode("utf-16-be")
    if enc == "cp1252":
        b = text.encode("cp1252")
        assert DANISH_CP1252 & set(b), "cp1252 file without Danish letters"
        return b
    raise ValueError(enc)


def bytes_per_char(enc: str) -> float:
    return 2.0 if enc.startswith("utf-16") else 1.03


class Generator:
    def __init__(self, out: str, seed: int, key: bytes):
        self.out = out
        self.share = os.path.join(out, "share")
        self.rng = random.Random(seed)
        self.vocab = Vocab(self.rng)
        self.prose = Prose(self.rng, self.vocab)
        self.econ = Prose(self.rng, self.vocab, 600, ECON_SENTENCES)
        self.numbers = Numbers(self.rng)
        self.truth = Truth(key)
        self.planter = Planter(self)
        self.files = 0
        self.bytes = 0
        self.names: dict[bytes, None] = {}
        self.counters: dict[tuple, int] = {}
        self.dirs: dict[bytes, None] = {}

    # ---- naming and writing
    def name(self, folder: str, prefix: str, ext: str) -> bytes:
        k = (folder, prefix)
        self.counters[k] = self.counters.get(k, 0) + 1
        rel = f"{folder}/{prefix}_{self.counters[k]:03d}{ext}".encode("utf-8")
        assert rel not in self.names
        return rel

    def write(self, rel: bytes, data: bytes, mtime: int | None = None):
        assert rel not in self.names, rel
        self.names[rel] = None
        path = os.path.join(os.fsencode(self.share), rel)
        d = os.path.dirname(path)
        os.makedirs(d, exist_ok=True)
        while len(d) > len(os.fsencode(self.share)):
            self.dirs[d] = None
            d = os.path.dirname(d)
        with open(path, "wb") as f:
            f.write(data)
        t = self.rng.randint(MTIME_LO, MTIME_HI) if mtime is None else mtime
        os.utime(path, (t, t))
        self.files += 1
        self.bytes += len(data)

    def emit(self, rel: bytes, text: str, enc: str, crlf: bool = False):
        if crlf:
            text = text.replace("\n", "\r\n")
        self.write(rel, encode(text, enc))

    def finish_dirs(self):
        for d in sorted(self.dirs, key=lambda p: -len(p)):
            t = self.rng.randint(MTIME_LO, MTIME_HI)
            os.utime(d, (t, t))

    def pick_enc(self) -> str:
        return self.rng.choice(ENCODINGS)

    # ---- recipes ------------------------------------------------------------------------------------------------
    def case_note(self, rel: bytes, enc: str, target: int, cats: list | None = None, decoys: list | None = None,
                  years=(1932, 2025), title: str | None = None, sensitive: list | None = None,
                  doc: Doc | None = None):
        """sensitive: [(kind, positive)] sentences to plant; None = a random few when the note is short.
        enc "document": the note is written into `doc` (a document's body) and returned, not written."""
        r, v = self.rng, self.vocab
        chars = int(target / bytes_per_char(enc))
        if cats is None:
            n = max(1, min(40, chars // 2500))
            cats = [r.choice(POS_CATS) for _ in range(r.randint(max(1, n // 2), n))]
        if decoys is None:
            decoys = [r.choice(PROSE_DECOYS) for _ in range(r.randint(0, max(1, len(cats) // 4)))]
        if sensitive is None:
            sensitive = []
            if chars <= SENSITIVE_MAX_CHARS and r.random() < 0.4:
                sensitive = [(r.choice(sensitive_terms.KINDS), r.random() < 0.7) for _ in range(r.randint(1, 3))]
        items = [("pos", c) for c in cats] + [("dec", c) for c in decoys] + [("sens", k) for k in sensitive]
        r.shuffle(items)
        doc = doc or Doc(self, rel)
        title = title or r.choice(["Journalnotat", "Sagsnotat", "Notat om henvendelse", "Afgørelse",
                                   "Partshøring", "Opfølgning", "Bevilling", "Samtalereferat"])
        doc.prose(check_filler(f"{MUNICIPALITY}\n{title}\nSagsnr. {v.sagsnr()}\nDato: {v.dato()}\n"
                               f"Sagsbehandler: {v.navn()}, {v.afd()}\n\n"))
        repeats: list[str] = []
        per = max(1, chars // (len(items) + 1))
        i = 0
        while i < len(items) or doc.cursor < chars:
            doc.filler()
            if i < len(items) and doc.cursor >= per * (i + 1) - per // 2:
                what, c = items[i]
                if what == "pos":
                    if repeats and r.random() < 0.3:
                        self.planter.positive(doc, "repeat", years, repeats)
                    self.planter.positive(doc, c, years, repeats)
                elif what == "sens":
                    self.planter.sensitive(doc, *c)
                else:
                    self.planter.decoy(doc, c)
                i += 1
                doc.prose("\n\n")
            if doc.cursor > chars * 3 + 10000 and i >= len(items):
                break
        doc.prose(check_filler(f"\nMed venlig hilsen\n{v.navn()}\n{v.afd()}, {MUNICIPALITY}\n"))
        if enc == "document":
            return doc
        self.emit(rel, doc.text(), enc, crlf=r.random() < 0.3)

    def minutes(self, rel: bytes, enc: str, target: int):
        r, v = self.rng, self.vocab
        chars = int(target / bytes_per_char(enc))
        parts = [f"Referat af møde i {v.afd()}\nDato: {v.dato()} kl. {v.kl()}\n"
                 f"Deltagere: {', '.join(v.navn() for _ in range(r.randint(3, 7)))}\n"
                 f"Afbud: {v.navn()}\n\n"]
        k, size = 1, len(parts[0])
        while size < chars:
            p = f"Punkt {k}. {r.choice(['Orientering', 'Budgetopfølgning', 'Arbejdsmiljø', 'Sagsgange', 'Eventuelt', 'Status på projekter', 'Godkendelse af dagsorden'])}\n{self.prose.paragraph(2, 6)}\n\n"
            parts.append(p)
            size += len(p)
            k += 1
        text = check_filler("".join(parts))
        self.emit(rel, text, enc, crlf=r.random() < 0.3)

    def invoice_letter(self, rel: bytes, enc: str, target: int, with_positive: bool | None = None,
                       decoys: list | None = None):
        r, v = self.rng, self.vocab
        chars = int(target / bytes_per_char(enc))
        doc = Doc(self, rel, filler=lambda: doc.prose(self.econ.paragraph() + "\n\n"), marks=enc == "document")
        if enc == "document":
            doc.part("body")
        if decoys is None:
            decoys = [r.choice(["invoice", "invoice", "invoice", "pnr", "long"])
                      for _ in range(r.randint(1, max(1, min(30, chars // 1500))))]
        if with_positive is None:
            with_positive = r.random() < 0.2
        items = [("dec", c) for c in decoys]
        if with_positive:
            items.insert(r.randint(0, len(items)), ("pos", "kw"))
        doc.item("{m}\nØkonomiafdelingen\nFaktura vedrørende {vare}\n\n", ("N",), [], m=MUNICIPALITY)
        doc.prose(check_filler(f"Leverandør: {v.navn()}, CVR {v.cvr()}, {v.adresse()}\n\n"))
        per = max(1, chars // (len(items) + 1))
        i = 0
        while i < len(items) or doc.cursor < chars:
            doc.filler()
            if i < len(items) and doc.cursor >= per * (i + 1) - per // 2:
                what, c = items[i]
                if what == "pos":
                    self.planter.positive(doc, "kw")
                else:
                    self.planter.decoy(doc, c)
                i += 1
                doc.prose("\n\n")
        if enc == "document":
            return doc
        self.emit(rel, doc.text(), enc, crlf=r.random() < 0.5)

    def table_csv(self, rel: bytes, enc: str, header: str, rows: list[str]):
        self.emit(rel, header + "\n" + "\n".join(rows) + "\n", enc, crlf=self.rng.random() < 0.7)

    def class_list(self, rel: bytes, enc: str):
        r, v = self.rng, self.vocab
        klasse = v.klasse()
        year = 2026 - 7 - int(klasse[0])
        rows = []
        for _ in range(r.randint(20, 60)):
            d = self.numbers.make("valid", year - 1, year)
            self.truth.add(rel, d, True, "list")
            rows.append(f"{check_filler(r.choice(FIRST) + ' ' + r.choice(LAST))};{fmt(d)};{klasse}")
        self.table_csv(rel, enc, "Navn;CPR-nr.;Klasse", rows)

    def citizen_csv(self, rel: bytes, enc: str, target: int):
        r, v = self.rng, self.vocab
        rows, size = [], 0
        while size < target / bytes_per_char(enc) or not rows:
            d = self.numbers.make("valid")
            self.truth.add(rel, d, True, "list")
            st = r.choice(STREETS)
            other = check_filler(f"{v.sagsnr()};{v.navn()};{st} {r.randint(1, 99)};{r.choice(TOWNS)[:4]};"
                                 f"{r.choice(TOWNS)[5:]}")
            row = f"{other};{fmt(d, r.choice(['-', '-', '']))};{check_filler(v.tlf())};{v.dato()}"
            rows.append(row)
            size += len(row) + 1
        self.table_csv(rel, enc, "Sagsnr;Navn;Adresse;Postnr;By;CPR-nr.;Telefon;Oprettet", rows)

    def hr_csv(self, rel: bytes, enc: str, target: int):
        r, v = self.rng, self.vocab
        rows, size = [], 0
        while size < target / bytes_per_char(enc) or not rows:
            d = self.numbers.make("valid", 1955, 2005)
            self.truth.add(rel, d, True, "list")
            row = f"{r.randint(10000, 99999)};{v.navn()};{fmt(d)};{v.afd()};{v.stilling()};{v.dato()}"
            rows.append(row)
            size += len(row) + 1
        self.table_csv(rel, enc, "Medarbejdernr;Navn;Personnummer;Afdeling;Stilling;Ansat", rows)

    def numeric_table(self, rel: bytes, enc: str):
        r, v = self.rng, self.vocab
        header = r.choice(["Bilagsnr;Kontonr;Beløb;Dato", "Bilagsnr;Kontonr;Tekst;Beløb;Dato",
                           "Fakturanr;Kundenr;Beløb;Forfaldsdato"])
        cols = header.split(";")
        rnd10 = lambda: "".join(str(r.randint(0, 9)) for _ in range(10))
        nrows = r.randint(100, 300)
        numcols = [i for i, c in enumerate(cols) if c.endswith("nr")]
        # about 0.35 % of random 10-digit values are CPR-shaped; make sure every table holds at least one
        forced = (r.randrange(nrows), r.choice(numcols))
        rows = []
        for ri in range(nrows):
            row = []
            for ci, c in enumerate(cols):
                if c.endswith("nr"):
                    d = self.numbers.make("valid") if (ri, ci) == forced else rnd10()
                    k = cpr_shape(d)
                    if k:
                        self.truth.add(rel, d, False, "numeric-table", k)
                    row.append(d)
                elif c == "Beløb":
                    row.append(v.beløb()[:-4])
                elif c == "Tekst":
                    row.append(r.choice(VARER))
                else:
                    row.append(v.dato())
            rows.append(";".join(row))
        self.table_csv(rel, enc, header, rows)

    def clean_csv(self, rel: bytes, enc: str, target: int):
        r, v = self.rng, self.vocab
        if r.random() < 0.5:
            header, mk = "Navn;Telefon;E-mail;Afdeling", lambda: f"{v.navn()};{v.tlf()};{v.email()};{v.afd()}"
        else:
            header, mk = "Dato;Afdeling;Antal;Beløb", lambda: f"{v.dato()};{v.afd()};{v.antal()};{v.beløb()[:-4]}"
        rows, size = [], 0
        while size < target / bytes_per_char(enc) or len(rows) < 5:
            row = check_filler(mk())
            rows.append(row)
            size += len(row) + 1
        self.table_csv(rel, enc, header, rows)

    def html_page(self, rel: bytes, target: int, positives: int | None = None, script_decoy: bool | None = None,
                  enc: str | None = None):
        r, v = self.rng, self.vocab
        enc = enc or r.choice(["utf-8"] * 5 + ["cp1252"])
        esc = html_escape(r)
        doc = Doc(self, rel, escape=esc)
        doc.filler = lambda: (doc.markup("<p>"), doc.prose(self.prose.paragraph()), doc.markup("</p>\n"))
        title = r.choice(["Selvbetjening", "Nyheder", "Ansøgninger", "Borgerrådgiveren", "Åbningstider",
                          "Sagsoversigt", "Personalenyt"])
        charset = "utf-8" if enc == "utf-8" else "windows-1252"
        doc.markup(f'<!DOCTYPE html>\n<html lang="da">\n<head>\n<meta charset="{charset}">\n')
        doc.markup(f"<title>{esc(MUNICIPALITY)} &ndash; {esc(title)}</title>\n")
        doc.markup("<style>\nbody { font-family: Arial, sans-serif; margin: 0 auto; max-width: 960px; }\n"
                   ".sag { border: 1px solid #ccc; padding: 8px 12px; }\nh1 { color: #1a4d7a; }\n</style>\n")
        if script_decoy is None:
            script_decoy = r.random() < 0.6
        doc.markup("<script>\nwindow.dataLayer = window.dataLayer || [];\n")
        if script_decoy:
            d = self.numbers.make("valid")
            self.truth.add(rel, d, False, "html-script")
            doc.markup(f'var sagRef = "{fmt(d, r.choice(["-", ""]))}";\n')
            doc.last["D"] = doc.cursor
        doc.markup('function visMenu() { document.getElementById("menu").classList.toggle("aaben"); }\n'
                   "</script>\n</head>\n<body>\n")
        doc.markup('<header><nav id="menu"><a href="/borger/">Borger</a> | <a href="/erhverv/">Erhverv</a> | '
                   f'<a href="/politik/">Politik &amp; demokrati</a></nav></header>\n<main>\n<h1>')
        doc.prose(title)
        doc.markup("</h1>\n")
        if positives is None:
            positives = r.choice([0, 0, 1, 2, 3])
        chars = int(target / bytes_per_char(enc))
        per = max(1, chars // (positives + 1))
        i = 0
        while i < positives or doc.cursor < chars:
            doc.filler()
            if i < positives and doc.cursor >= per * (i + 1) - per // 2:
                doc.markup('<p class="sag">')
                cat = r.choice(["kw", "kw", "plain", "repl"])
                if cat == "kw":
                    d = self.numbers.make("valid")
                    doc.item("{navn}, {kw}{num}, har søgt om {ydelse}.", ("K", "P"),
                             [("num", fmt(d), d, True, "mod11+keyword")],
                             kw=r.choice(["\x00<strong>\x00CPR-nr.:\x00</strong>\x00 ", "CPR-nr.: ",
                                          "Personnummer "]))
                else:
                    self.planter.positive(doc, cat)
                doc.markup("</p>\n")
                i += 1
        doc.markup("</main>\n<footer>")
        doc.prose(f"{MUNICIPALITY} · Rådhuspladsen 1 · {r.choice(TOWNS)} · Telefon {v.tlf()}")
        doc.markup("</footer>\n<script>document.addEventListener('DOMContentLoaded', visMenu);</script>\n"
                   "</body>\n</html>\n")
        self.emit(rel, doc.text(), enc, crlf=r.random() < 0.3)

    def xml_citizens(self, rel: bytes, enc: str, target: int):
        r, v = self.rng, self.vocab
        xenc = {"utf-8": "UTF-8", "utf-8-bom": "UTF-8", "utf-16le": "UTF-16", "utf-16be": "UTF-16",
                "cp1252": "windows-1252"}[enc]
        tag = r.choice(["CPR", "CPRnr", "Personnummer"])
        parts = [f'<?xml version="1.0" encoding="{xenc}"?>\n<Eksport system="Sagssystem" dato="{v.dato()}">\n']
        size = len(parts[0])
        while size < target / bytes_per_char(enc) or len(parts) < 2:
            d = self.numbers.make("valid")
            self.truth.add(rel, d, True, "list")
            p = (f"  <Borger>\n    <Navn>{html.escape(v.navn())}</Navn>\n    <{tag}>{fmt(d, r.choice(['-', '']))}</{tag}>\n"
                 f"    <Adresse>{html.escape(v.adresse())}</Adresse>\n"
                 f'    <Sag nr="{v.sagsnr()}">{html.escape(v.ydelse())}</Sag>\n  </Borger>\n')
            parts.append(p)
            size += len(p)
        parts.append("</Eksport>\n")
        self.emit(rel, "".join(parts), enc)

    def xml_postings(self, rel: bytes, enc: str, target: int, clean: bool = False):
        r, v = self.rng, self.vocab
        xenc = {"utf-8": "UTF-8", "utf-8-bom": "UTF-8", "utf-16le": "UTF-16", "utf-16be": "UTF-16",
                "cp1252": "windows-1252"}[enc]
        root = "Mødeplan" if clean else "Posteringer"
        parts = [f'<?xml version="1.0" encoding="{xenc}"?>\n<{root}>\n']
        size = len(parts[0])
        while size < target / bytes_per_char(enc) or len(parts) < 3:
            if clean:
                p = (f"  <Møde>\n    <Dato>{v.dato()}</Dato>\n    <Tid>{v.kl()}</Tid>\n"
                     f"    <Emne>{html.escape(r.choice(YDELSER))}</Emne>\n    <Ansvarlig>{html.escape(v.navn())}"
                     f"</Ansvarlig>\n  </Møde>\n")
                check_filler(p)
            elif r.random() < 0.5:
                p = (f"  <Postering>\n    <Tekst>{html.escape(check_filler(self.econ.sentence()))}</Tekst>\n"
                     f"    <Beløb>{v.beløb()[:-4]}</Beløb>\n    <Dato>{v.dato()}</Dato>\n  </Postering>\n")
            else:
                d = self.numbers.make("valid")
                if r.random() < 0.8:
                    label, reason = r.choice(NEG_LABELS), "invoice"
                else:
                    label, reason = r.choice(P_LABELS), "p-number"
                self.truth.add(rel, d, False, reason)
                p = (f"  <Postering>\n    <Tekst>{label}{d}</Tekst>\n    <Beløb>{v.beløb()[:-4]}</Beløb>\n"
                     f"    <Dato>{v.dato()}</Dato>\n    <Afdeling>{html.escape(v.afd())}</Afdeling>\n"
                     f"  </Postering>\n")
            parts.append(p)
            size += len(p)
        parts.append(f"</{root}>\n")
        self.emit(rel, "".join(parts), enc)

    def log_file(self, rel: bytes, target: int, style: str):
        """style: kv / json (10-digit Unix timestamps, some CPR-shaped) or clean (ISO times only)."""
        r = self.rng
        n = max(20, target // 120)
        span = 40 * 86400
        if style == "clean":
            start = r.randint(1_450_000_000, 1_780_000_000)
            times = [start + r.randint(0, span) for _ in range(n)]
        else:     # anchor the window on a dangerous timestamp and look for a few more inside it
            anchor = self.numbers.timestamp_like()
            start = anchor - r.randint(0, span)
            times = [anchor] + [start + r.randint(0, span) for _ in range(n - 1)]
            for _ in range(r.randint(1, 3)):
                t = self.numbers.timestamp_like(start, start + span, tries=20000)
                if t is not None:
                    times.append(t)
        times.sort()
        svcs = ["selvbetjening", "sagssystem", "borgerportal", "printserver", "backup", "sso"]
        msgs = ["Login gennemført", "Sag opdateret", "Dokument arkiveret", "Forespørgsel besvaret",
                "Session udløbet", "Udskrift sendt", "Synkronisering afsluttet", "Fil modtaget"]
        lines = []
        for t in times:
            iso = dt.datetime.fromtimestamp(t, tz=dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
            lvl = r.choice(["INFO", "INFO", "INFO", "WARN", "DEBUG"])
            svc, msg = r.choice(svcs), r.choice(msgs)
            ms, pid = r.randint(1, 4000), r.randint(100, 65000)
            ip = f"10.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"
            if style == "kv":
                line = f"{iso} {lvl} {svc}[{pid}]: msg=\"{msg}\" ip={ip} duration_ms={ms} timestamp={t}"
            elif style == "json":
                line = (f'{{"ts": {t}, "level": "{lvl.lower()}", "svc": "{svc}", "msg": "{msg}", '
                        f'"ip": "{ip}", "ms": {ms}}}')
            else:
                line = check_filler(f"{iso} {lvl} {svc}[{pid}]: {msg} fra {ip} ({ms} ms)")
            if style != "clean":
                d = str(t)
                k = cpr_shape(d)
                if k:
                    self.truth.add(rel, d, False, "timestamp", k)
            lines.append(line)
        self.emit(rel, "\n".join(lines) + "\n", "utf-8")

    # ---- documents (documents.py writes the formats) -------------------------------------------------------
    def render(self, rel: bytes, form: str, doc: Doc, title: str):
        """Writes a document story in `form` and records where the extractor reports each planted value."""
        r = self.rng
        story, t, author = doc.text(), r.randint(MTIME_LO, MTIME_HI), self.vocab.navn()
        if form == "docx":
            data, places = documents.docx(story, r, t, title, author)
        elif form == "odt":
            data, places = documents.odt(story, r, t, title, author)
        elif form == "pdf":
            data, places = documents.pdf(story, r, t, title, author)
        elif form == "rtf":
            data, places = documents.rtf(story, r, t, title, author)
        elif form == "pptx":
            data, places = documents.pptx(story, t, title, author)
        else:
            raise ValueError(form)
        assert len(places) == len(doc.marks), (rel, len(places), len(doc.marks))
        for d, where in zip(doc.marks, places):
            if where:
                self.truth.locate(rel, d, where)
        self.write(rel, data, mtime=t)

    def doc_header(self, doc: Doc):
        """A running header: the municipality, sometimes the person the case is about."""
        r, v = self.rng, self.vocab
        doc.part("header")
        if r.random() < 0.6:
            d = self.numbers.make("valid")
            doc.item("{m} · {afd} · Vedr. {navn}, {kw}{num}\n", ("K", "P"),
                     [("num", fmt(d, self.planter.cpr_sep()), d, True, "mod11+keyword")], m=MUNICIPALITY,
                     kw=r.choice(["CPR-nr.: ", "CPR: ", "Personnummer: "]))
        else:
            doc.prose(check_filler(f"{MUNICIPALITY} · {v.afd()}\n"))

    def text_document(self, rel: bytes, form: str, target: int, cats: list | None = None,
                      decoys: list | None = None, sensitive: list | None = None, header: bool | None = None,
                      table: bool | None = None, comment: bool | None = None):
        """A case note as DOCX, ODT, RTF or PDF: the body of case_note(), and by format a running header
        (DOCX, ODT, RTF), a table of household members with CPR numbers and a comment (DOCX, ODT)."""
        r, v = self.rng, self.vocab
        doc = Doc(self, rel, marks=True)
        if header is None:
            header = form in ("docx", "odt", "rtf") and r.random() < 0.5
        if table is None:
            table = form in ("docx", "odt") and r.random() < 0.4
        if comment is None:
            comment = form in ("docx", "odt") and r.random() < 0.4
        if header and form == "rtf":            # RTF: the header group comes before the body text
            self.doc_header(doc)
        doc.part("body")
        if form == "rtf":                       # a character outside windows-1252 (written \uN)
            doc.prose("Journaliseret → ESDH\n")
        title = r.choice(["Journalnotat", "Sagsnotat", "Afgørelse", "Partshøring", "Bevilling", "Samtalereferat"])
        self.case_note(rel, "document", target, cats=cats, decoys=decoys, title=title, sensitive=sensitive, doc=doc)
        if table:
            doc.settle()
            doc.prose("\nHusstandens medlemmer:\n")
            doc.item("Navn" + documents.CELL + "CPR-nr." + documents.CELL + "Relation\n", ("K",), [])
            for _ in range(r.randint(2, 5)):
                d = self.numbers.make("valid")
                doc.item("{navn}" + documents.CELL + "{num}" + documents.CELL + "{relation}\n", ("P",),
                         [("num", fmt(d, r.choice(["-", "-", ""])), d, True, "list")],
                         relation=r.choice(["ægtefælle", "barn", "samlever", "forælder", "søskende"]))
        if comment:
            doc.settle()
            doc.part("comment")
            if r.random() < 0.6:
                self.planter.positive(doc, "kw")
            else:
                doc.prose(check_filler(f"Husk at sende kopi til {v.afd()}.\n"))
        if header and form != "rtf":            # DOCX and ODT: header parts come after the body in the package
            doc.settle()
            self.doc_header(doc)
        self.render(rel, form, doc, title)

    def invoice_document(self, rel: bytes, form: str, target: int, **kw):
        doc = self.invoice_letter(rel, "document", target, **kw)
        self.render(rel, form, doc, "Faktura")

    def slides(self, rel: bytes, target: int, cats: list | None = None, decoys: list | None = None):
        """A PPTX presentation: slides with a title and points, speaker notes on some; planted items in both."""
        r, v = self.rng, self.vocab
        doc = Doc(self, rel, marks=True)
        n = max(2, min(40, target // 1200))
        if cats is None:
            cats = [r.choice(POS_CATS) for _ in range(r.randint(0, max(1, n // 2)))]
        if decoys is None:
            decoys = [r.choice(PROSE_DECOYS) for _ in range(r.randint(0, max(1, n // 4)))]
        items = [("pos", c) for c in cats] + [("dec", c) for c in decoys]
        items += [None] * max(0, 2 * n - len(items))
        r.shuffle(items)
        title = r.choice(["Status på sager", "Temadag", "Orientering", "Budgetopfølgning", "Nye arbejdsgange"])
        for k in range(1, n + 1):
            doc.part(f"slide {k}")
            head = f"{title} – {v.afd()}" if k == 1 else r.choice(["Baggrund", "Status", "Eksempler", "Næste skridt",
                                                                  "Tal og fakta", "Udfordringer"])
            doc.prose(check_filler(head) + "\n")
            for _ in range(r.randint(2, 4)):
                doc.prose(self.prose.sentence() + "\n")
            for which in ("slide", "notes"):
                if which == "notes":
                    if r.random() < 0.4:
                        continue
                    doc.part(f"notes {k}")
                    doc.prose(self.prose.paragraph(1, 3) + "\n")
                it = items.pop() if items else None
                if it is not None:
                    what, c = it
                    (self.planter.positive if what == "pos" else self.planter.decoy)(doc, c)
                    doc.prose("\n")
        self.render(rel, "pptx", doc, title)

    def workbook(self, rel: bytes, form: str, kind: str, target: int = 4000):
        """An XLSX or ODS workbook: class lists (a sheet per class), a citizen or staff export, or bookkeeping
        (decoys); CPR numbers as text, or as numbers that lose their leading zero (shown padded or not)."""
        r, v = self.rng, self.vocab
        sheets: list[documents.Sheet] = []
        located: list[tuple[str, str, str | None]] = []    # (digits, sheet or "", kind) in order
        # Excel writes every string to the shared-string table; some exporters write every string inline.
        strings = "s" if form == "xlsx" and r.random() < 0.75 else "is"

        def cpr_cell(sheet: documents.Sheet, d: str, label: str, expect: bool = True):
            self.truth.add(rel, d, expect, label)
            sep = r.choice(["-", "-", "", ""])
            if sep == "":
                cell = ("n", d, r.random() < 0.5)
                located.append((d, sheet.name, None))
            else:
                cell = (strings, fmt(d, sep))
                located.append((d, "" if strings == "s" and form == "xlsx" else sheet.name, None))
            return cell

        def text(s: str):
            return (strings, check_filler(s))

        def label(s: str):                      # a column header: may name a CPR or another id on purpose
            return (strings, s)

        if kind == "classlist":
            skole = v.skole()
            for _ in range(r.randint(2, 3)):
                klasse = v.klasse()
                while any(sh.name == klasse for sh in sheets):
                    klasse = v.klasse()
                sh = documents.Sheet(klasse)
                year = 2026 - 7 - int(klasse[0])
                sh.rows.append([label("Navn"), label("CPR-nr."), label("Klasse")])
                for _ in range(r.randint(15, 40)):
                    d = self.numbers.make("valid", year - 1, year)
                    sh.rows.append([text(r.choice(FIRST) + " " + r.choice(LAST)), cpr_cell(sh, d, "list"),
                                    text(klasse)])
                sheets.append(sh)
            note = documents.Sheet("Noter")
            note.rows.append([text(f"Elevlister for {skole}")])
            for _ in range(r.randint(1, 4)):
                note.rows.append([text(self.prose.sentence())])
            sheets.append(note)
        elif kind in ("citizens", "hr"):
            sh = documents.Sheet("Udtræk" if kind == "citizens" else "Medarbejdere")
            if kind == "citizens":
                sh.rows.append([label(h) for h in "Sagsnr;Navn;Adresse;Postnr;By;CPR-nr.;Telefon;Oprettet".split(";")])
            else:
                sh.rows.append([label(h) for h in "Medarbejdernr;Navn;Personnummer;Afdeling;Stilling;Ansat".split(";")])
            size = 0
            while size < target or len(sh.rows) < 3:
                if kind == "citizens":
                    d = self.numbers.make("valid")
                    town = r.choice(TOWNS)
                    row = [text(v.sagsnr()), text(v.navn()), text(f"{r.choice(STREETS)} {r.randint(1, 99)}"),
                           ("n", town[:4], False), text(town[5:]), cpr_cell(sh, d, "list"), text(v.tlf()),
                           text(v.dato())]
                else:
                    d = self.numbers.make("valid", 1955, 2005)
                    row = [("n", str(r.randint(10000, 99999)), False), text(v.navn()), cpr_cell(sh, d, "list"),
                           text(v.afd()), text(v.stilling()), text(v.dato())]
                sh.rows.append(row)
                size += 90
            sheets.append(sh)
        elif kind == "numeric":
            sh = documents.Sheet(r.choice(["Posteringer", "Bogføring"]))
            cols = r.choice(["Bilagsnr;Kontonr;Beløb;Dato", "Fakturanr;Kundenr;Beløb;Forfaldsdato"]).split(";")
            sh.rows.append([label(c) for c in cols])
            nrows = r.randint(100, 300)
            forced = (r.randrange(nrows), r.choice([0, 1]))
            for ri in range(nrows):
                row = []
                for ci, c in enumerate(cols):
                    if c.endswith("nr"):
                        d = self.numbers.make("valid") if (ri, ci) == forced else \
                            "".join(str(r.randint(0, 9)) for _ in range(10))
                        k = cpr_shape(d)
                        if k:
                            self.truth.add(rel, d, False, "numeric-table", k)
                            located.append((d, sh.name, k))
                        row.append(("n", d, False))
                    elif c == "Beløb":
                        row.append(("n", str(r.randint(100, 99999)), False))
                    else:
                        row.append(text(v.dato()))
                sh.rows.append(row)
            sheets.append(sh)
        else:
            raise ValueError(kind)
        t = r.randint(MTIME_LO, MTIME_HI)
        title = {"classlist": "Elevlister", "citizens": "Udtræk", "hr": "Medarbejdere", "numeric": "Bogføring"}[kind]
        if form == "xlsx":
            data = documents.xlsx(sheets, t, title, v.navn())
        else:
            data = documents.ods(sheets, r, t, title, v.navn())
        for d, sheet, k in located:   # XLSX: shared strings are a part of their own, after the sheets
            self.truth.locate(rel, d, {"part": f"sheet {sheet}" if sheet else "shared strings"}, k)
        self.write(rel, data, mtime=t)


# --------------------------------------------------------------------------------------------------------------
# Profile: share

FOLDERS = {
    "case": ["Borgerservice/Sager", "Borgerservice/Breve", "Jobcenter/Sager", "Jobcenter/Møder",
             "HR/Personalesager", "Ældreplejen/Journaler", "Skole/Forældrebreve"],
    "minutes": ["Fælles/Referater", "Jobcenter/Møder"],
    "invoice": ["Økonomi/Fakturaer"],
    "numeric": ["Økonomi/Bogføring"],
    "classlist": ["Skole/Elevlister"],
    "citizens": ["Borgerservice/Eksport", "Jobcenter/Eksport"],
    "hr": ["HR/Lister"],
    "html": ["Fælles/Intranet", "Borgerservice/Selvbetjening", "Teknik/Web"],
    "xmlc": ["Jobcenter/Eksport", "Borgerservice/Eksport"],
    "xmlp": ["Økonomi/Eksport"],
    "log": ["Teknik/Logs"],
    "cleancsv": ["Fælles/Lister", "Økonomi/Budget"],
}
CASE_PREFIX = ["Journalnotat", "Sagsnotat", "Afgørelse", "Partshøring", "Bevilling", "Opfølgning",
               "Mødenotat", "Ansøgning_om_boligstøtte", "Henvendelse", "Brev_til_borger", "Ældrepleje_besøg"]


def log_uniform(rng: random.Random, lo: float, hi: float) -> int:
    return int(math.exp(rng.uniform(math.log(lo), math.log(hi))))


FORMATS = ["text", "docx", "xlsx", "pptx", "odt", "ods", "pdf", "rtf"]
NOTE_FORMATS = {"docx": 4, "pdf": 3, "odt": 1, "rtf": 1}         # case notes and letters as documents
SHEET_FORMATS = {"xlsx": 3, "ods": 1}
DOC_FOLDERS = {"slides": ["Fælles/Præsentationer", "Jobcenter/Møder"]}


def profile_share(g: Generator, size: int, formats: list[str] = FORMATS):
    r = g.rng
    F = lambda k: r.choice(FOLDERS.get(k) or DOC_FOLDERS[k])
    if "text" in formats:
        share_text_set(g)
    share_document_set(g, formats)
    # ---- random fill up to --size
    kinds = [("case", 30), ("minutes", 8), ("invoice", 8), ("numeric", 5), ("classlist", 4), ("citizens", 4),
             ("hr", 2), ("html", 8), ("xmlc", 3), ("xmlp", 3), ("log", 8), ("cleancsv", 3)]
    if "text" not in formats:
        kinds = []
    notes = [f for f in NOTE_FORMATS if f in formats]
    sheets = [f for f in SHEET_FORMATS if f in formats]
    if notes:
        kinds += [("docnote", 24), ("docinvoice", 4)]
    if "pptx" in formats:
        kinds += [("slides", 4)]
    if sheets:
        kinds += [("workbook", 10)]
    names, weights = zip(*kinds)
    hi = max(4000, min(512 * 1024, size // 40))
    while g.bytes < size:
        kind = r.choices(names, weights)[0]
        target = log_uniform(r, 1000, hi)
        if r.random() < 0.02:
            target = log_uniform(r, hi, max(hi + 1, min(4 << 20, size // 10)))
        target = max(500, min(target, size - g.bytes))
        if kind in ("docnote", "docinvoice"):
            form = r.choices(notes, [NOTE_FORMATS[f] for f in notes])[0]
            target = min(target * 2, 200000)    # characters: documents are compressed, or carry markup
            if kind == "docnote":
                g.text_document(g.name(F("case"), r.choice(CASE_PREFIX), "." + form), form, target)
            else:
                g.invoice_document(g.name(F("invoice"), r.choice(["Faktura", "Rykker", "Kreditnota"]), "." + form),
                                   form, target)
            continue
        if kind == "slides":
            g.slides(g.name(F("slides"), r.choice(["Præsentation", "Oplæg", "Status"]), ".pptx"), min(target, 40000))
            continue
        if kind == "workbook":
            form = r.choices(sheets, [SHEET_FORMATS[f] for f in sheets])[0]
            what = r.choices(["classlist", "citizens", "hr", "numeric"], [4, 4, 2, 5])[0]
            prefix = {"classlist": "Elevliste", "citizens": "Udtræk", "hr": "Medarbejdere",
                      "numeric": "Posteringer"}[what]
            g.workbook(g.name(F(what), prefix, "." + form), form, what, min(target, 40000))
            continue
        enc = g.pick_enc()
        if kind == "case":
            g.case_note(g.name(F("case"), r.choice(CASE_PREFIX), ".txt"), enc, target)
        elif kind == "minutes":
            g.minutes(g.name(F("minutes"), "Referat", ".txt"), enc, target)
        elif kind == "invoice":
            g.invoice_letter(g.name(F("invoice"), r.choice(["Faktura", "Rykker", "Kreditnota"]), ".txt"), enc,
                             target)
        elif kind == "numeric":
            g.numeric_table(g.name(F("numeric"), r.choice(["Posteringer", "Bogføring"]), ".csv"), enc)
        elif kind == "classlist":
            g.class_list(g.name(F("classlist"), "Elevliste", ".csv"), r.choice(["utf-8", "utf-8-bom", "cp1252"]))
        elif kind == "citizens":
            g.citizen_csv(g.name(F("citizens"), "Udtræk", ".csv"), enc, min(target, 40000))
        elif kind == "hr":
            g.hr_csv(g.name(F("hr"), "Medarbejdere", ".csv"), enc, min(target, 30000))
        elif kind == "html":
            g.html_page(g.name(F("html"), r.choice(["Side", "Nyhed", "Vejledning"]), ".html"), target)
        elif kind == "xmlc":
            g.xml_citizens(g.name(F("xmlc"), "Borgereksport", ".xml"), enc, min(target, 60000))
        elif kind == "xmlp":
            g.xml_postings(g.name(F("xmlp"), "Posteringer", ".xml"), enc, target, clean=r.random() < 0.2)
        elif kind == "log":
            g.log_file(g.name(F("log"), r.choice(["sagssystem", "api", "sso", "backup"]), ".log"), target,
                       r.choice(["kv", "json", "clean"]))
        else:
            g.clean_csv(g.name(F("cleancsv"), r.choice(["Telefonliste", "Budget"]), ".csv"), enc, target)


def share_document_set(g: Generator, formats: list[str]):
    """The mandatory documents: in each format asked for, every positive category and the prose decoys, the
    format's parts (header, table, comment; several PDF pages; slides and notes; several sheets, numbers that
    lost their leading zero), a special category, and a clean file."""
    r = g.rng
    all_pos = ["kw", "plain", "exception", "failkw", "sep", "repl"]
    kinds = sensitive_terms.KINDS
    for i, form in enumerate(f for f in NOTE_FORMATS if f in formats):
        g.text_document(g.name("Borgerservice/Sager", "Journalnotat", "." + form), form, 9000,
                        cats=all_pos + ["kw", "plain"], decoys=["noctx", "invalid", "long"], sensitive=[],
                        header=form != "pdf", table=form in ("docx", "odt"), comment=form in ("docx", "odt"))
        g.text_document(g.name("Ældreplejen/Journaler", "Journalnotat", "." + form), form, 5000, cats=["kw"],
                        decoys=[], sensitive=[(kinds[i % len(kinds)], True)] * 2, header=False, table=False,
                        comment=False)
        g.text_document(g.name("Fælles/Referater", "Notat", "." + form), form, 4000, cats=[], decoys=["noctx"],
                        sensitive=[(kinds[(i + 4) % len(kinds)], False)] * 2, header=False, table=False,
                        comment=False)
        g.invoice_document(g.name("Økonomi/Fakturaer", "Faktura", "." + form), form, 5000, with_positive=True,
                           decoys=["invoice"] * 4 + ["pnr", "long"])
    if "pdf" in formats:      # a long report: many pages
        g.text_document(g.name("Jobcenter/Sager", "Rapport", ".pdf"), "pdf", 30000, cats=all_pos * 3,
                        decoys=["noctx", "invalid", "long"] * 2, sensitive=[])
    if "pptx" in formats:
        g.slides(g.name("Fælles/Præsentationer", "Præsentation", ".pptx"), 9000, cats=all_pos,
                 decoys=["noctx", "invalid", "long"])
        g.slides(g.name("Fælles/Præsentationer", "Oplæg", ".pptx"), 3000, cats=[], decoys=[])
    for form in (f for f in SHEET_FORMATS if f in formats):
        g.workbook(g.name("Skole/Elevlister", "Elevliste", "." + form), form, "classlist")
        g.workbook(g.name("Borgerservice/Eksport", "Udtræk", "." + form), form, "citizens", 3000)
        g.workbook(g.name("HR/Lister", "Medarbejdere", "." + form), form, "hr", 2000)
        g.workbook(g.name("Økonomi/Bogføring", "Posteringer", "." + form), form, "numeric")


def share_text_set(g: Generator):
    """The mandatory text files: every encoding, category, decoy reason, empty and clean files."""
    r = g.rng
    F = lambda k: r.choice(FOLDERS[k])
    g.case_note("Borgerservice".encode() + b"/Ans\xf8gning.txt", "cp1252", 3000, cats=["kw", "plain"], decoys=[],
                title="Ansøgning")
    all_pos = ["kw", "plain", "exception", "failkw", "sep", "repl"]
    for i, enc in enumerate(["utf-8", "utf-8-bom", "utf-16le", "utf-16be", "cp1252"]):
        folder = ["Borgerservice/Sager", "Jobcenter/Sager", "HR/Personalesager", "Ældreplejen/Journaler",
                  "Borgerservice/Breve"][i]
        g.case_note(g.name(folder, r.choice(CASE_PREFIX), ".txt"), enc, 6000, cats=all_pos + ["kw", "plain"],
                    decoys=["noctx", "invalid", "long"])
    g.case_note(g.name("Jobcenter/Sager", "Sagsnotat", ".txt"), "utf-8", 8000, cats=["kw"],
                decoys=["noctx", "noctx", "invalid", "invalid", "long", "long", "long"])
    # every special category, positive and decoy, in every encoding family; no CPR in the decoy notes
    for i, kind in enumerate(sensitive_terms.KINDS):
        enc = ["utf-8", "utf-16le", "cp1252", "utf-8-bom"][i % 4]
        g.case_note(g.name("Borgerservice/Sager", "Journalnotat", ".txt"), enc, 5000, cats=["kw"], decoys=[],
                    sensitive=[(kind, True), (kind, True)])
        g.case_note(g.name("Fælles/Referater", "Notat", ".txt"), enc, 5000, cats=[], decoys=["noctx"],
                    sensitive=[(kind, False), (kind, False)])
    g.class_list(g.name("Skole/Elevlister", "Elevliste", ".csv"), "utf-8")
    g.class_list(g.name("Skole/Elevlister", "Elevliste", ".csv"), "cp1252")
    g.numeric_table(g.name("Økonomi/Bogføring", "Posteringer", ".csv"), "utf-8")
    g.numeric_table(g.name("Økonomi/Bogføring", "Posteringer", ".csv"), "utf-16le")
    g.invoice_letter(g.name("Økonomi/Fakturaer", "Faktura", ".txt"), "utf-8", 5000, with_positive=True,
                     decoys=["invoice"] * 8 + ["pnr", "pnr", "long"])
    g.log_file(g.name("Teknik/Logs", "sagssystem", ".log"), 20000, "kv")
    g.log_file(g.name("Teknik/Logs", "api", ".log"), 20000, "json")
    g.html_page(g.name("Fælles/Intranet", "Nyhed", ".html"), 5000, positives=2, script_decoy=True)
    g.html_page(g.name("Borgerservice/Selvbetjening", "Side", ".html"), 5000, positives=1, script_decoy=True,
                enc="cp1252")
    g.xml_citizens(g.name("Jobcenter/Eksport", "Borgereksport", ".xml"), "utf-8", 4000)
    g.xml_citizens(g.name("Borgerservice/Eksport", "Borgereksport", ".xml"), "utf-16le", 4000)
    g.xml_postings(g.name("Økonomi/Eksport", "Posteringer", ".xml"), "utf-8", 4000)
    g.citizen_csv(g.name("Borgerservice/Eksport", "Udtræk", ".csv"), "utf-16be", 3000)
    g.hr_csv(g.name("HR/Lister", "Medarbejdere", ".csv"), "utf-8-bom", 3000)
    for rel in ["Fælles/Ny tekstfil.txt", "Økonomi/Budget/tom.csv", "Teknik/Web/Ikke navngivet.html",
                "Teknik/Logs/fejl.log", "Jobcenter/Eksport/tom_eksport.xml"]:
        g.write(rel.encode(), b"")
    for enc in ["utf-8", "cp1252"]:        # clean files of each type
        g.minutes(g.name("Fælles/Referater", "Referat", ".txt"), enc, 4000)
        g.clean_csv(g.name("Fælles/Lister", "Telefonliste", ".csv"), enc, 2000)
        g.html_page(g.name("Teknik/Web", "Åbningstider", ".html"), 3000, positives=0, script_decoy=False,
                    enc=enc)
        g.xml_postings(g.name("Fælles/Referater", "Mødeplan", ".xml"), enc, 2000, clean=True)
        g.log_file(g.name("Teknik/Logs", "printserver", ".log"), 8000, "clean")


# --------------------------------------------------------------------------------------------------------------
# Profile: bench-text

class Pool:
    """A block of checked text written by rotation: files are slices of it, always cut at line starts."""

    def __init__(self, text: str):
        check_pool(text)
        self.data = text.encode("utf-8")
        assert self.data.endswith(b"\n")
        self.n = len(self.data)
        self.mv = memoryview(self.data + self.data)
        self.starts = [0]
        i = self.data.find(b"\n")
        while i != -1 and i + 1 < self.n:
            self.starts.append(i + 1)
            i = self.data.find(b"\n", i + 1)

    def snap(self, pos: int) -> int:
        """The last line start at or before pos (pos in [0, n))."""
        return self.starts[bisect.bisect_right(self.starts, pos) - 1]

    def write(self, fd: int, start: int, count: int) -> tuple[int, int]:
        """Write about `count` bytes of whole lines from line start `start`; returns (next start, written)."""
        written = 0
        while count - written >= self.n:                 # whole rotations of the pool
            self._out(fd, start, start + self.n)
            written += self.n
        rest = count - written
        if rest > 0:
            end = start + rest                           # start <= end < start + n (doubled buffer)
            cut = self.snap(end) if end < self.n else self.n + self.snap(end - self.n)
            self._out(fd, start, cut)                    # cut at a line start: no split line or character
            written += cut - start
            start = cut % self.n
        return start, written

    def _out(self, fd: int, a: int, b: int):
        view = self.mv[a:b]
        while view:
            view = view[os.write(fd, view):]


def check_pool(text: str):
    for rx in (RE_LONG_RUN, RE_SIX, RE_POS_KW, RE_NEG_KW):
        m = rx.search(text)
        assert m is None, f"pool: {m.group(0)!r} near {text[max(0, m.start() - 60):m.end() + 60]!r}"


def profile_bench(g: Generator, size: int):
    r, v = g.rng, g.vocab
    block = 1_400_000
    parts, n = [], 0
    while n < block:
        p = g.prose.paragraph(3, 8) + "\n\n"
        parts.append(p)
        n += len(p)
    prose = Pool("".join(parts))
    parts, n = ["Dato;Afdeling;Navn;Telefon;Antal;Beløb\n"], 0
    while n < block // 2:
        p = f"{v.dato()};{v.afd()};{v.navn()};{v.tlf()};{v.antal()};{v.beløb()[:-4]}\n"
        parts.append(p)
        n += len(p)
    csv = Pool("".join(parts))
    parts, n = [], 0
    t = 1_600_000_000
    while n < block // 2:
        t += r.randint(1, 30)
        iso = dt.datetime.fromtimestamp(t, tz=dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        p = (f"{iso} {r.choice(['INFO', 'WARN', 'DEBUG'])} {r.choice(['sagssystem', 'sso', 'backup'])}"
             f"[{r.randint(100, 65000)}]: {r.choice(['Sag opdateret', 'Login gennemført', 'Fil modtaget'])} "
             f"({r.randint(1, 4000)} ms)\n")
        parts.append(p)
        n += len(p)
    log = Pool("".join(parts))
    pools = [(".txt", prose, "dokument"), (".csv", csv, "udtræk"), (".log", log, "logfil")]

    every = 10 * 1000 * 1000
    share = os.fsencode(g.share)
    i = 0
    while g.bytes < size:
        s = log_uniform(r, 1024, 50 * 1024 * 1024)
        s = max(1, min(s, size - g.bytes))
        ext, pool, prefix = r.choices(pools, [6, 2, 2])[0]
        folder = i // 50
        rel = f"Afdeling_{folder // 20:02d}/Sagsmappe_{folder % 20:02d}/{prefix}_{i:05d}{ext}".encode("utf-8")
        i += 1
        path = os.path.join(share, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        g.dirs[os.path.dirname(path)] = None
        g.dirs[os.path.dirname(os.path.dirname(path))] = None
        # plants: one at each multiple of `every` bytes of the whole tree that falls inside this file
        first = (g.bytes // every + 1) * every
        offsets = list(range(first - g.bytes, s, every))
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            pos = pool.starts[r.randrange(len(pool.starts))]
            done = 0
            for off in offsets:
                pos, w = pool.write(fd, pos, off - done)
                done += w
                d = g.numbers.make("valid")
                g.truth.add(rel, d, True, "mod11+keyword")
                line = (f"Journalnotat: {v.navn()}, CPR-nr.: {fmt(d)}, har henvendt sig om "
                        f"{v.ydelse()}.\n").encode("utf-8")
                os.write(fd, line)
                done += len(line)
            if s - done > 0:
                pos, w = pool.write(fd, pos, s - done)
                done += w
            if done == 0:                  # never leave a bench file empty
                end = pool.starts[1] if len(pool.starts) > 1 else pool.n
                os.write(fd, pool.mv[0:end])
                done = end
        finally:
            os.close(fd)
        t = r.randint(MTIME_LO, MTIME_HI)
        os.utime(path, (t, t))
        g.names[rel] = None
        g.files += 1
        g.bytes += done


# --------------------------------------------------------------------------------------------------------------
# Profiles bench-realistic and many-small: municipal text as it is, special-category words included
#
# bench-text's filler is free of every dictionary word, and its files are mostly large: that hides what the
# default scan costs on a real share. These profiles write case notes in which everyday health and social-care
# words (medicin, sygdom, diagnose, handicap, misbrug, sygemeldt, ...) occur at the rate such notes have them,
# the other special categories now and then, ordinary numbers everywhere (amounts, dates, phone and case
# numbers, ten-digit references that are not CPR numbers), CPR numbers where a share has them, and thousands of
# small files. Every sentence with a dictionary term is recorded in the truth (one record per file and kind, as
# the share profile records its planted sentences), so a scan is still checked exactly.

# Conditions a case note names; each must hit the health dictionary (checked when the profile starts).
CONDITIONS = ["depression", "diabetes", "angst", "KOL", "astma", "epilepsi", "sklerose", "demens", "ADHD",
              "autisme", "brystkræft", "en hjerneblødning", "en blodprop", "hjertesvigt", "migræne",
              "en diskusprolaps", "slidgigt", "leddegigt", "PTSD", "en spiseforstyrrelse", "et alkoholmisbrug",
              "et hashmisbrug", "en hjerneskade", "udviklingshæmning", "skizofreni", "en kronisk sygdom",
              "en psykisk lidelse", "astma og allergi", "en bipolar lidelse", "apopleksi"]
# Sentences of health and social-care case work. Each filled sentence must hit the health dictionary and no
# other kind, and carry no CPR context word, negative label or CPR-like digit run.
HEALTH_TEMPLATES = [
    "{fornavn} er sygemeldt på grund af {tilstand} og forventer at vende tilbage om {antal} uger.",
    "Borgeren oplyser, at {tilstand} gør det svært at passe et arbejde på fuld tid.",
    "Der er indhentet en lægeerklæring, som beskriver forløbet med {tilstand}.",
    "Hjemmeplejen hjælper med medicin morgen og aften og ser til borgeren ved middagstid.",
    "Borgeren får medicin mod {tilstand} og har det bedre end ved sidste besøg.",
    "Medicinen er doseret for to uger, og medicinlisten er opdateret i omsorgssystemet.",
    "Diagnosen blev stillet af egen læge i {år}, og borgeren er henvist til videre udredning.",
    "{fornavn} har {tilstand} og har brug for hjælp til rengøring og indkøb.",
    "Sygemeldingen er forlænget til den {dato} efter aftale med egen læge.",
    "Borgeren har et fysisk handicap og har søgt om {ydelse}.",
    "Efter operationen skal {fornavn} til genoptræning {antal} gange om ugen.",
    "Der er bevilget fysioterapi i forbindelse med {tilstand}.",
    "Borgeren er i behandling for alkoholmisbrug og møder stabilt op i misbrugscentret.",
    "Forældrene oplyser, at {fornavn} har {tilstand} og har brug for støtte i skolen.",
    "Sundhedsplejersken har talt med forældrene om barnets allergi.",
    "{fornavn} har fået smertestillende medicin og bruger rollator indendørs.",
    "Det er lægens vurdering, at helbredet ikke tillader arbejde på fuld tid.",
    "Borgeren har været indlagt på psykiatrisk afdeling i {antal} dage.",
    "Der er udarbejdet en genoptræningsplan efter udskrivelsen fra sygehuset.",
    "Medarbejderen har meldt sig syg, og sygdommen forventes at vare {antal} uger.",
    "Jobcentret har modtaget en speciallægeerklæring, hvor {tilstand} er beskrevet.",
    "Der er tale om en arbejdsskade, og sagen er sendt videre til Arbejdsmarkedets Erhvervssikring.",
    "Borgeren ønsker at tale med sygeplejersken om sin medicin.",
    "{fornavn} har svært ved at huske aftaler på grund af {tilstand}.",
    "Hjemmesygeplejen måler blodtryk hver uge og giver besked til egen læge ved ændringer.",
    "Borgeren har et stofmisbrug og har fået en fast kontaktperson i misbrugscentret.",
    "Psykologen har haft {antal} samtaler med {fornavn} om {tilstand}.",
    "{fornavn} har været til kontrol for {tilstand} og skal til ny kontrol om {antal} måneder.",
    "Ved mødet fortalte {fornavn}, at sygdommen har betydet et langt fravær fra arbejdet.",
    "Der er søgt om hjælpemidler, da {fornavn} har {tilstand}.",
]
# Everyday sentences with more of the numbers a share is full of (checked like all filler).
EVERYDAY_SENTENCES = [
    "Sagen er journaliseret under {kle} i fagsystemet.",
    "Borgeren kan ringe til {afd} på telefon {tlf} alle hverdage fra kl. 10 til 14.",
    "Ansøgningen er modtaget den {dato} og har fået sagsnummer {sagsnr}.",
    "Der er registreret {antal} henvendelser i sagen siden den {dato}.",
    "Husstandens samlede indkomst er opgjort til {beløb} om året.",
    "Borgeren har fået brev om {ydelse} via Digital Post den {dato}.",
    "Der er aftalt hjemmebesøg {ugedag} den {dato} kl. {kl} på adressen {adresse}.",
    "Sagen er drøftet på teammødet den {dato}, og {fornavn} følger op inden {antal} dage.",
    "Skolen har indkaldt forældrene til samtale om {fornavn} {ugedag} den {dato}.",
    "Tilskuddet på {beløb} udbetales den {dato}, og sagen afsluttes derefter.",
]
OTHER_KINDS = tuple(k for k in sensitive_terms.KINDS if k != "health")
OTHER_RATE = 0.004   # share of sentences about another special category (only in texts of <= SENSITIVE_MAX_CHARS)
DECOY_RATE = 0.003   # share of sentences that only look like one (sensitive_sentences.tsv's decoys)

# Departments of a municipality: (forvaltning, files weight, share of case-note sentences about health or care,
# chance that a case note names its citizen's CPR number). The health shares are an estimate (see
# corpus/README.md): care journals nearly every third sentence, sick-leave cases a quarter, general
# citizen service a few per cent, the technical departments none.
AFDELINGER = {
    "Ældreplejen": ("Social og Sundhed", 10, 0.30, 0.6),
    "Socialafdelingen": ("Social og Sundhed", 6, 0.25, 0.5),
    "Sundhedsplejen": ("Social og Sundhed", 3, 0.20, 0.4),
    "Sygedagpenge": ("Beskæftigelse", 6, 0.25, 0.5),
    "Jobcenter": ("Beskæftigelse", 10, 0.12, 0.4),
    "Familieafdelingen": ("Børn og Unge", 6, 0.12, 0.4),
    "Skoler": ("Børn og Unge", 6, 0.05, 0.2),
    "Borgerservice": ("Borgerservice", 12, 0.04, 0.3),
    "HR": ("Økonomi og Personale", 6, 0.06, 0.3),
    "Byggesager": ("Teknik og Miljø", 6, 0.0, 0.05),
    "Kultur og Fritid": ("Kultur og Fritid", 3, 0.01, 0.0),
}
OFFICES = {     # folders of the documents that are not case notes
    "minutes": ("Direktionen", "Sekretariatet"), "invoice": ("Økonomi og Personale", "Økonomi"),
    "bookkeeping": ("Økonomi og Personale", "Økonomi"), "log": ("IT og Digitalisering", "Drift"),
}
NOTE_TITLES = ["Journalnotat", "Sagsnotat", "Notat om henvendelse", "Opfølgning", "Samtalereferat",
               "Besøgsnotat", "Handleplan", "Statusnotat"]
LETTER_TITLES = ["Afgørelse", "Partshøring", "Bevilling", "Brev til borger", "Indkaldelse"]
REAL_ENCODINGS = ["utf-8"] * 16 + ["utf-8-bom"] + ["cp1252"] * 2 + ["utf-16le"]
# Document types by size: (files weight below 64 KB, 64 KB-1 MB, from 1 MB). Large files are journal print-outs
# (many notes about a few citizens), logs, bookkeeping exports and long minutes.
REAL_TYPES = {
    "note": (45, 30, 0), "journal": (0, 10, 45), "letter": (8, 0, 0), "minutes": (14, 15, 10),
    "invoice": (8, 0, 0), "list": (12, 15, 0), "bookkeeping": (3, 10, 20), "log": (10, 20, 25),
}
# Size classes of bench-realistic: (smallest, largest file, share of the bytes). ~4,800 files at 160 MB.
SIZE_CLASSES = [(1 << 10, 4 << 10, 5), (4 << 10, 64 << 10, 15), (64 << 10, 1 << 20, 20), (1 << 20, 10 << 20, 25),
                (10 << 20, 50 << 20, 35)]
# many-small: file modes (weights) and folder modes; a share's usual variants, all readable by the owner.
FILE_MODES = [(0o644, 70), (0o640, 15), (0o600, 8), (0o664, 5), (0o444, 2)]
DIR_MODES = [(0o755, 80), (0o750, 12), (0o770, 5), (0o700, 3)]
TEAMS = ["Team Nord", "Team Syd", "Team Øst", "Team Vest", "Fælles"]


def term_sentence_problem(s: str, kind: str):
    """Why `s` cannot be planted as a sentence of `kind` (None if it can)."""
    for rx, what in ((RE_LONG_RUN, "9+ digit run"), (RE_SIX, "6-digit run"), (RE_POS_KW, "CPR context word"),
                     (RE_NEG_KW, "negative label")):
        if rx.search(s):
            return what
    kinds = SENSITIVE.kinds_in(s)
    return None if kinds == {kind} else f"dictionary kinds {sorted(kinds)}, not [{kind!r}]"


class RealText:
    """The sentence pools of the realistic profiles, each sentence checked once, and the filler that mixes them
    and records every planted term sentence in the truth."""

    def __init__(self, g: "Generator"):
        r, v = g.rng, g.vocab
        self.g = g
        for c in CONDITIONS:
            if SENSITIVE.kinds_in(f"Borgeren har {c}.") != {"health"}:
                raise AssertionError(f"condition {c!r} is not (only) a health term in the dictionaries")
        kle = lambda: (f"{r.randint(0, 85):02d}.{r.randint(0, 99):02d}.{r.randint(0, 20):02d}-"
                       f"{r.choice('GPAK')}{r.randint(0, 99):02d}")
        self.neutral = list(g.prose.pool) + [check_filler(v.fill(r.choice(EVERYDAY_SENTENCES), kle=kle()))
                                             for _ in range(600)]
        self.health = []
        for _ in range(1500):
            s = v.fill(r.choice(HEALTH_TEMPLATES), tilstand=r.choice(CONDITIONS))
            p = term_sentence_problem(s, "health")
            if p:
                raise AssertionError(f"health sentence: {p}: {s!r}")
            self.health.append(s)
        usable = lambda k, s: term_sentence_problem(s, k) is None
        self.health += [s for s in SENSITIVE_SENTENCES[("health", True)] if usable("health", s)]
        self.other = [(k, s) for k in OTHER_KINDS for s in SENSITIVE_SENTENCES.get((k, True), []) if usable(k, s)]
        self.decoys = [(k, s) for k in sensitive_terms.KINDS for s in SENSITIVE_SENTENCES.get((k, False), [])
                       if not RE_POS_KW.search(s) and not RE_NEG_KW.search(s)]
        self.stats = collections.Counter()

    def filler(self, doc: Doc, health: float, others: bool):
        """Doc.filler: a paragraph of 2-6 sentences; a share `health` of them about health or care, and with
        `others` now and then one of another special category or a decoy sentence."""
        r, g = self.g.rng, self.g
        other, decoy = (OTHER_RATE, DECOY_RATE) if others else (0.0, 0.0)

        def fill():
            parts = []
            for _ in range(r.randint(2, 6)):
                x = r.random()
                if x < health:
                    parts.append(r.choice(self.health))
                    g.truth.add_sensitive(doc.rel, "health", True, "everyday-term")
                    self.stats["health"] += 1
                elif x < health + other:
                    kind, s = r.choice(self.other)
                    parts.append(s)
                    g.truth.add_sensitive(doc.rel, kind, True, "sentence")
                    self.stats["other"] += 1
                elif x < health + other + decoy:
                    kind, s = r.choice(self.decoys)
                    parts.append(s)
                    g.truth.add_sensitive(doc.rel, kind, False, "decoy-sentence")
                    self.stats["decoy"] += 1
                else:
                    parts.append(r.choice(self.neutral))
            doc.prose(" ".join(parts) + "\n\n")
        return fill


class RealShare:
    """Writes the documents of the realistic profiles; `place(kind, afdeling)` names the folder of each."""

    def __init__(self, g: "Generator", place):
        self.g, self.place = g, place
        self.texts = RealText(g)
        names, weights = zip(*((a, w) for a, (_, w, _, _) in AFDELINGER.items()))
        self.afd_names, self.afd_weights = names, weights

    def afdeling(self) -> str:
        return self.g.rng.choices(self.afd_names, self.afd_weights)[0]

    def doc(self, rel: bytes, health: float, chars: int) -> Doc:
        doc = Doc(self.g, rel)
        doc.filler = self.texts.filler(doc, health, chars <= SENSITIVE_MAX_CHARS)
        return doc

    def note_body(self, doc: Doc, chars: int, cpr: float, title: str, people: list | None = None):
        """One note: a header, the citizen's CPR number with a keyword (chance `cpr`), paragraphs with now and
        then a number that is not a CPR (a reference, an invalid date, an EAN) or a plain mention of one."""
        g, r, v = self.g, self.g.rng, self.g.vocab
        end = doc.cursor + chars
        doc.prose(check_filler(f"{title}\nSagsnr. {v.sagsnr()}\nDato: {v.dato()}\n"
                               f"Sagsbehandler: {v.navn()}, {v.afd()}\n\n"))
        if r.random() < cpr:
            d = r.choice(people) if people else g.numbers.make("valid")
            doc.item(r.choice(T_KW), ("K", "P"), [("num", fmt(d, g.planter.cpr_sep()), d, True, "mod11+keyword")],
                     kw=r.choice(KW_POS))
            doc.prose("\n\n")
        while doc.cursor < end:
            doc.filler()
            x = r.random()
            if x < 0.03:
                g.planter.decoy(doc, r.choice(PROSE_DECOYS))
                doc.prose("\n\n")
            elif x < 0.04 and cpr > 0:
                g.planter.positive(doc, r.choice(["plain", "plain", "exception", "failkw", "sep", "repl"]))
                doc.prose("\n\n")
        doc.prose(check_filler(f"\nMed venlig hilsen\n{v.navn()}\n{v.afd()}, {MUNICIPALITY}\n\n"))

    def write(self, kind: str, target: int, enc: str | None = None) -> bytes:
        """Writes one document of about `target` bytes; returns its path below share/."""
        g, r, v = self.g, self.g.rng, self.g.vocab
        if enc is None:
            enc = r.choice(REAL_ENCODINGS) if target < (1 << 20) else "utf-8"
        chars = max(200, int(target / bytes_per_char(enc)))
        crlf = r.random() < 0.2
        if kind in ("note", "journal", "letter"):
            afd = self.afdeling()
            _, _, health, cpr = AFDELINGER[afd]
            if kind == "letter":
                title = r.choice(LETTER_TITLES)
                cpr = max(cpr, 0.5)
            else:
                title = r.choice(NOTE_TITLES) if kind == "note" else "Journaludskrift"
            rel = g.name(self.place(kind, afd), title.replace(" ", "_"), ".txt")
            doc = self.doc(rel, health, chars)
            doc.prose(check_filler(f"{MUNICIPALITY}\n"))
            if kind == "journal":     # many notes about a few citizens, each named with the CPR number
                people = [g.numbers.make("valid") for _ in range(r.randint(1, 12))]
                doc.prose(check_filler(f"{afd}, udskrevet {v.dato()}\n\n"))
                while doc.cursor < chars:
                    self.note_body(doc, log_uniform(r, 1500, 9000), max(cpr, 0.5), r.choice(NOTE_TITLES), people)
            else:
                self.note_body(doc, chars, cpr, title)
            g.emit(rel, doc.text(), enc, crlf=crlf)
        elif kind == "minutes":
            afd = self.afdeling() if r.random() < 0.5 else None
            rel = g.name(self.place(kind, afd), r.choice(["Referat", "Dagsorden", "Notat", "Vejledning"]), ".txt")
            health = AFDELINGER[afd][2] * 0.3 if afd else 0.02
            doc = self.doc(rel, health, chars)
            doc.prose(check_filler(f"{MUNICIPALITY}\nReferat af møde i {v.afd()}\nDato: {v.dato()} kl. {v.kl()}\n"
                                   f"Deltagere: {', '.join(v.navn() for _ in range(r.randint(3, 7)))}\n\n"))
            k = 1
            while doc.cursor < chars:
                doc.prose(f"Punkt {k}. " + r.choice(["Orientering", "Budgetopfølgning", "Arbejdsmiljø", "Sagsgange",
                                                     "Eventuelt", "Status på projekter", "Kvalitet"]) + "\n")
                for _ in range(r.randint(1, 3)):
                    doc.filler()
                k += 1
            g.emit(rel, doc.text(), enc, crlf=crlf)
        elif kind == "invoice":
            rel = g.name(self.place(kind, None), r.choice(["Faktura", "Rykker", "Kreditnota"]), ".txt")
            g.invoice_letter(rel, enc, target)
        elif kind == "list":
            afd = self.afdeling()
            what = r.choices(["clean", "classlist", "citizens", "numeric"], [12, 3, 2, 3])[0]
            if what == "classlist":
                g.class_list(g.name(self.place(kind, "Skoler"), "Elevliste", ".csv"), enc)
            elif what == "citizens":
                g.citizen_csv(g.name(self.place(kind, "Borgerservice"), "Udtræk", ".csv"), enc, target)
            elif what == "numeric":
                g.numeric_table(g.name(self.place("bookkeeping", None), "Posteringer", ".csv"), enc)
            else:
                g.clean_csv(g.name(self.place(kind, afd), r.choice(["Telefonliste", "Budget", "Oversigt"]), ".csv"),
                            enc, target)
            return next(reversed(g.names))
        elif kind == "bookkeeping":
            rel = g.name(self.place(kind, None), "Bogføring", ".csv")
            self.bookkeeping(rel, target)
        elif kind == "log":
            rel = g.name(self.place(kind, None), r.choice(["sagssystem", "sso", "printserver", "backup"]), ".log")
            g.log_file(rel, target, r.choices(["clean", "kv", "json"], [7, 2, 1])[0])
        else:
            raise ValueError(kind)
        return rel

    def bookkeeping(self, rel: bytes, target: int):
        """A bookkeeping export: voucher and account numbers of ten random digits (each one that a context-free
        detector would take for a CPR number is recorded as a numeric-table decoy), amounts, dates."""
        g, r, v = self.g, self.g.rng, self.g.vocab
        rows, size = ["Bilagsnr;Kontonr;Tekst;Afdeling;Beløb;Dato"], 0
        while size < target:
            a, b = f"{r.randrange(10 ** 10):010d}", f"{r.randrange(10 ** 10):010d}"
            if len(rows) == 1:      # at least one dangerous value per file, like numeric_table()
                a = g.numbers.make("valid")
            for d in (a, b):
                k = cpr_shape(d)
                if k:
                    g.truth.add(rel, d, False, "numeric-table", k)
            row = f"{a};{b};{r.choice(VARER)};{r.choice(AFD)};{v.beløb()[:-4]};{v.dato()}"
            rows.append(row)
            size += len(row.encode("utf-8")) + 2
        g.emit(rel, "\n".join(rows) + "\n", "utf-8", crlf=True)


def parse_size_classes(s: str) -> list[tuple[int, int, int]]:
    """'1K-4K:5,4K-64K:15,...' -> [(lo, hi, share)]: file sizes lo..hi get `share` parts of --size."""
    out = []
    for part in s.split(","):
        m = re.fullmatch(r"\s*([^-:\s]+)\s*-\s*([^-:\s]+)\s*:\s*(\d+)\s*", part)
        if not m:
            raise argparse.ArgumentTypeError(f"bad size class {part!r} (use e.g. 1K-4K:5,4K-64K:15)")
        lo, hi = parse_size(m.group(1)), parse_size(m.group(2))
        if not 0 < lo <= hi or int(m.group(3)) <= 0:
            raise argparse.ArgumentTypeError(f"bad size class {part!r}")
        out.append((lo, hi, int(m.group(3))))
    return out


def human_size(n: int) -> str:
    for unit, div in (("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= div and n % div == 0:
            return f"{n // div}{unit}"
    return f"{n}B"


def size_class_dir(i: int, lo: int, hi: int) -> str:
    return f"K{i + 1}_{human_size(lo)}-{human_size(hi)}"


def profile_realistic(g: Generator, size: int, classes: list[tuple[int, int, int]]):
    """share/K<i>_<lo>-<hi>/<forvaltning>/<afdeling>/<year>/...: one subtree per size class, so that a bench can
    time each class on its own; inside, a municipality's folders."""
    r = g.rng
    state = {"dir": ""}

    def place(kind, afd):
        forv, sub = OFFICES[kind] if kind in OFFICES else (AFDELINGER[afd][0], afd)
        if kind == "minutes" and afd:
            forv, sub = AFDELINGER[afd][0], afd
        return f"{state['dir']}/{forv}/{sub}/{r.randint(2016, 2026)}"

    share = RealShare(g, place)
    total = sum(c[2] for c in classes)
    summary = []
    for i, (lo, hi, part) in enumerate(classes):
        state["dir"] = size_class_dir(i, lo, hi)
        budget, start_bytes, start_files = size * part // total, g.bytes, g.files
        band = 0 if hi <= (64 << 10) else (2 if lo >= (1 << 20) else 1)
        kinds = [k for k, w in REAL_TYPES.items() if w[band]]
        weights = [REAL_TYPES[k][band] for k in kinds]
        while g.bytes - start_bytes < budget:
            target = min(log_uniform(r, lo, hi), max(lo, budget - (g.bytes - start_bytes)))
            share.write(r.choices(kinds, weights)[0], target)
        summary.append(f"{state['dir']}: {g.files - start_files} files, {(g.bytes - start_bytes) / 1e6:.1f} MB")
    return share.texts.stats, summary


def profile_many_small(g: Generator, files: int):
    """`files` files of a few hundred bytes to a few KB in <forvaltning>/<afdeling>/<team>/<year>/, with the
    mtime in the folder's year and a few permission variants on files and folders."""
    r = g.rng
    years = {}

    def place(kind, afd):
        forv, sub = OFFICES[kind] if kind in OFFICES else (AFDELINGER[afd][0], afd)
        if kind == "minutes" and afd:
            forv, sub = AFDELINGER[afd][0], afd
        year = r.randint(2016, 2026)
        folder = f"{forv}/{sub}/{r.choice(TEAMS)}/{year}"
        years[folder] = year
        return folder

    share = RealShare(g, place)
    kinds = [k for k, w in REAL_TYPES.items() if w[0]]
    weights = [REAL_TYPES[k][0] for k in kinds]
    modes, mode_w = zip(*FILE_MODES)
    root = os.fsencode(g.share)
    for _ in range(files):
        rel = share.write(r.choices(kinds, weights)[0], log_uniform(r, 300, 4000))
        year = years[os.path.dirname(rel).decode("utf-8")]
        lo = int(dt.datetime(year, 1, 1, tzinfo=dt.timezone.utc).timestamp())
        hi = min(int(dt.datetime(year + 1, 1, 1, tzinfo=dt.timezone.utc).timestamp()), MTIME_HI) - 1
        path = os.path.join(root, rel)
        t = r.randint(lo, hi)
        os.utime(path, (t, t))
        os.chmod(path, r.choices(modes, mode_w)[0])
    dmodes, dmode_w = zip(*DIR_MODES)
    for d in sorted(g.dirs):
        os.chmod(d, r.choices(dmodes, dmode_w)[0])
    return share.texts.stats, []


# --------------------------------------------------------------------------------------------------------------
# CLI

def parse_size(s: str) -> int:
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?\s*", s, re.I)
    if not m:
        raise argparse.ArgumentTypeError(f"bad size {s!r} (use e.g. 5M, 200M, 1G, 512K or plain bytes)")
    mult = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30}[m.group(2).lower()]
    return int(float(m.group(1)) * mult)


def parse_formats(s: str) -> list[str]:
    want = [x.strip().lower() for x in s.split(",") if x.strip()]
    bad = [x for x in want if x not in FORMATS]
    if bad or not want:
        raise argparse.ArgumentTypeError(f"unknown format(s) {','.join(bad) or s!r}; choose from {','.join(FORMATS)}")
    return [f for f in FORMATS if f in want]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Deterministic fake Danish file share with planted CPR numbers.")
    ap.add_argument("--out", required=True, help="output directory (share/, truth.jsonl, key go here)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--size", type=parse_size, default=None, help="total content bytes, suffix K/M/G "
                    "(default 5M for share, 1G for bench-text, 160M for bench-realistic)")
    ap.add_argument("--profile", choices=["share", "bench-text", "bench-realistic", "many-small"], default="share")
    ap.add_argument("--size-classes", type=parse_size_classes, default=SIZE_CLASSES,
                    help="profile bench-realistic: file size classes and their shares of --size, e.g. "
                    "1K-4K:5,4K-64K:15,64K-1M:20,1M-10M:25,10M-50M:35 (the default)")
    ap.add_argument("--files", type=int, default=100000, help="profile many-small: number of files (default 100000)")
    ap.add_argument("--key-file", help="use this file's raw bytes as the HMAC key instead of writing DIR/key")
    ap.add_argument("--force", action="store_true", help="replace an existing DIR/share and DIR/truth.jsonl")
    ap.add_argument("--formats", type=parse_formats, default=FORMATS,
                    help=f"profile share: file formats to write, comma-separated, from {','.join(FORMATS)} "
                    "(default: all; `text` is txt, csv, html, xml and log)")
    a = ap.parse_args(argv)
    size = a.size if a.size is not None else {"share": 5 << 20, "bench-realistic": 160 << 20}.get(a.profile, 1 << 30)
    if a.files < 1:
        print("generate.py: --files must be at least 1", file=sys.stderr)
        return 2

    share = os.path.join(a.out, "share")
    truth_path = os.path.join(a.out, "truth.jsonl")
    if os.path.lexists(share) and (not os.path.isdir(share) or os.listdir(share)):
        if not a.force:
            print(f"generate.py: {share} already exists and is not empty; use --force to replace it",
                  file=sys.stderr)
            return 2
    if a.force:
        if os.path.isdir(share) and not os.path.islink(share):
            shutil.rmtree(share)
        elif os.path.lexists(share):
            os.unlink(share)
        if os.path.lexists(truth_path):
            os.unlink(truth_path)

    if a.key_file:
        try:
            with open(a.key_file, "rb") as f:
                key = f.read()
        except OSError as e:
            print(f"generate.py: cannot read key file: {e}", file=sys.stderr)
            return 2
        if not key:
            print(f"generate.py: key file {a.key_file} is empty", file=sys.stderr)
            return 2
    else:
        key = hashlib.sha256(f"datavagt-corpus-key/{a.seed}".encode()).digest()

    os.makedirs(share, exist_ok=True)
    if not a.key_file:
        kp = os.path.join(a.out, "key")
        fd = os.open(kp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.fchmod(fd, 0o600)
            os.write(fd, key)
        finally:
            os.close(fd)

    g = Generator(a.out, a.seed, key)
    extra = None
    if a.profile == "share":
        profile_share(g, size, a.formats)
    elif a.profile == "bench-text":
        profile_bench(g, size)
    elif a.profile == "bench-realistic":
        extra = profile_realistic(g, size, a.size_classes)
    else:
        extra = profile_many_small(g, a.files)
    g.finish_dirs()
    g.truth.write(truth_path)
    recs = [x for x in g.truth.records.values() if "fingerprint" in x]
    sens = [x for x in g.truth.records.values() if "fingerprint" not in x]
    pos = [x for x in recs if x["expect"]]
    dec = [x for x in recs if not x["expect"]]
    print(f"datavagt corpus: profile={a.profile} seed={a.seed} files={g.files} bytes={g.bytes} "
          f"positives={len(pos)} (occurrences {sum(x['count'] for x in pos)}) "
          f"decoys={len(dec)} (occurrences {sum(x['count'] for x in dec)}) "
          f"sensitive={sum(x['expect'] for x in sens)} (files x kinds; decoy files x kinds "
          f"{sum(not x['expect'] for x in sens)}) out={a.out}"
          + (f" formats={','.join(a.formats)}" if a.profile == "share" and a.formats != FORMATS else ""))
    if extra:   # the realistic profiles: what the tree holds, per size class
        stats, classes = extra
        files_cpr = len({x["path"] for x in pos})
        files_health = len({x["path"] for x in sens if x["expect"] and x["kind"] == "health"})
        print(f"  files with a CPR number {files_cpr} ({100 * files_cpr / max(g.files, 1):.0f} %), "
              f"with health terms {files_health} ({100 * files_health / max(g.files, 1):.0f} %); "
              f"health sentences {stats['health']} ({stats['health'] / max(g.bytes / 1024, 1):.2f} per KB of the "
              f"tree), other special categories {stats['other']}, decoy sentences {stats['decoy']}")
        for line in classes:
            print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
