"""The invitation letters as one PDF for the print shop: one letter per A4 page.

Layout follows DIN 5008 form B: letterhead in the top 45 mm, the window-envelope
address field 20 mm from the left and 45 mm from the top (85 × 45 mm: 5 mm return
address line, 12.7 mm notes zone, 27.3 mm address zone), the information block from
125 mm, fold marks at 105 and 210 mm and the hole mark at 148.5 mm, body text from
25 mm. The personal QR code is drawn as vector rectangles (one per run of dark modules),
so 10,000 letters stay small and fast; the signature image is embedded once per
municipality and reused on every page.
"""

from __future__ import annotations

import io
import string
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import reportlab
import segno
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

PAGE_W, PAGE_H = A4
LEFT = 25 * mm
RIGHT = PAGE_W - 20 * mm
BODY_WIDTH = RIGHT - LEFT
FONT = "Helvetica"
QR_MASK = 2
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
class Sender:
    """One municipality's letterhead, return address and signer."""

    name: str
    letterhead: str
    sender_line: str
    signer_name: str
    signer_role: str
    signature: bytes = b""


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
    second_language: str = ""
    second_text: str = ""


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


def qr_image(payload: str) -> Image.Image:
    """The QR code as a one-bit image, one pixel per module, with the quiet zone.

    The mask pattern is fixed (any of the eight is valid): choosing the "best" one tries
    all eight and costs most of the time of a letter.
    """
    qr = segno.make(payload, error="m", micro=False, mask=QR_MASK)
    matrix = qr.matrix
    size = len(matrix) + 2 * QR_BORDER
    image = Image.new("1", (size, size), 1)
    pixels = image.load()
    assert pixels is not None
    for row, cells in enumerate(matrix):
        for col, dark in enumerate(cells):
            if dark:
                pixels[col + QR_BORDER, row + QR_BORDER] = 0
    return image


def _draw_qr(canvas: Canvas, payload: str, x: float, top: float, size: float) -> None:
    canvas.drawImage(ImageReader(qr_image(payload)), x, top - size, width=size, height=size)


