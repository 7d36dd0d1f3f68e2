"""German-aware text normalisation for comparing short topic titles.

Lowercase, fold umlauts and ß (``Straße`` → ``strasse``), keep letters and digits,
drop stop words and strip common German inflection endings with a tiny suffix
stemmer. It is deliberately simple: cards are a few words long, and the goal is that
"Mehr Bäume pflanzen" and "Baum pflanzen!" look alike, not linguistic accuracy.
"""

from __future__ import annotations

import re
import unicodedata

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss"})
_WORD = re.compile(r"[a-z0-9]+")

STOP_WORDS = frozenset(
    [
        "der",
        "die",
        "das",
        "den",
        "dem",
        "des",
        "ein",
        "eine",
        "einen",
        "einem",
        "einer",
        "eines",
        "und",
        "oder",
        "aber",
        "auch",
        "fuer",
        "mit",
        "von",
        "zu",
        "zum",
        "zur",
        "im",
        "in",
        "am",
        "an",
        "auf",
        "aus",
        "bei",
        "nach",
        "ueber",
        "unter",
        "vor",
        "um",
        "durch",
        "ist",
        "sind",
        "war",
        "wird",
        "werden",
        "sein",
        "mehr",
        "weniger",
        "sehr",
        "viel",
        "viele",
        "noch",
        "nicht",
        "kein",
        "keine",
        "wir",
        "ihr",
        "sie",
        "es",
        "er",
        "ich",
        "du",
        "man",
        "uns",
        "unser",
        "unsere",
        "unseren",
        "mein",
        "meine",
        "hier",
        "da",
        "dass",
        "wie",
        "was",
        "wo",
        "wer",
        "wann",
        "als",
        "so",
        "the",
        "a",
        "an",
        "of",
        "for",
        "and",
        "or",
        "to",
        "in",
        "on",
        "more",
    ]
)

# Longest first, so "ungen" is removed before "en".
_SUFFIXES = ("ungen", "heiten", "keiten", "ern", "em", "en", "er", "es", "e", "n", "s")
_MIN_STEM = 4


def fold(text: str) -> str:
    """Lowercase and replace umlauts and other accents by plain ASCII letters."""
    lowered = text.lower().translate(_FOLD)
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def stem(word: str) -> str:
    """Strip one inflection ending when a stem of at least four letters remains."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            return word[: -len(suffix)]
    return word


def tokens(text: str) -> list[str]:
    """Stemmed content words of ``text`` (stop words dropped)."""
    return [stem(word) for word in _WORD.findall(fold(text)) if word not in STOP_WORDS]


def normalized(text: str) -> str:
    return " ".join(tokens(text))


_PLAIN_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss", "ẞ": "ss"})


def fold_plain(text: str) -> str:
    """Lowercase and drop umlaut dots (``Plätze`` → ``platze``), so plurals meet singulars."""
    lowered = text.lower().translate(_PLAIN_FOLD)
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def match_tokens(text: str) -> list[str]:
    """Content words for matching: umlauts without dots, then stemmed.

    ``Plätze``/``Platz`` and ``Fahrräder``/``Fahrrad`` get the same stem, which the
    ASCII folding of :func:`tokens` (``plaetz``/``platz``) does not give.
    """
    return [stem(word) for word in _WORD.findall(fold_plain(text)) if word not in PLAIN_STOP_WORDS]


PLAIN_STOP_WORDS = (
    frozenset(w.replace("ue", "u").replace("ae", "a").replace("oe", "o") for w in STOP_WORDS)
    | STOP_WORDS
)
