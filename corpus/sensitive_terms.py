"""An independent, simple reading of detectors/dictionaries/*.txt for the corpus generator.

It answers one question: which sensitive kinds could a piece of text trigger? The generator uses it to keep its
filler text free of every dictionary term (so the only sensitive findings in a generated share are the planted
ones, recorded in truth.jsonl). It is deliberately conservative: exclusions (`!phrase`) and `@near person`
gates are ignored, so anything the scanner might report counts as a hit here.

Python standard library only. Not used by the scanner.
"""
from __future__ import annotations

import os
import re
import unicodedata

KINDS = ("health", "ethnicity", "politics", "religion", "union", "genetic", "biometric", "sexual", "criminal")
DICT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "detectors", "dictionaries")

WORD = r"[^\W_]"  # a letter or digit in any script (Python's \w without the underscore)


def _strip_comment(line: str) -> str:
    for i, c in enumerate(line):
        if c == "#" and (i == 0 or line[i - 1].isspace()):
            return line[:i]
    return line


def _entry_regex(entry: str) -> str | None:
    """The regex source for one dictionary line, or None for lines that are not terms."""
    if entry.startswith("!"):
        return None
    if len(entry) >= 2 and entry[0] == "/" and entry[-1] == "/":
        return rf"(?<!{WORD})(?:{entry[1:-1]})(?!{WORD})"
    caseless = not entry.startswith("=")
    entry = entry.lstrip("=")
    left_open = entry.startswith("*")
    right_open = entry.endswith("*")
    term = unicodedata.normalize("NFC", " ".join(entry.strip("*").split()))
    body = r"\s".join(re.escape(w) for w in term.split(" "))
    if caseless:
        body = f"(?i:{body})"
    return ("" if left_open else rf"(?<!{WORD})") + body + ("" if right_open else rf"(?!{WORD})")


class Matcher:
    def __init__(self, directory: str = DICT_DIR):
        self.patterns: dict[str, re.Pattern] = {}  # kind -> one alternation of all its terms
        for kind in KINDS:
            path = os.path.join(directory, kind + ".txt")
            if not os.path.exists(path):
                continue
            sources = []
            with open(path, encoding="utf-8") as f:
                for line in f:
                    line = _strip_comment(line).strip()
                    if line and not line.startswith("@"):
                        rx = _entry_regex(line)
                        if rx:
                            sources.append(f"(?:{rx})")
            if sources:
                self.patterns[kind] = re.compile("|".join(sources))

    def kinds_in(self, text: str) -> set[str]:
        text = unicodedata.normalize("NFC", text)
        return {k for k, p in self.patterns.items() if p.search(text)}

    def first_hit(self, text: str) -> str | None:
        text = unicodedata.normalize("NFC", text)
        for kind, p in self.patterns.items():
            m = p.search(text)
            if m:
                return f"{kind} term {m.group(0)!r}"
        return None


def load_sentences(path: str) -> dict[tuple[str, bool], list[str]]:
    """corpus/sensitive_sentences.tsv: kind TAB +/- TAB sentence -> {(kind, positive): [sentences]}."""
    out: dict[tuple[str, bool], list[str]] = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 3 or parts[0] not in KINDS or parts[1] not in "+-" or not parts[2].strip():
                raise ValueError(f"{path}:{n}: expected 'kind<TAB>+|-<TAB>sentence'")
            out.setdefault((parts[0], parts[1] == "+"), []).append(parts[2].strip())
    return out
