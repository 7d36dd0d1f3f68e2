"""Opinion maps in reports: the map as a vector drawing, its groups, common ground and
differences, as ReportLab flowables for the event protocol and the map's own PDF."""

from __future__ import annotations

import io
from collections.abc import Iterable
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.graphics.shapes import Circle, Drawing, Polygon, Rect
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from quartier.engine.topics.themes import Theme
from quartier.events.models import Event
from quartier.topics.models import Conversation
from quartier.topics.opinion_selectors import MapView, StatementLine, opinion_map_for
from quartier.topics.selectors import wall_themes
from quartier.wall.models import Card

MAP_SIDE = 80 * mm


def _marker(shape: str, x: float, y: float, r: float, fill: colors.Color) -> object:
    common = {"fillColor": fill, "strokeColor": colors.white, "strokeWidth": 0.5}
    if shape == "square":
        return Rect(x - r, y - r, 2 * r, 2 * r, **common)
    if shape == "triangle":
        return Polygon([x, y + r, x + r, y - r, x - r, y - r], **common)
    if shape == "diamond":
        return Polygon([x, y + r, x + r, y, x, y - r, x - r, y], **common)
    if shape == "cross":
        w = r / 2.5
        points = [(-w, r), (w, r), (w, w), (r, w), (r, -w), (w, -w), (w, -r), (-w, -r)]
        points += [(-w, -w), (-r, -w), (-r, w), (-w, w)]
        return Polygon([v for dx, dy in points for v in (x + dx, y + dy)], **common)
    return Circle(x, y, r, **common)


def map_drawing(view: MapView, side: float = MAP_SIDE) -> Drawing:
    """The participants as marks (colour and shape per group), as on the screen."""
    scale = side / view.size
    drawing = Drawing(side, side)
    drawing.add(Rect(0, 0, side, side, fillColor=colors.white, strokeColor=colors.grey))
    for point in view.points:
        drawing.add(
            _marker(
                point.shape,
                point.x * scale,
                side - point.y * scale,  # the screen's y grows downwards
                2.2 * mm,
                colors.HexColor(point.colour),
            )
        )
    return drawing


def _legend_mark(shape: str, colour: str) -> Drawing:
    mark = Drawing(4 * mm, 4 * mm)
    mark.add(_marker(shape, 2 * mm, 2 * mm, 1.8 * mm, colors.HexColor(colour)))
    return mark


def _grid(rows: list[list[object]], widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
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


def _by_group(line: StatementLine) -> str:
    return " · ".join(
        _("group %(n)s: %(pct)s %% agree") % {"n": n, "pct": pct}
        for n, pct in enumerate(line.by_group, 1)
    )


def conversation_story(
    conversation: Conversation, styles: dict[str, ParagraphStyle], width: float = 170 * mm
) -> list[Flowable]:
    """One map: heading, counts, the drawing, the groups, common ground, differences."""
    view = opinion_map_for(conversation=conversation)
    body, h3 = styles["body"], styles.get("h3", styles["body"])

    def para(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(escape(text), style)

    story: list[Flowable] = [
        para(_("Opinion map: %(question)s") % {"question": conversation.question}, styles["h2"]),
        para(
            _("%(p)s participants, %(v)s votes") % {"p": view.participants, "v": view.votes}
            + " · "
            + ngettext("%(n)s opinion group", "%(n)s opinion groups", view.result.group_count)
            % {"n": view.result.group_count}
        ),
    ]
    if view.points:
        story += [Spacer(1, 2 * mm), map_drawing(view), Spacer(1, 2 * mm)]
        rows: list[list[object]] = [["", para(_("Group")), para(_("Agrees most with"))]]
        for group in view.groups:
            agrees = "; ".join(f"{s.text} ({pct} %)" for s, pct in group.agrees) or "—"
            rows.append(
                [
                    _legend_mark(group.shape, group.colour),
                    para(
                        _("Group %(n)s") % {"n": group.number}
                        + " · "
                        + ngettext("%(size)s person", "%(size)s people", group.size)
                        % {"size": group.size}
                    ),
                    para(agrees),
                ]
            )
        story.append(_grid(rows, [8 * mm, 45 * mm, width - 53 * mm]))
    else:
        story.append(para(_("The map appears as soon as people have answered enough statements.")))
    story.append(para(_("Common ground"), h3))
    consensus: list[list[object]] = [[para(_("Statement")), para(_("Agree / disagree"))]]
    consensus += [
        [para(line.statement.text), para(f"{line.agree} % / {line.disagree} % ({line.votes})")]
        for line in view.consensus
    ]
    story.append(
        _grid(consensus, [width - 45 * mm, 45 * mm])
        if view.consensus
        else para(_("No statement has a majority in every group yet."))
    )
    story.append(para(_("Where the groups differ"), h3))
    divisive: list[list[object]] = [[para(_("Statement")), para(_("Agree by group"))]]
    divisive += [[para(line.statement.text), para(_by_group(line))] for line in view.divisive]
    story.append(
        _grid(divisive, [width - 70 * mm, 70 * mm])
        if view.divisive
        else para(_("There is only one group so far."))
    )
    return story


def opinion_maps_story(
    conversations: Iterable[Conversation], styles: dict[str, ParagraphStyle]
) -> list[Flowable]:
    """Every map of an event for its protocol (nothing when it has none)."""
    story: list[Flowable] = []
    for conversation in conversations:
        story += conversation_story(conversation, styles)
    return story


def themes_story(
    found: list[tuple[Theme, list[Card]]], styles: dict[str, ParagraphStyle], width: float
) -> list[Flowable]:
    """The cards sorted by theme, a label per theme (nothing with fewer than two cards)."""
    if not found:
        return []
    body = styles["body"]
    rows: list[list[object]] = [
        [Paragraph(escape(_("Theme")), body), Paragraph(escape(_("Cards")), body)]
    ]
    rows += [
        [
            Paragraph(escape(theme.label), body),
            Paragraph(escape("; ".join(card.title for card in cards)), body),
        ]
        for theme, cards in found
    ]
    return [
        Paragraph(escape(_("Themes of the wall")), styles["h2"]),
        _grid(rows, [55 * mm, width - 55 * mm]),
    ]


def event_story(event: Event, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    """The topics app's part of the event protocol: the wall's themes, then each map."""
    return themes_story(wall_themes(event=event), styles, 170 * mm) + opinion_maps_story(
        event.conversations.order_by("created_at", "pk"), styles
    )


def conversation_pdf(conversation: Conversation) -> bytes:
    """A map's own A4 report (online maps have no event protocol to sit in)."""
    base = getSampleStyleSheet()
    styles = {
        "h2": ParagraphStyle("h2", parent=base["Heading1"], textColor=colors.HexColor("#0b5cad")),
        "h3": ParagraphStyle("h3", parent=base["Heading3"]),
        "body": ParagraphStyle("body", parent=base["BodyText"], fontSize=10, leading=14),
    }
    owner = conversation.event or conversation.process
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=_("Opinion map: %(question)s") % {"question": conversation.question},
        author=conversation.organisation.name,
    )
    story: list[Flowable] = [
        Paragraph(escape(f"{conversation.organisation.name} · {owner}"), styles["body"]),
        *conversation_story(conversation, styles),
    ]
    doc.build(story)
    return buffer.getvalue()
