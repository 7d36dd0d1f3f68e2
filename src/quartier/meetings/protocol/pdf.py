"""Render a protocol's Markdown as an A4 PDF with the organisation's name on every page.

The Markdown is the protocol's single source (it is what people correct), so the PDF is
drawn from it: headings, paragraphs, bullet and check lists, and pipe tables.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    ListFlowable,
    ListItem,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

PRIMARY = colors.HexColor("#0b5cad")
MUTED = colors.HexColor("#4d5560")
_FONT_CANDIDATES = [
    (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ),
    (
        str(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"),
        str(Path(reportlab.__file__).parent / "fonts" / "VeraBd.ttf"),
    ),
]


def _fonts() -> tuple[str, str]:
    if "QuartierSans" in pdfmetrics.getRegisteredFontNames():
        return "QuartierSans", "QuartierSans-Bold"
    for regular, bold in _FONT_CANDIDATES:
        if Path(regular).exists() and Path(bold).exists():
            pdfmetrics.registerFont(TTFont("QuartierSans", regular))
            pdfmetrics.registerFont(TTFont("QuartierSans-Bold", bold))
            return "QuartierSans", "QuartierSans-Bold"
    return "Helvetica", "Helvetica-Bold"


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = _fonts()
    base = ParagraphStyle("body", fontName=regular, fontSize=10.5, leading=14.5, alignment=TA_LEFT)
    return {
        "body": base,
        "h1": ParagraphStyle(
            "h1",
            parent=base,
            fontName=bold,
            fontSize=19,
            leading=24,
            textColor=PRIMARY,
            spaceAfter=8,
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=bold,
            fontSize=13.5,
            leading=18,
            textColor=PRIMARY,
            spaceBefore=12,
            spaceAfter=4,
        ),
        "h3": ParagraphStyle(
            "h3", parent=base, fontName=bold, fontSize=11.5, leading=15, spaceBefore=8, spaceAfter=2
        ),
        "cell": ParagraphStyle("cell", parent=base, fontSize=10, leading=13),
        "cellhead": ParagraphStyle("cellhead", parent=base, fontName=bold, fontSize=10, leading=13),
    }


def _inline(text: str) -> str:
    """Escape, then turn **bold** into <b>; nothing else from the text becomes markup."""
    escaped = escape(text.strip())
    return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", escaped)


def _table(rows: list[list[str]], styles: dict[str, ParagraphStyle]) -> Table:
    data = [
        [Paragraph(_inline(cell), styles["cellhead" if i == 0 else "cell"]) for cell in row]
        for i, row in enumerate(rows)
    ]
    columns = len(rows[0])
    first = 0.55 if columns > 1 else 1.0
    width = A4[0] - 40 * mm
    widths = [width * first] + [width * (1 - first) / max(1, columns - 1)] * (columns - 1)
    table = Table(data, colWidths=widths[:columns], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8f1fb")),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#c9ced6")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _flowables(markdown: str, styles: dict[str, ParagraphStyle]) -> list[object]:
    story: list[object] = []
    paragraph: list[str] = []
    bullets: list[str] = []
    table: list[list[str]] = []

    def flush() -> None:
        if paragraph:
            story.append(Paragraph("<br/>".join(_inline(p) for p in paragraph), styles["body"]))
            story.append(Spacer(1, 4))
            paragraph.clear()
        if bullets:
            items = [ListItem(Paragraph(b, styles["body"]), leftIndent=12) for b in bullets]
            story.append(ListFlowable(items, bulletType="bullet", start="•", leftIndent=12))
            story.append(Spacer(1, 4))
            bullets.clear()
        if table:
            story.append(_table(table, styles))
            story.append(Spacer(1, 6))
            table.clear()

    for raw in markdown.splitlines():
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped:
            flush()
            continue
        if stripped.startswith("|") and stripped.endswith("|"):
            cells = [cell.strip() for cell in stripped.strip("|").split("|")]
            if all(re.fullmatch(r":?-{2,}:?", cell) for cell in cells):
                continue
            if paragraph or bullets:
                flush()
            table.append(cells)
            continue
        heading = re.match(r"^(#{1,3})\s+(.*)$", stripped)
        if heading:
            flush()
            level = len(heading.group(1))
            story.append(Paragraph(_inline(heading.group(2)), styles[f"h{level}"]))
            continue
        bullet = re.match(r"^[-*]\s+(\[( |x)\]\s+)?(.*)$", stripped)
        if bullet:
            if paragraph or table:
                flush()
            box = "☑ " if bullet.group(2) == "x" else ("☐ " if bullet.group(1) else "")
            bullets.append(escape(box) + _inline(bullet.group(3)))
            continue
        if bullets or table:
            flush()
        paragraph.append(stripped)
    flush()
    return story


def protocol_pdf(*, markdown: str, organisation: str, title: str, version: str = "") -> bytes:
    styles = _styles()
    regular, bold = _fonts()
    buffer = io.BytesIO()
    footer_text = f"{_('Protocol')} · {title}" + (f" · {version}" if version else "")

    def decorate(canvas: object, doc: object) -> None:
        c = canvas  # reportlab's canvas has no type hints
        c.saveState()  # type: ignore[attr-defined]
        c.setFillColor(PRIMARY)  # type: ignore[attr-defined]
        c.rect(0, A4[1] - 14 * mm, A4[0], 14 * mm, stroke=0, fill=1)  # type: ignore[attr-defined]
        c.setFillColor(colors.white)  # type: ignore[attr-defined]
        c.setFont(bold, 11)  # type: ignore[attr-defined]
        c.drawString(20 * mm, A4[1] - 9 * mm, organisation)  # type: ignore[attr-defined]
        c.setFillColor(MUTED)  # type: ignore[attr-defined]
        c.setFont(regular, 8.5)  # type: ignore[attr-defined]
        c.drawString(20 * mm, 10 * mm, footer_text[:110])  # type: ignore[attr-defined]
        page = _("Page %(number)s") % {"number": c.getPageNumber()}  # type: ignore[attr-defined]
        c.drawRightString(A4[0] - 20 * mm, 10 * mm, page)  # type: ignore[attr-defined]
        c.restoreState()  # type: ignore[attr-defined]

    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=24 * mm,
        bottomMargin=20 * mm,
        title=f"{_('Protocol')}: {title}",
        author=organisation,
    )
    document.build(_flowables(markdown, styles), onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue()
