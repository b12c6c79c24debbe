"""Text helpers shared by validation, the name index and the renderers."""

from __future__ import annotations

import re
import unicodedata

# C0 controls except tab and newline, DEL, C1 controls (ESC starts ANSI and OSC sequences), and the
# bidirectional controls that can reorder what a reader sees.
UNSAFE_CHARS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)

# UK and US spellings fold to one form so that "embolisation" finds "embolization", "tumour" finds
# "tumor" and "diarrhoea" finds "diarrhea". Applied to both the query and every name.
_SPELLINGS = (
    ("isation", "ization"),
    ("ise", "ize"),
    ("yse", "yze"),
    ("our", "or"),
    ("oe", "e"),
    ("ae", "e"),
    ("tre", "ter"),
)
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def strip_unsafe(text: str) -> str:
    """Remove control, escape and bidi characters before text reaches a terminal or a file."""
    return UNSAFE_CHARS.sub("", text)


def _spell(text: str) -> str:
    for uk, us in _SPELLINGS:
        text = text.replace(uk, us)
    return text


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


def fold_words(text: str) -> str:
    """Text without case, accents or UK/US difference, its words kept apart (for search)."""
    return " ".join(_spell(w) for w in _NOT_ALNUM.split(_plain(text)) if w)


def fold(name: str) -> str:
    """The key a name is looked up by: no case, accents, punctuation, spaces or UK/US difference.

    Spaces and punctuation go first, so "chemo-embolisation" and "chemoembolization" agree."""
    return _spell(_NOT_ALNUM.sub("", _plain(name)))
