"""Right-to-left text (Arabic, Persian, Hebrew …) for the PDF letters.

A PDF shows glyphs exactly in the order and form it is given; ReportLab does no text
layout. So Arabic letters are first replaced by their joined contextual forms
(arabic-reshaper: initial, medial, final, isolated presentation forms and lam-alef
ligatures), the text is wrapped in logical order, and each line is then put into visual
order with the Unicode bidirectional algorithm (python-bidi), so that numbers and Latin
words inside the line keep their own direction. The lines are drawn right-aligned.
"""

from __future__ import annotations

import arabic_reshaper
from bidi import get_base_level, get_display
from reportlab.lib.utils import simpleSplit

RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ps", "ckb", "yi", "dv"})


def is_right_to_left(language: str, text: str = "") -> bool:
    """From the language code when known, else from the first strong character."""
    code = language.lower().split("-")[0].split("_")[0]
    if code in RTL_LANGUAGES:
        return True
    if not text.strip():
        return False
    return bool(get_base_level(text) == 1)


def shape(text: str) -> str:
    """Arabic letters in their joined forms, still in logical order."""
    return str(arabic_reshaper.reshape(text))


def visual_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """Wrapped lines in visual (left-to-right drawing) order with shaped letters."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if not paragraph.strip():
            lines.append("")
            continue
        for line in simpleSplit(shape(paragraph), font, size, width):
            lines.append(str(get_display(line, base_dir="R")))
    return lines
