"""Text helpers shared by validation, the name index and the renderers.

How a typed name is matched is data, in the tables below, and the README promises exactly these
rules: case, accents, hyphens, spaces and punctuation never matter; a plural finds its singular;
the UK and US spellings listed here find each other.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# C0 controls except tab and newline, DEL, C1 controls (ESC starts ANSI and OSC sequences), and the
# bidirectional controls that can reorder what a reader sees.
UNSAFE_CHARS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)

# Characters that print as nothing, or as a line break, and so hide in text that looks plain: the
# soft hyphen, the combining grapheme joiner, the Hangul and Khmer fillers, zero-width spaces and
# joiners, word joiner and invisible operators, the byte-order mark inside text, the line and
# paragraph separators, and the TAG characters (which can carry hidden words). Also the rest of
# Unicode's default-ignorable characters (attack run h41, D4): the variation selectors (256 of
# them, U+FE00-FE0F and U+E0100-E01EF, can carry a hidden message one byte a character, as TAG
# characters can), the Mongolian variation selectors, the deprecated format characters
# U+206A-206F, the shorthand and musical format controls, and the unassigned code points kept
# for such characters; and the interlinear annotation marks U+FFF9-FFFB. A knowledge base
# holding one is refused (``yamlload``); a person's own words lose them (``strip_invisible``).
INVISIBLE_CHARS = re.compile(
    "[\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200d\u2028\u2029"
    "\u2060-\u2065\u206a-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)

# Plural endings, tried in order on each word of four letters or more: the first that fits is
# replaced. A word ending in -ss, -us or -is is left alone (mass, everolimus, metastasis).
PLURAL_ENDINGS: tuple[tuple[str, str], ...] = (
    ("ies", "y"),  # biopsies -> biopsy, therapies -> therapy
    ("sses", "ss"),
    ("ches", "ch"),
    ("shes", "sh"),
    ("xes", "x"),
    ("s", ""),  # tumours -> tumour, analogues -> analogue, NETs -> NET
)
_SINGULAR_KEEP = ("ss", "us", "is")

# UK and US spellings. Whole words first (either form of the pair finds the other); then word
# endings, applied to any word (so "chemoembolisation" finds "chemoembolization" too).
SPELLING_WORDS: tuple[tuple[str, str], ...] = (
    ("diarrhoea", "diarrhea"),
    ("oesophagus", "esophagus"),
    ("oesophageal", "esophageal"),
    ("appendicectomy", "appendectomy"),
    ("faeces", "feces"),
    ("haematologist", "hematologist"),
    ("anaemia", "anemia"),
)
SPELLING_ENDINGS: tuple[tuple[str, str], ...] = (
    ("isation", "ization"),  # embolisation, chemoembolisation
    ("ised", "ized"),  # randomised
    ("ising", "izing"),  # specialising
    ("ise", "ize"),
    ("yse", "yze"),  # analyse, paralyse
    ("our", "or"),  # tumour, colour
    ("ogue", "og"),  # analogue
    ("tre", "ter"),  # centre
)
# Words of four letters or more also find the longer words they are part of ("embolisation" finds
# "chemoembolisation"); shorter words must match a whole word.
STEM_MIN = 4

_WORD_US = dict(SPELLING_WORDS)
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_WORD = re.compile(r"[0-9a-z]+")
# Two or more words of one letter or digit in a row ("s.s.a."), which are read as one word.
_SINGLES = re.compile(r"(?<![0-9a-z])[0-9a-z](?:[^0-9a-z]+[0-9a-z](?![0-9a-z]))+")


def strip_unsafe(text: str) -> str:
    """Remove control, escape and bidi characters before text reaches a terminal or a file."""
    return UNSAFE_CHARS.sub("", text)


def strip_invisible(text: str) -> str:
    """Text without ``INVISIBLE_CHARS``; a line or paragraph separator becomes a space."""
    return INVISIBLE_CHARS.sub(lambda m: " " if m.group() in "\u2028\u2029" else "", text)


def scripts(text: str) -> set[str]:
    """The alphabets of the letters of a text ("LATIN", "CYRILLIC", "GREEK"...), from their
    Unicode names after compatibility decomposition (so full-width and mathematical Latin
    letters, and the Kelvin sign, count as Latin, as ``fold`` reads them)."""
    found: set[str] = set()
    for c in unicodedata.normalize("NFKD", text):
        if c.isascii() or not c.isalpha():
            if c.isalpha():
                found.add("LATIN")
            continue
        name = unicodedata.name(c, "")
        found.add("LATIN" if "LATIN" in name.split() else (name.split() or ["OTHER"])[0])
    return found


def unplain_letters(text: str) -> list[str]:
    """The letters of a text that have no plain Latin form once case and accents are taken off
    (the dotless ı, ø, æ, ł...): ``fold`` drops them, so a name holding one is found neither by
    its plain spelling nor compared with the names it looks like ("sunıtinib" folded to
    "suntinib", and passed as an alias of another drug than sunitinib)."""
    return sorted({c for c in _plain(text) if c.isalpha() and not c.isascii()})


# Letters and pairs that look alike in most typefaces, for ``look_alike``: a name that differs
# from another only by these reads as the same name.
_LOOK_ALIKE_PAIRS = (("rn", "m"), ("vv", "w"), ("cl", "d"))
_LOOK_ALIKE = str.maketrans({"0": "o", "1": "l", "i": "l", "|": "l"})


def look_alike(key: str) -> str:
    """A folded name (``fold``) reduced to its look: the letters and pairs that look alike in most
    typefaces (0 and o; 1, l and I; rn and m...) made one."""
    key = key.translate(_LOOK_ALIKE)
    for pair, single in _LOOK_ALIKE_PAIRS:
        key = key.replace(pair, single)
    return key


def _plain(text: str) -> str:
    if text.isascii():  # no accents to take off: the same result, without a pass per character
        return text.lower()
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


def singular(word: str) -> str:
    """A lower-case word without its plural ending (``PLURAL_ENDINGS``)."""
    if len(word) < 4 or word.endswith(_SINGULAR_KEEP):
        return word
    for plural, single in PLURAL_ENDINGS:
        if word.endswith(plural):
            return word[: len(word) - len(plural)] + single
    return word


def spell(word: str) -> str:
    """A lower-case singular word in its US spelling (``SPELLING_WORDS``, ``SPELLING_ENDINGS``)."""
    if word in _WORD_US:
        return _WORD_US[word]
    for uk, us in SPELLING_ENDINGS:
        if word.endswith(uk):
            return word[: len(word) - len(uk)] + us
    return word


def _raw_words(text: str) -> list[str]:
    """Lower-case words without accents; single letters in a row are one word ("S.S.A." is
    "ssa")."""
    plain = _SINGLES.sub(_joined, _plain(text))
    return _WORD.findall(plain)


def _joined(match: re.Match[str]) -> str:
    return _NOT_ALNUM.sub("", match.group())


def _us(word: str) -> str:
    return _WORD_US.get(word, word)


@lru_cache(maxsize=1 << 16)
def _spelled(word: str) -> str:
    return spell(_us(word))


@lru_cache(maxsize=1 << 16)
def _matched(word: str) -> str:
    """One raw word as it is matched (``words``). A knowledge base repeats a few thousand words
    many times over, so each is worked out once: building the search text of a large knowledge
    base spent most of its time here."""
    return spell(singular(_us(word)))


def words(text: str) -> list[str]:
    """The words of a text as they are matched: no case, accents, plural or UK/US difference."""
    return [_matched(w) for w in _raw_words(text)]


def fold_words(text: str) -> str:
    """``words`` joined by spaces (the text that ``search`` looks through)."""
    return " ".join(words(text))


def fold(name: str) -> str:
    """The key a name is looked up by: its words run together, so that spaces, hyphens and
    punctuation never matter ("chemo-embolisation" and "Chemoembolization" agree). Each word
    takes its US spelling; the last one also loses its plural ending ("trans arterial" and
    "transarterial" agree, "analogues" finds "analogue")."""
    raw = _raw_words(name)
    if not raw:
        return ""
    return "".join([_spelled(w) for w in raw[:-1]] + [_matched(raw[-1])])


_TEXT_WORD = re.compile(r"\w+")


def text_words(text: str) -> tuple[str, ...]:
    """The words of a running text as the summary finds glossary terms in it: runs of letters and
    digits in any script, without regard to case (and nothing else folded)."""
    return tuple(_TEXT_WORD.findall(text.casefold()))


def word_matches(typed: str, word: str) -> int:
    """2 when a typed word is a word of a name, 1 when it is part of one (``STEM_MIN``), else 0."""
    if typed == word:
        return 2
    return 1 if len(typed) >= STEM_MIN and typed in word else 0
