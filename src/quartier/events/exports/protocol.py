"""The event protocol as an A4 PDF (ReportLab): what happened, in the organisation's name."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from quartier.events.models import Event
from quartier.events.selectors import present_count
from quartier.formats.registry import get_format
from quartier.wall.selectors import open_ends_for_process, results, topic_groups

INK = colors.HexColor("#1b1f24")
ACCENT = colors.HexColor("#0b5cad")


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle(
            "title", parent=base["Title"], textColor=INK, fontSize=20, leading=24, alignment=0
        ),
        "h2": ParagraphStyle("h2", parent=base["Heading2"], textColor=ACCENT, spaceBefore=10),
        "body": ParagraphStyle(
            "body", parent=base["BodyText"], textColor=INK, fontSize=10, leading=14
        ),
        "small": ParagraphStyle(
            "small", parent=base["BodyText"], textColor=colors.HexColor("#4d5560"), fontSize=8
        ),
    }


def _table(
    rows: list[list[object]], widths: list[float], styles: dict[str, ParagraphStyle]
) -> Table:
    data = [[Paragraph(escape(str(cell)), styles["body"]) for cell in row] for row in rows]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8f1fb")),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#c9ced6")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def protocol_pdf(event: Event) -> bytes:
    styles = _styles()
    organisation = event.process.organisation
    buffer = io.BytesIO()

    def decorate(canvas: object, doc: object) -> None:
        canvas.saveState()  # type: ignore[attr-defined]
        canvas.setFont("Helvetica", 8)  # type: ignore[attr-defined]
        canvas.setFillColor(colors.HexColor("#4d5560"))  # type: ignore[attr-defined]
        canvas.drawString(20 * mm, 12 * mm, f"{organisation.name} · {event.title}")  # type: ignore[attr-defined]
        canvas.drawRightString(190 * mm, 12 * mm, _("Page %(n)s") % {"n": doc.page})  # type: ignore[attr-defined]
        canvas.setFillColor(ACCENT)  # type: ignore[attr-defined]
        canvas.rect(0, A4[1] - 8 * mm, A4[0], 8 * mm, stroke=0, fill=1)  # type: ignore[attr-defined]
        canvas.restoreState()  # type: ignore[attr-defined]

    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=_("Protocol: %(title)s") % {"title": event.title},
        author=organisation.name,
    )
    when = date_format(timezone.localtime(event.starts_at), "DATETIME_FORMAT")
    story: list[object] = [
        Paragraph(escape(organisation.name), styles["small"]),
        Paragraph(escape(_("Protocol: %(title)s") % {"title": event.title}), styles["title"]),
        Paragraph(
            escape(f"{get_format(event.format_key).title} · {when} · {event.place}"), styles["body"]
        ),
        Paragraph(
            escape(
                _("Process: %(title)s · %(n)s participants present")
                % {"title": event.process.title, "n": present_count(event=event)}
            ),
            styles["body"],
        ),
        Spacer(1, 6 * mm),
        Paragraph(escape(_("Topics and votes")), styles["h2"]),
    ]
    rows: list[list[object]] = [[_("Topic"), _("Votes")]]
    rows += [[r["title"], r["votes"]] for r in results(event=event)]
    story.append(_table(rows, [140 * mm, 30 * mm], styles))
    story.append(Paragraph(escape(_("Topic groups and project ideas")), styles["h2"]))
    group_rows: list[list[object]] = [
        [_("Topic group"), _("Room / slot"), _("What · who · first step · when")]
    ]
    for g in topic_groups(event=event):
        where = " / ".join(
            x for x in (g.room.name if g.room else "", g.slot.label if g.slot else "") if x
        )
        idea = " · ".join(x for x in (g.idea_what, g.idea_who, g.idea_first_step, g.idea_when) if x)
        size = g.size  # type: ignore[attr-defined]  # annotated by topic_groups()
        group_rows.append([f"{g.title} ({size})", where, idea or "—"])
    story.append(_table(group_rows, [55 * mm, 35 * mm, 80 * mm], styles))
    story.append(Paragraph(escape(_("Open ends")), styles["h2"]))
    ends: list[list[object]] = [[_("Topic"), _("Category"), _("Votes")]]
    ends += [
        [o.title, o.category, o.votes]
        for o in open_ends_for_process(process=event.process).filter(card__event=event)
    ]
    story.append(_table(ends, [110 * mm, 40 * mm, 20 * mm], styles))
    from quartier.topics.report import event_story  # themes and opinion maps (topics app)

    story += event_story(event, styles)
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue()