def _lines(
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


def _wrap(text: str, width: float, font: str | None = None, size: float = 10.5) -> list[str]:
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


def draw_letter(
    canvas: Canvas, letter: LetterData, facts: Facts, images: dict[str, ImageReader]
) -> None:
    sender = letter.sender
    # Fold and hole marks (DIN 5008).
    canvas.setLineWidth(0.3)
    for y_mm, length in ((105, 5), (148.5, 7), (210, 5)):
        canvas.line(3.5 * mm, PAGE_H - y_mm * mm, (3.5 + length) * mm, PAGE_H - y_mm * mm)
    # Letterhead.
    head = [line for line in sender.letterhead.splitlines() if line.strip()] or [sender.name]
    canvas.setFont(BOLD, 14)
    canvas.drawString(LEFT, PAGE_H - 20 * mm, head[0])
    _lines(canvas, head[1:4], LEFT, PAGE_H - 26 * mm, FONT, 9, 11)
    # Address field: return line, notes zone, address zone.
    field_x = 20 * mm + 5 * mm
    canvas.setFont(FONT, 7)
    canvas.drawString(field_x, PAGE_H - 48.5 * mm, (sender.sender_line or sender.name)[:90])
    canvas.setFont(FONT, 8)
    canvas.drawString(field_x, PAGE_H - 56 * mm, "Persönlich")
    address = [
        f"{letter.given_name} {letter.family_name}".strip(),
        letter.street,
        f"{letter.postcode} {letter.city}".strip(),
    ]
    _lines(canvas, [a for a in address if a], field_x, PAGE_H - 67 * mm, FONT, 10.5, 12.5)
    # Information block: date, personal code, QR code.
    info_x = 125 * mm
    _lines(
        canvas,
        ["Ihr persönlicher Code", letter.display_code, "", f"Anmeldung bis {facts.deadline_text}"],
        info_x,
        PAGE_H - 52 * mm,
        FONT,
        9,
        11,
    )
    canvas.setFont(BOLD, 11)
    canvas.drawString(info_x, PAGE_H - 56 * mm, letter.display_code)
    _draw_qr(canvas, letter.link, 160 * mm, PAGE_H - 60 * mm, 28 * mm)
    # Subject and body.
    canvas.setFont(BOLD, 12)
    canvas.drawString(LEFT, PAGE_H - 100 * mm, f"Persönliche Einladung: {facts.title}"[:90])
    body = fill(facts.text or DEFAULT_TEXT, placeholder_values(letter, facts))
    y = _lines(canvas, _wrap(body, BODY_WIDTH), LEFT, PAGE_H - 110 * mm, FONT, 10.5, 13.5)
    # Practical facts.
    facts_rows = [
        ("Wann", f"{facts.date_text} {facts.time_text}".strip()),
        ("Wo", facts.place),
        ("Barrierefreiheit", facts.accessibility),
        ("Kinderbetreuung", facts.childcare),
        ("Kosten", facts.cost_note or "Die Teilnahme ist kostenlos."),
    ]
    y -= 4
    for label, value in facts_rows:
        if not value:
            continue
        canvas.setFont(BOLD, 9.5)
        canvas.drawString(LEFT, y, label)
        y = _lines(
            canvas,
            _wrap(value, BODY_WIDTH - 35 * mm, size=9.5)[:2],
            LEFT + 35 * mm,
            y,
            FONT,
            9.5,
            11.5,
        )
    # Closing and signature.
    y -= 10
    canvas.setFont(FONT, 10.5)
    canvas.drawString(LEFT, y, "Mit freundlichen Grüßen")
    image = images.get(sender.name)
    if image is not None:
        canvas.drawImage(
            image,
            LEFT,
            y - 17 * mm,
            width=45 * mm,
            height=14 * mm,
            preserveAspectRatio=True,
            anchor="sw",
            mask="auto",
        )
    y -= 20 * mm
    canvas.setFont(BOLD, 10.5)
    canvas.drawString(LEFT, y, sender.signer_name)
    if sender.signer_role:
        canvas.setFont(FONT, 9.5)
        canvas.drawString(LEFT, y - 12, sender.signer_role)
    # Second language block.
    if facts.second_text.strip():
        second = fill(facts.second_text, placeholder_values(letter, facts))
        lines = _wrap(second, BODY_WIDTH, size=8.5)[:8]
        top = 15 * mm + len(lines) * 10.5 + 12
        canvas.setLineWidth(0.5)
        canvas.line(LEFT, top + 4, RIGHT, top + 4)
        canvas.setFont(BOLD, 8.5)
        canvas.drawString(LEFT, top - 6, facts.second_language or "")
        _lines(canvas, lines, LEFT, top - 18, FONT, 8.5, 10.5)
    canvas.showPage()


def render_letters(
    letters: Iterable[LetterData],
    facts: Facts,
    target: IO[bytes] | Path,
    *,
    progress: Callable[[int], None] = lambda done: None,
    every: int = 250,
) -> int:
    """Write every letter to ``target``; returns the page count."""
    use_fonts()
    canvas = Canvas(
        str(target) if isinstance(target, Path) else target, pagesize=A4, pageCompression=1
    )
    canvas.setTitle(f"Einladungen: {facts.title}")
    canvas.setAuthor("Quartier")
    images: dict[str, ImageReader] = {}
    count = 0
    for letter in letters:
        sender = letter.sender
        if sender.signature and sender.name not in images:
            images[sender.name] = ImageReader(io.BytesIO(sender.signature))
        draw_letter(canvas, letter, facts, images)
        count += 1
        if count % every == 0:
            progress(count)
    canvas.save()
    progress(count)
    return count


def registration_link(site_url: str, code: str) -> str:
    """The link in the QR code: short, so the code stays small (version 3-4)."""
    return f"{site_url.rstrip('/')}/los/{code}"
