"""A4 PDFs of a grouping plan: table cards per round, a poster of the matrix, personal slips.

Language: the caller passes ``language`` ("de" or "en"); strings come from this app's
catalogue through ``translation.override``. When Django is not configured (the command
line), a minimal configuration with only this app is set up first.
"""

from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from quartier.engine.grouping.plans import Plan

LANGUAGES = ("de", "en")
_FONTS = [
    (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ),
    (
        str(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"),
        str(Path(reportlab.__file__).parent / "fonts" / "VeraBd.ttf"),
    ),
]


def _ensure_django() -> None:
    from django.conf import settings

    if not settings.configured:
        settings.configure(
            USE_I18N=True,
            LANGUAGE_CODE="de",
            INSTALLED_APPS=["quartier.plans"],
        )
        import django

        django.setup()


def _fonts() -> tuple[str, str]:
    if "PlanSans" in pdfmetrics.getRegisteredFontNames():
        return "PlanSans", "PlanSans-Bold"
    for regular, bold in _FONTS:
        if Path(regular).exists() and Path(bold).exists():
            pdfmetrics.registerFont(TTFont("PlanSans", regular))
            pdfmetrics.registerFont(TTFont("PlanSans-Bold", bold))
            return "PlanSans", "PlanSans-Bold"
    return "Helvetica", "Helvetica-Bold"


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = _fonts()
    return {
        "body": ParagraphStyle("body", fontName=regular, fontSize=10, leading=13),
        "small": ParagraphStyle("small", fontName=regular, fontSize=8, leading=10),
        "title": ParagraphStyle("title", fontName=bold, fontSize=18, leading=22, spaceAfter=6),
        "card": ParagraphStyle("card", fontName=bold, fontSize=28, leading=34),
        "big": ParagraphStyle("big", fontName=regular, fontSize=16, leading=21),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def _labels() -> dict[str, str]:
    from django.utils.translation import gettext as _

    return {
        "round": _("Round"),
        "table": _("Table"),
        "slot": _("Slot"),
        "room": _("Room"),
        "group": _("Group"),
        "with": _("With"),
        "cards": _("Table cards"),
        "poster": _("Plan"),
        "slips": _("Personal plans"),
        "unassigned": _("Without a place"),
        "nobody": _("Everyone has a place."),
        "nothing": _("Nothing planned for you."),
        "session": _("Session"),
    }


def _axis(plan: Plan, labels: dict[str, str]) -> tuple[str, str]:
    """(row heading, column heading) for the plan's kind."""
    if plan.kind == "rotation":
        return labels["table"], labels["round"]
    if plan.kind == "grid":
        return labels["room"], labels["slot"]
    return labels["group"], labels["slot"]


def _render(story: list[object], *, title: str, wide: bool = False) -> bytes:
    buffer = io.BytesIO()
    size = landscape(A4) if wide else A4
    doc = SimpleDocTemplate(
        buffer,
        pagesize=size,
        leftMargin=14 * mm,
        rightMargin=14 * mm,
        topMargin=14 * mm,
        bottomMargin=14 * mm,
        title=title,
    )
    doc.build(story)
    return buffer.getvalue()


def table_cards_pdf(plan: Plan, *, title: str, language: str = "de") -> bytes:
    """One page per round with a large card per table (who sits there), for rotations."""
    _ensure_django()
    from django.utils import translation

    with translation.override(language):
        labels = _labels()
        s = _styles()
        story: list[object] = []
        for r, column in enumerate(plan.column_labels):
            if r:
                story.append(PageBreak())
            story.append(_p(f"{title} – {labels['round']} {column}", s["title"]))
            for row in plan.row_labels:
                names = plan.cells.get((row, column), "")
                if not names:
                    continue
                card = Table(
                    [[_p(f"{labels['table']} {row}", s["card"])], [_p(names, s["big"])]],
                    colWidths=[180 * mm],
                )
                card.setStyle(
                    TableStyle(
                        [
                            ("BOX", (0, 0), (-1, -1), 1.2, colors.black),
                            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8f0fb")),
                            ("TOPPADDING", (0, 0), (-1, -1), 6),
                            ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                        ]
                    )
                )
                story += [KeepTogether([card]), Spacer(1, 5 * mm)]
        return _render(story, title=f"{title} – {labels['cards']}")


def poster_pdf(plan: Plan, *, title: str, language: str = "de") -> bytes:
    """The matrix (room x slot, table x round or group x slot) on landscape pages, with the
    people without a place listed below."""
    _ensure_django()
    from django.utils import translation

    with translation.override(language):
        labels = _labels()
        s = _styles()
        row_head, column_head = _axis(plan, labels)
        header = [_p(f"{row_head} / {column_head}", s["small"])]
        header += [_p(c or "–", s["body"]) for c in plan.column_labels]
        data = [header] + [
            [_p(row, s["body"])]
            + [_p(plan.cells.get((row, c), ""), s["small"]) for c in plan.column_labels]
            for row in plan.row_labels
        ]
        width = 269 * mm
        first = 40 * mm
        rest = (width - first) / max(1, len(plan.column_labels))
        table = Table(data, colWidths=[first] + [rest] * len(plan.column_labels), repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8f0fb")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story: list[object] = [_p(f"{title} – {labels['poster']}", s["title"]), table]
        story += _unassigned(plan, labels, s)
        return _render(story, title=f"{title} – {labels['poster']}", wide=True)


def slips_pdf(plan: Plan, *, title: str, language: str = "de") -> bytes:
    """A slip per person (several per page, cut along the lines): their rounds, slots,
    tables, rooms and tablemates."""
    _ensure_django()
    from django.utils import translation

    with translation.override(language):
        labels = _labels()
        s = _styles()
        row_head, column_head = _axis(plan, labels)
        story: list[object] = [_p(f"{title} – {labels['slips']}", s["title"])]
        for schedule in plan.schedules:
            lines = [[_p(schedule.person, s["title"]), "", ""]]
            for e in schedule.entries:
                what = e.what or (f"{labels['with']}: " + ", ".join(e.with_) if e.with_ else "")
                lines.append(
                    [
                        _p(f"{column_head} {e.when}" if e.when else "", s["body"]),
                        _p(f"{row_head} {e.where}", s["body"]),
                        _p(what, s["small"]),
                    ]
                )
            if not schedule.entries:
                lines.append([_p(labels["nothing"], s["body"]), "", ""])
            slip = Table(lines, colWidths=[35 * mm, 45 * mm, 100 * mm])
            slip.setStyle(
                TableStyle(
                    [
                        ("BOX", (0, 0), (-1, -1), 0.6, colors.black),
                        ("LINEABOVE", (0, 0), (-1, 0), 0.6, colors.black, None, (3, 3)),
                        ("SPAN", (0, 0), (-1, 0)),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ]
                )
            )
            story += [KeepTogether([slip]), Spacer(1, 4 * mm)]
        story += _unassigned(plan, labels, s)
        return _render(story, title=f"{title} – {labels['slips']}")


def _unassigned(plan: Plan, labels: dict[str, str], s: dict[str, ParagraphStyle]) -> list[object]:
    if plan.kind != "assignment":
        return []
    if not plan.unassigned:
        return [Spacer(1, 4 * mm), _p(labels["nobody"], s["body"])]
    return [
        Spacer(1, 6 * mm),
        _p(f"{labels['unassigned']} ({len(plan.unassigned)})", s["title"]),
        _p(", ".join(plan.unassigned), s["body"]),
    ]


def plan_pdf(plan: Plan, *, kind: str, title: str, language: str = "de") -> bytes:
    """``kind``: "cards", "poster" or "slips"."""
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}")
    render = {"cards": table_cards_pdf, "poster": poster_pdf, "slips": slips_pdf}[kind]
    return render(plan, title=title, language=language)
