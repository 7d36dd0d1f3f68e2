"""The invitation letters as one PDF for the print shop: one letter per A4 page.

Layout follows DIN 5008 form B: letterhead in the top 45 mm, the window-envelope
address field 20 mm from the left and 45 mm from the top (85 × 45 mm: 5 mm return
address line, 12.7 mm notes zone, 27.3 mm address zone), the information block from
125 mm, fold marks at 105 and 210 mm and the hole mark at 148.5 mm, body text from
25 mm.

Speed (10,000 letters in one file): everything that is the same on many pages – fold
marks, labels, subject, the practical facts, each municipality's letterhead, closing,
signature image and signer, language blocks without personal placeholders – is drawn
once as a PDF form XObject and only referenced on each page. Per letter remain the
address, the code, the body text (wrapped paragraphs are cached) and the QR code, drawn
as one path of rectangles from the module matrix (no image per letter).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfgen.canvas import Canvas

from quartier.lottery import letters as content
from quartier.lottery.letters import (
    BODY_WIDTH,
    DEFAULT_TEXT,
    LEFT,
    PAGE_H,
    RIGHT,
    Facts,
    LanguageBlock,
    LetterData,
    Sender,
    draw_lines,
    fill,
    is_personal,
    placeholder_values,
    use_fonts,
)
from quartier.lottery.qr import qr_runs
from quartier.lottery.rtl import visual_lines

QR_BORDER = 4
FIELD_X = 25 * mm
INFO_X = 125 * mm
BODY_TOP = PAGE_H - 110 * mm
BODY_SIZE, BODY_LEADING = 10.5, 13.5
BLOCK_SIZE, BLOCK_LEADING = 8.5, 10.5
BLOCK_BOTTOM = 15 * mm
MAX_BLOCK_LINES = 14  # all language blocks together, so they stay below the signature


def draw_qr(canvas: Canvas, payload: str, x: float, top: float, size: float) -> None:
    """The QR code as one filled path of rectangles (one per run of dark modules)."""
    width, runs = qr_runs(payload)
    module = size / (width + 2 * QR_BORDER)
    origin_x = x + QR_BORDER * module
    origin_y = top - QR_BORDER * module
    rects = " ".join(f"{col} {row} {length} 1 re" for row, col, length in runs)
    canvas.addLiteral(
        f"q 0 g {module:.4f} 0 0 {-module:.4f} {origin_x:.3f} {origin_y:.3f} cm {rects} f Q"
    )


def _facts_rows(facts: Facts) -> list[tuple[str, str]]:
    rows = [
        ("Wann", f"{facts.date_text} {facts.time_text}".strip()),
        ("Wo", facts.place),
        ("Barrierefreiheit", facts.accessibility),
        ("Kinderbetreuung", facts.childcare),
        ("Kosten", facts.cost_note or "Die Teilnahme ist kostenlos."),
    ]
    return [(label, value) for label, value in rows if value]


class LetterForms:
    """The parts shared by many pages, each drawn once as a form and reused."""

    def __init__(self, canvas: Canvas, facts: Facts) -> None:
        self.canvas = canvas
        self.facts = facts
        self.font, self.bold = content.FONT, content.BOLD
        self._senders: dict[Sender, int] = {}
        self._blocks: dict[tuple[str, str, bool], str] = {}
        self._heights: dict[str, float] = {}
        self._wrapped: dict[tuple[str, float, float], list[str]] = {}
        self.facts_height = self._page_form()

    def wrapped(self, paragraph: str, width: float, size: float) -> list[str]:
        key = (paragraph, width, size)
        lines = self._wrapped.get(key)
        if lines is None:
            lines = simpleSplit(paragraph, self.font, size, width) if paragraph.strip() else [""]
            if len(self._wrapped) < 50_000:
                self._wrapped[key] = lines
        return lines

    def wrap(self, text: str, width: float, size: float) -> list[str]:
        out: list[str] = []
        for paragraph in text.split("\n"):
            out.extend(self.wrapped(paragraph, width, size))
        return out

    def _page_form(self) -> float:
        """Fold marks, labels and subject (form "page"); practical facts (form "facts")."""
        canvas, facts = self.canvas, self.facts
        canvas.beginForm("page")
        canvas.setLineWidth(0.3)
        for y_mm, length in ((105, 5), (148.5, 7), (210, 5)):
            canvas.line(3.5 * mm, PAGE_H - y_mm * mm, (3.5 + length) * mm, PAGE_H - y_mm * mm)
        canvas.setFont(self.font, 8)
        canvas.drawString(FIELD_X, PAGE_H - 56 * mm, "Persönlich")
        draw_lines(
            canvas,
            ["Ihr persönlicher Code", "", "", "Anmeldung bis", facts.deadline_text],
            INFO_X,
            PAGE_H - 52 * mm,
            self.font,
            9,
            11,
        )
        canvas.setFont(self.bold, 12)
        canvas.drawString(LEFT, PAGE_H - 100 * mm, f"Persönliche Einladung: {facts.title}"[:90])
        canvas.endForm()
        # The facts block, drawn with its top at y = 0 and moved under the body text.
        canvas.beginForm("facts", lowery=-PAGE_H, uppery=PAGE_H)
        y = 0.0
        for label, value in _facts_rows(facts):
            canvas.setFont(self.bold, 9.5)
            canvas.drawString(LEFT, y, label)
            lines = self.wrap(value, BODY_WIDTH - 35 * mm, 9.5)[:2]
            y = draw_lines(canvas, lines, LEFT + 35 * mm, y, self.font, 9.5, 11.5)
        canvas.endForm()
        return -y

    def sender(self, sender: Sender) -> int:
        """Forms "head<n>" (letterhead, return line) and "sign<n>" (closing, signer)."""
        number = self._senders.get(sender)
        if number is not None:
            return number
        number = len(self._senders)
        self._senders[sender] = number
        canvas = self.canvas
        canvas.beginForm(f"head{number}")
        head = [line for line in sender.letterhead.splitlines() if line.strip()] or [sender.name]
        canvas.setFont(self.bold, 14)
        canvas.drawString(LEFT, PAGE_H - 20 * mm, head[0])
        draw_lines(canvas, head[1:4], LEFT, PAGE_H - 26 * mm, self.font, 9, 11)
        canvas.setFont(self.font, 7)
        canvas.drawString(FIELD_X, PAGE_H - 48.5 * mm, (sender.sender_line or sender.name)[:90])
        canvas.endForm()
        canvas.beginForm(f"sign{number}", lowery=-PAGE_H, uppery=PAGE_H)
        canvas.setFont(self.font, 10.5)
        canvas.drawString(LEFT, 0, "Mit freundlichen Grüßen")
        if sender.signature:
            canvas.drawImage(
                ImageReader(io.BytesIO(sender.signature)),
                LEFT,
                -17 * mm,
                width=45 * mm,
                height=14 * mm,
                preserveAspectRatio=True,
                anchor="sw",
                mask="auto",
            )
        canvas.setFont(self.bold, 10.5)
        canvas.drawString(LEFT, -20 * mm, sender.signer_name)
        if sender.signer_role:
            canvas.setFont(self.font, 9.5)
            canvas.drawString(LEFT, -20 * mm - 12, sender.signer_role)
        canvas.endForm()
        return number

    def block_lines(self, block: LanguageBlock, text: str, limit: int) -> list[str]:
        """The block's lines as printed: wrapped, and for right-to-left scripts shaped and
        reordered into visual order (the PDF has no text layout of its own)."""
        if block.right_to_left:
            return visual_lines(text, self.font, BLOCK_SIZE, BODY_WIDTH)[:limit]
        return self.wrap(text, BODY_WIDTH, BLOCK_SIZE)[:limit]

    def draw_block(self, block: LanguageBlock, lines: list[str], top: float) -> None:
        canvas = self.canvas
        canvas.setLineWidth(0.5)
        canvas.line(LEFT, top + 4, RIGHT, top + 4)
        canvas.setFont(self.bold, BLOCK_SIZE)
        if not block.right_to_left:
            canvas.drawString(LEFT, top - 6, block.label)
            draw_lines(canvas, lines, LEFT, top - 18, self.font, BLOCK_SIZE, BLOCK_LEADING)
            return
        label = visual_lines(block.label, self.bold, BLOCK_SIZE, BODY_WIDTH)
        canvas.drawRightString(RIGHT, top - 6, label[0] if label else "")
        canvas.setFont(self.font, BLOCK_SIZE)
        y = top - 18
        for line in lines:
            canvas.drawRightString(RIGHT, y, line)
            y -= BLOCK_LEADING

    def blocks(self, letter: LetterData, facts: Facts) -> None:
        """The sender's language blocks, stacked upwards from the foot of the page."""
        blocks = [b for b in letter.sender.languages if b.text.strip()]
        if not blocks:
            return
        limit = max(3, MAX_BLOCK_LINES // len(blocks))
        values = placeholder_values(letter, facts)
        bottom = BLOCK_BOTTOM
        for block in reversed(blocks):
            text = fill(block.text, values)
            if is_personal(block.text):
                lines = self.block_lines(block, text, limit)
                top = bottom + len(lines) * BLOCK_LEADING + 12
                self.draw_block(block, lines, top)
            else:
                key = (block.label, text, block.right_to_left)
                name = self._blocks.get(key)
                if name is None:
                    name = f"lang{len(self._blocks)}"
                    lines = self.block_lines(block, text, limit)
                    self.canvas.beginForm(name, lowery=-PAGE_H, uppery=PAGE_H)
                    self.draw_block(block, lines, len(lines) * BLOCK_LEADING + 12)
                    self.canvas.endForm()
                    self._blocks[key] = name
                    self._heights[name] = len(lines) * BLOCK_LEADING + 12
                top = bottom + self._heights[name]
                self.canvas.saveState()
                self.canvas.translate(0, bottom)
                self.canvas.doForm(name)
                self.canvas.restoreState()
            bottom = top + 20


def draw_letter(canvas: Canvas, forms: LetterForms, letter: LetterData, facts: Facts) -> None:
    sender = forms.sender(letter.sender)
    canvas.doForm("page")
    canvas.doForm(f"head{sender}")
    address = [
        f"{letter.given_name} {letter.family_name}".strip(),
        letter.street,
        f"{letter.postcode} {letter.city}".strip(),
    ]
    draw_lines(canvas, [a for a in address if a], FIELD_X, PAGE_H - 67 * mm, forms.font, 10.5, 12.5)
    canvas.setFont(forms.bold, 11)
    canvas.drawString(INFO_X, PAGE_H - 56 * mm, letter.display_code)
    draw_qr(canvas, letter.link, 160 * mm, PAGE_H - 60 * mm, 28 * mm)
    body = fill(facts.text or DEFAULT_TEXT, placeholder_values(letter, facts))
    lines = forms.wrap(body, BODY_WIDTH, BODY_SIZE)
    y = draw_lines(canvas, lines, LEFT, BODY_TOP, forms.font, BODY_SIZE, BODY_LEADING)
    y -= 4
    canvas.saveState()
    canvas.translate(0, y)
    canvas.doForm("facts")
    canvas.restoreState()
    y -= forms.facts_height + 10
    canvas.saveState()
    canvas.translate(0, y)
    canvas.doForm(f"sign{sender}")
    canvas.restoreState()
    forms.blocks(letter, facts)
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
        str(target) if isinstance(target, Path) else target,
        pagesize=(content.PAGE_W, PAGE_H),
        pageCompression=1,
    )
    canvas.setTitle(f"Einladungen: {facts.title}")
    canvas.setAuthor("Quartier")
    forms = LetterForms(canvas, facts)
    count = 0
    for letter in letters:
        draw_letter(canvas, forms, letter, facts)
        count += 1
        if count % every == 0:
            progress(count)
    if count == 0:
        canvas.showPage()
    canvas.save()
    progress(count)
    return count
