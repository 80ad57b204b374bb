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


def _entry_regex(entry: str) -> str:
    """The regex source for one term line (a phrase or a pattern)."""
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


TOKEN = re.compile(WORD + "+")


class _Kind:
    """One kind's terms, split by shape so that a text is checked word by word (fast in Python):
    single words by set look-up and str.startswith/endswith over tuples; phrases and patterns by regex,
    a phrase only when its first word occurs at all."""

    def __init__(self):
        self.words: dict[bool, set[str]] = {True: set(), False: set()}       # caseless? -> whole words
        self.prefixes: dict[bool, list[str]] = {True: [], False: []}         # term*
        self.suffixes: dict[bool, list[str]] = {True: [], False: []}         # *term
        self.infixes: dict[bool, list[str]] = {True: [], False: []}          # *term*
        self.phrases: list[tuple[str, re.Pattern]] = []                      # (first word folded, regex)

    def add(self, line: str):
        if len(line) >= 2 and line[0] == "/" and line[-1] == "/":
            self.phrases.append(("", re.compile(_entry_regex(line))))
            return
        caseless = not line.startswith("=")
        body = line.lstrip("=")
        left, right = body.startswith("*"), body.endswith("*")
        term = unicodedata.normalize("NFC", " ".join(body.strip("*").split()))
        if not TOKEN.fullmatch(term):  # several words, or punctuation inside: a phrase
            first = TOKEN.search(term)
            self.phrases.append(((first.group(0).casefold() if first else ""), re.compile(_entry_regex(line))))
            return
        key = term.casefold() if caseless else term
        if left and right:
            self.infixes[caseless].append(key)
        elif left:
            self.suffixes[caseless].append(key)
        elif right:
            self.prefixes[caseless].append(key)
        else:
            self.words[caseless].add(key)

    def finish(self):
        for d in (self.prefixes, self.suffixes, self.infixes):
            for k in d:
                d[k] = tuple(d[k])

    def hit(self, text: str, tokens: list[str], folded_tokens: list[str], folded_text: str) -> str | None:
        for caseless, toks in ((True, folded_tokens), (False, tokens)):
            words, pre, suf, inf = self.words[caseless], self.prefixes[caseless], self.suffixes[caseless], \
                self.infixes[caseless]
            for t in toks:
                if t in words or (pre and t.startswith(pre)) or (suf and t.endswith(suf)) or \
                        (inf and any(i in t for i in inf)):
                    return t
        for first, rx in self.phrases:
            if first and first not in folded_text:
                continue
            m = rx.search(text)
            if m:
                return m.group(0)
        return None


class Matcher:
    def __init__(self, directory: str = DICT_DIR):
        self.kinds: dict[str, _Kind] = {}
        for kind in KINDS:
            path = os.path.join(directory, kind + ".txt")
            if not os.path.exists(path):
                continue
            k = _Kind()
            with open(path, encoding="utf-8") as f:
                for line in f:
                    line = _strip_comment(line).strip()
                    if line and not line.startswith("@") and not line.startswith("!"):
                        k.add(line)
            k.finish()
            self.kinds[kind] = k

    def _hits(self, text: str):
        text = unicodedata.normalize("NFC", text)
        tokens = TOKEN.findall(text)
        folded = [t.casefold() for t in tokens]
        folded_text = text.casefold()
        for kind, k in self.kinds.items():
            h = k.hit(text, tokens, folded, folded_text)
            if h is not None:
                yield kind, h

    def kinds_in(self, text: str) -> set[str]:
        return {kind for kind, _ in self._hits(text)}

    def first_hit(self, text: str) -> str | None:
        for kind, h in self._hits(text):
            return f"{kind} term {h!r}"
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
