"""The invitation letters' content: data, placeholders, fonts and text helpers.

The drawing of the PDF for the print shop is in ``letter_pdf``.
"""

from __future__ import annotations

import string
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import reportlab
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

PAGE_W, PAGE_H = A4
LEFT = 25 * mm
RIGHT = PAGE_W - 20 * mm
BODY_WIDTH = RIGHT - LEFT
FONT = "Helvetica"
QR_BORDER = 4
BOLD = "Helvetica-Bold"
PLACEHOLDERS = (
    "vorname",
    "nachname",
    "gemeinde",
    "titel",
    "datum",
    "zeit",
    "ort",
    "frist",
    "code",
    "link",
)
DEFAULT_TEXT = (
    "Guten Tag {vorname} {nachname},\n\n"
    "Sie sind per Los aus dem Melderegister von {gemeinde} ausgewählt worden: Wir laden Sie "
    "herzlich zu „{titel}“ am {datum} ein. Es geht um unser Zusammenleben vor Ort, und Ihre "
    "Erfahrung zählt – Vorwissen brauchen Sie keines.\n\n"
    "Bitte melden Sie sich bis zum {frist} an, wenn Sie dabei sein möchten. Scannen Sie dazu "
    "den QR-Code oder geben Sie auf {link} Ihren persönlichen Code {code} ein. Aus allen "
    "Anmeldungen wird eine Runde gelost, die unsere Nachbarschaft gut abbildet."
)


@dataclass(frozen=True)
class LanguageBlock:
    """A text in a second language printed at the foot of the letter."""

    label: str
    text: str
    right_to_left: bool = False


@dataclass(frozen=True)
class Sender:
    """One municipality's letterhead, return address, signer and language blocks."""

    name: str
    letterhead: str
    sender_line: str
    signer_name: str
    signer_role: str
    signature: bytes = b""
    languages: tuple[LanguageBlock, ...] = field(default=())


@dataclass(frozen=True)
class LetterData:
    code: str
    display_code: str
    link: str
    given_name: str
    family_name: str
    street: str
    postcode: str
    city: str
    sender: Sender


@dataclass(frozen=True)
class Facts:
    title: str
    date_text: str
    time_text: str
    place: str
    deadline_text: str
    accessibility: str
    childcare: str
    cost_note: str
    registration_url: str
    text: str


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def unknown_placeholders(text: str) -> list[str]:
    """Placeholders in ``text`` that the letter cannot fill (shown to the organizer)."""
    names = [name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name]
    return sorted({n for n in names if n not in PLACEHOLDERS})


def fill(text: str, values: dict[str, str]) -> str:
    try:
        return text.format_map(_Blank(values))
    except (ValueError, IndexError):  # a lone brace: show the text as written
        return text


PERSONAL_PLACEHOLDERS = frozenset({"vorname", "nachname", "code"})


def is_personal(text: str) -> bool:
    """Whether ``text`` differs from letter to letter (else it is drawn once per document)."""
    try:
        names = {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}
    except ValueError:
        return False
    return bool(names & PERSONAL_PLACEHOLDERS)


def placeholder_values(letter: LetterData, facts: Facts) -> dict[str, str]:
    return {
        "vorname": letter.given_name,
        "nachname": letter.family_name,
        "gemeinde": letter.sender.name,
        "titel": facts.title,
        "datum": facts.date_text,
        "zeit": facts.time_text,
        "ort": facts.place,
        "frist": facts.deadline_text,
        "code": letter.display_code,
        "link": facts.registration_url,
    }


def draw_lines(
    canvas: Canvas, lines: Iterable[str], x: float, y: float, font: str, size: float, leading: float
) -> float:
    text = canvas.beginText(x, y)
    text.setFont(font, size, leading)
    count = 0
    for line in lines:
        text.textLine(line)
        count += 1
    canvas.drawText(text)
    return y - count * leading


def wrap(text: str, width: float, font: str | None = None, size: float = 10.5) -> list[str]:
    out: list[str] = []
    for paragraph in text.split("\n"):
        out.extend(simpleSplit(paragraph, font or FONT, size, width) if paragraph.strip() else [""])
    return out


FONT_CANDIDATES = (
    (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ),
    (
        str(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"),
        str(Path(reportlab.__file__).parent / "fonts" / "VeraBd.ttf"),
    ),
)


def use_fonts() -> tuple[str, str]:
    """DejaVu Sans (Debian fonts-dejavu-core) covers Turkish, Polish, Cyrillic ... names and
    second-language blocks; Helvetica's WinAnsi encoding would drop ş, ğ, ı, ł."""
    global FONT, BOLD
    if "LetterSans" not in pdfmetrics.getRegisteredFontNames():
        for regular, bold in FONT_CANDIDATES:
            if Path(regular).exists() and Path(bold).exists():
                pdfmetrics.registerFont(TTFont("LetterSans", regular))
                pdfmetrics.registerFont(TTFont("LetterSans-Bold", bold))
                break
    if "LetterSans" in pdfmetrics.getRegisteredFontNames():
        FONT, BOLD = "LetterSans", "LetterSans-Bold"
    return FONT, BOLD


def registration_link(site_url: str, code: str) -> str:
    """The link in the QR code: short, so the code stays small (version 3-4)."""
    return f"{site_url.rstrip('/')}/los/{code}"
