"""An independent, simple reading of detectors/dictionaries/*.txt for the corpus generator.

It answers one question: which sensitive kinds could a piece of text trigger? The generator uses it to keep its
filler text free of every dictionary term (so the only sensitive findings in a generated share are the planted
ones, recorded in truth.jsonl). It is deliberately conservative: exclusions (`!phrase`) and `@near person`
gates are ignored, so anything the scanner might report counts as a hit here.

Like the scanner, an entry also stands for its inflected forms, taken from the Danish Hunspell dictionary
(Debian's hunspell-da, /usr/share/hunspell/da_DK.*) by a small expander of its own (`Hunspell` below): the
scanner's C++ expander and this one are written independently, so the corpus tests check one against the other.

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

HUNSPELL_DA = "/usr/share/hunspell/da_DK"
# As the scanner: imperatives and present participles are not used as forms (detectors/inflector.cpp).
SKIPPED_TAGS = {"+IMPERATIV", "+PRÆSENS_PART"}
FUNCTION_WORDS = {"af", "at", "de", "dem", "den", "der", "det", "efter", "en", "er", "et", "for", "fra", "hos", "i",
                  "med", "mod", "om", "op", "over", "på", "sig", "sin", "sine", "sit", "til", "ud", "ude", "under",
                  "ved", "og", "eller"}


class Hunspell:
    """The standalone forms of a word from a Hunspell .aff/.dic pair with numeric flags (da_DK): suffixes, a
    second suffix named by the first one's continuation flags, prefixes and their cross products; forms that
    need a further affix (NEEDAFFIX), live only in compounds (ONLYINCOMPOUND) or are forbidden are left out."""

    def __init__(self, base: str = HUNSPELL_DA, only: set[str] | None = None):
        """`only`: the words that will be asked for (all spellings); None = every word (slow)."""
        self.rules: dict[str, list] = {}  # flag -> [(suffix, cross, strip, add, contflags, regex, tag)]
        self.special = {"NEEDAFFIX": None, "ONLYINCOMPOUND": None, "FORBIDDENWORD": None, "CIRCUMFIX": None}
        cross = {}
        with open(base + ".aff", encoding="utf-8") as f:
            for line in f:
                p = line.split()
                if not p or p[0].startswith("#"):
                    continue
                if p[0] in self.special and len(p) > 1:
                    self.special[p[0]] = p[1]
                elif p[0] in ("SFX", "PFX") and len(p) >= 4:
                    key = (p[0], p[1])
                    if key not in cross and p[2] in "YN" and p[3].isdigit():
                        cross[key] = p[2] == "Y"
                        continue
                    strip = "" if p[2] == "0" else p[2]
                    add, _, cont = p[3].partition("/")
                    add = "" if add == "0" else add
                    cond = p[4] if len(p) > 4 else "."
                    rx = re.compile(("(?:%s)$" if p[0] == "SFX" else "^(?:%s)") % cond)
                    tag = p[5] if len(p) > 5 else ""
                    self.rules.setdefault(p[1], []).append(
                        (p[0] == "SFX", cross[key], strip, add, set(cont.split(",")) if cont else set(), rx, tag))
        self.words: dict[str, list[set[str]]] = {}
        with open(base + ".dic", encoding="utf-8") as f:
            lines = f.read().split("\n")[1:]
        for line in lines:
            word, _, flags = line.partition("/")
            if only is not None and word not in only:
                if " " not in word and "\t" not in word:
                    continue
                word = word.split()[0] if word.split() else ""  # "abortuum st:abortus": no flags
                flags = ""
                if word not in only:
                    continue
            flags = flags.split()[0] if flags.split() else ""
            if word:
                self.words.setdefault(word, []).append(set(flags.split(",")) if flags else set())

    def _standalone(self, flags: set[str]) -> bool:
        return not any(v is not None and v in flags for v in self.special.values())

    def _each(self, flags: set[str], suffix: bool, word: str):
        for fl in flags:
            for r in self.rules.get(fl, ()):
                is_sfx, _, strip, add, cont, rx, tag = r
                if is_sfx != suffix or tag in SKIPPED_TAGS or len(word) <= len(strip) or not rx.search(word):
                    continue
                if suffix and word.endswith(strip):
                    yield r, word[:len(word) - len(strip)] + add
                elif not suffix and word.startswith(strip):
                    yield r, add + word[len(strip):]

    def forms_of_root(self, root: str, flags: set[str]) -> list[str]:
        out: list[str] = []
        if self.special["FORBIDDENWORD"] in flags:
            return out
        if self._standalone(flags):
            out.append(root)
        suffixed = []
        for r, w in self._each(flags, True, root):
            if self._standalone(r[4]):
                out.append(w)
            if self.special["ONLYINCOMPOUND"] not in r[4] and self.special["FORBIDDENWORD"] not in r[4]:
                for r2, w2 in self._each(r[4], True, w):
                    if self._standalone(r2[4]):
                        out.append(w2)
            suffixed.append((r, w))
        for p, w in self._each(flags, False, root):
            if self._standalone(p[4]):
                out.append(w)
            if p[1]:
                for r, sw in suffixed:
                    if r[1] and self._standalone(r[4]) and self._standalone(p[4]) and sw.startswith(p[2]) \
                            and len(sw) > len(p[2]):
                        out.append(p[3] + sw[len(p[2]):])
        return out

    @staticmethod
    def spellings(term: str) -> tuple[str, str, list[str]]:
        """(the phrase's head with its space, its last word, the spellings looked up) — none for a little word."""
        head, _, word = term.rpartition(" ")
        head = head + " " if head else ""
        if not word or (head and word.casefold() in FUNCTION_WORDS):
            return head, word, []
        lower = word == word.lower()
        return head, word, [word] + ([word[:1].upper() + word[1:], word.upper()] if lower else [])

    def other_forms(self, term: str) -> set[str]:
        """The forms of a term other than itself (a phrase: of its last word), in lower case for a lower-case term."""
        head, word, spellings = self.spellings(term)
        if not spellings:
            return set()
        lower = word == word.lower()
        out = set()
        for sp in spellings:
            for flags in self.words.get(sp, ()):
                for form in self.forms_of_root(sp, flags):
                    if form.startswith("-") or form.endswith("-"):
                        continue
                    form = head + (form.lower() if lower else form)
                    if form != term:
                        out.add(form)
        return out


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

    def add(self, line: str, forms=()):
        if len(line) >= 2 and line[0] == "/" and line[-1] == "/":
            self.phrases.append(("", re.compile(_entry_regex(line))))
            return
        left = line.lstrip("=").startswith("*")
        for form in forms:  # an inflected form keeps the entry's markers
            self.add(("*" if left else "") + form)
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


def _takes_inflections(line: str) -> bool:
    """As the scanner (term_dictionary.h): words and phrases, not patterns, =EXACT acronyms or stem* prefixes."""
    return not (line.startswith("/") or line.startswith("=") or line.endswith("*"))


def _entries(directory: str):
    """(kind, entry line, takes inflections) for every term line of the dictionaries."""
    for kind in KINDS:
        path = os.path.join(directory, kind + ".txt")
        if not os.path.exists(path):
            continue
        inflect, cue = True, False
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = _strip_comment(line).strip()
                if line.startswith("@inflect"):
                    inflect = line.split()[-1] == "on"
                if line.startswith("@cue"):  # cue words never report on their own
                    cue = line.split()[-1] == "on"
                if line and not cue and not line.startswith("@") and not line.startswith("!"):
                    yield kind, line, inflect and _takes_inflections(line)


def _term(line: str) -> str:
    return unicodedata.normalize("NFC", " ".join(line.lstrip("=*").split()))


class Matcher:
    def __init__(self, directory: str = DICT_DIR, hunspell: Hunspell | None = None):
        self.kinds: dict[str, _Kind] = {}
        if hunspell is None:
            wanted = {sp for _, line, inflect in _entries(directory) if inflect
                      for sp in Hunspell.spellings(_term(line))[2]}
            hunspell = Hunspell(only=wanted)
        self.hunspell = hunspell
        for kind, line, inflect in _entries(directory):
            k = self.kinds.get(kind)
            if k is None:
                k = self.kinds[kind] = _Kind()
            k.add(line, self.hunspell.other_forms(_term(line)) if inflect else ())
        for k in self.kinds.values():
            k.finish()

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
