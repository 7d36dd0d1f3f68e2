"""Soft hyphens for long words on the projector.

A wall of German cards is full of compounds ("Nachbarschaftshilfe") that are wider than
a column at projector type sizes. ``hyphens: auto`` needs a hyphenation dictionary in
the browser, and Debian's Chromium (like many kiosk browsers) has none, so the word
overflows or breaks anywhere. The server marks the syllable boundaries with soft
hyphens (U+00AD) from LibreOffice's patterns (pyphen): the browser breaks there and
draws a hyphen only where it does break.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pyphen
from django.conf import settings

SOFT_HYPHEN = "\u00ad"
MIN_LETTERS = 8  # shorter words fit any column at the largest type
LONG_WORD = re.compile(rf"[^\W\d_]{{{MIN_LETTERS},}}")


@lru_cache(maxsize=8)
def _dictionary(language: str) -> pyphen.Pyphen:
    for candidate in (language.replace("-", "_"), language.split("-")[0], "de_DE"):
        if candidate in pyphen.LANGUAGES:
            return pyphen.Pyphen(lang=candidate, left=3, right=3)
    raise LookupError(language)  # pragma: no cover (de_DE ships with pyphen)


def soft_hyphens(text: str, language: str | None = None) -> str:
    """``text`` with soft hyphens at the syllable boundaries of its long words (letters
    only: numbers, hyphens and punctuation stay as they are). The cards are written in
    the room's language, not the viewer's: the site's language unless one is given."""
    if not text:
        return text
    dictionary = _dictionary(language or settings.LANGUAGE_CODE)
    return LONG_WORD.sub(lambda word: dictionary.inserted(word.group(0), SOFT_HYPHEN), text)
