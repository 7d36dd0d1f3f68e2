"""What came out of a process after its events: which groups formed, their members over
time, tasks done, open ends taken up. One set of tables feeds the page, CSV, XLSX and PDF."""

from __future__ import annotations

import io
from collections import defaultdict
from datetime import date
from xml.sax.saxutils import escape

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Table as PdfTable

from quartier.events.exports.tables import Table
from quartier.groups.models import Group, GroupLogEntry, LogKind
from quartier.processes.models import Process

REPORTS = ("groups", "members", "tasks", "open_ends")


def _groups(process: Process) -> list[Group]:
    return list(
        Group.objects.filter(process=process)
        .select_related("moderator")
        .annotate(
            member_count=Count("members", distinct=True),
            taken_up=Count("open_ends_taken_up", distinct=True),
        )
        .order_by("created_at", "title")
    )


def _source_labels(groups: list[Group]) -> dict[int, str]:
    from quartier.wall.models import TopicGroup

    ids = [int(g.source_id) for g in groups if g.source_type == "wall.topicgroup" and g.source_id]
    topic_groups = TopicGroup.objects.filter(pk__in=ids).select_related("event")
    by_id = {str(t.pk): t for t in topic_groups}
    labels = {}
    for g in groups:
        origin = by_id.get(g.source_id) if g.source_type == "wall.topicgroup" else None
        labels[g.pk] = (
            _("Topic group at “%(event)s”") % {"event": origin.event.title}
            if origin
            else _("Founded directly")
        )
    return labels


def _task_counts(groups: list[Group]) -> dict[str, tuple[int, int]]:
    from quartier.followups.models import Task, TaskStatus

    rows = (
        Task.objects.filter(source_type="groups.group", source_id__in=[str(g.pk) for g in groups])
        .values("source_id")
        .annotate(
            done=Count("pk", filter=Q(status=TaskStatus.DONE)),
            open=Count("pk", filter=Q(status=TaskStatus.OPEN)),
        )
    )
    return {row["source_id"]: (row["open"], row["done"]) for row in rows}


def groups_table(process: Process) -> Table:
    groups = _groups(process)
    sources, tasks = _source_labels(groups), _task_counts(groups)
    rows: list[list[object]] = []
    for g in groups:
        open_tasks, done_tasks = tasks.get(str(g.pk), (0, 0))
        rows.append(
            [
                g.title,
                timezone.localtime(g.created_at).date().isoformat(),
                sources[g.pk],
                str(g.moderator or ""),
                g.member_count,  # type: ignore[attr-defined]
                open_tasks,
                done_tasks,
                g.taken_up,  # type: ignore[attr-defined]
                _("yes") if g.published_at else _("no"),
                _("archived") if g.archived_at else _("active"),
            ]
        )
    return Table(
        key="groups",
        title=_("Groups"),
        header=[
            _("Group"),
            _("Formed on"),
            _("Grew out of"),
            _("Moderator"),
            _("Members now"),
            _("Tasks open"),
            _("Tasks done"),
            _("Open ends taken up"),
            _("Public page"),
            _("State"),
        ],
        rows=rows,
    )


def _months(start: date, end: date) -> list[date]:
    months, current = [], start.replace(day=1)
    while current <= end:
        months.append(current)
        current = current.replace(
            year=current.year + current.month // 12, month=current.month % 12 + 1
        )
    return months


def members_table(process: Process) -> Table:
    """Members at the end of each month, from the joins and departures in each group's log."""
    groups = _groups(process)
    entries = GroupLogEntry.objects.filter(
        group__in=groups, kind__in=[LogKind.JOINED, LogKind.LEFT]
    ).values_list("group_id", "kind", "happened_on")
    changes: dict[int, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    first = timezone.localdate()
    for group_id, kind, happened_on in entries:
        changes[group_id][happened_on.replace(day=1)] += 1 if kind == LogKind.JOINED else -1
        first = min(first, happened_on)
    months = _months(first, timezone.localdate())
    rows: list[list[object]] = []
    for g in groups:
        running = 0
        row: list[object] = [g.title]
        for month in months:
            running += changes[g.pk].get(month, 0)
            row.append(max(0, running))
        rows.append(row)
    return Table(
        key="members",
        title=_("Members over time"),
        header=[_("Group"), *[m.strftime("%m/%Y") for m in months]],
        rows=rows,
    )


def tasks_table(process: Process) -> Table:
    from quartier.followups.models import Task, TaskStatus

    titles = {str(g.pk): g.title for g in Group.objects.filter(process=process)}
    tasks = (
        Task.objects.filter(
            source_type="groups.group", source_id__in=list(titles), status=TaskStatus.DONE
        )
        .select_related("owner", "owner_contact")
        .order_by("-completed_at")
    )
    rows: list[list[object]] = [
        [
            titles[t.source_id],
            t.title,
            t.owner_display,
            t.due_on.isoformat() if t.due_on else "",
            timezone.localtime(t.completed_at).date().isoformat() if t.completed_at else "",
        ]
        for t in tasks
    ]
    return Table(
        key="tasks",
        title=_("Tasks done"),
        header=[_("Group"), _("Task"), _("Owner"), _("Due on"), _("Done on")],
        rows=rows,
    )


def open_ends_table(process: Process) -> Table:
    from quartier.wall.models import OpenEnd, OpenEndStatus

    rows: list[list[object]] = [
        [
            o.title,
            o.taken_up_by.title if o.taken_up_by else "",
            timezone.localtime(o.taken_up_at).date().isoformat() if o.taken_up_at else "",
        ]
        for o in OpenEnd.objects.filter(process=process, status=OpenEndStatus.TAKEN_UP)
        .select_related("taken_up_by")
        .order_by("-taken_up_at")
    ]
    return Table(
        key="open_ends",
        title=_("Open ends taken up"),
        header=[_("Open end"), _("Taken up by"), _("On")],
        rows=rows,
    )


TABLES = {
    "groups": groups_table,
    "members": members_table,
    "tasks": tasks_table,
    "open_ends": open_ends_table,
}


def report_tables(process: Process) -> list[Table]:
    return [build(process) for build in TABLES.values()]


def report_pdf(process: Process, tables: list[Table]) -> bytes:
    base = getSampleStyleSheet()
    body = base["BodyText"]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=_("Report: %(title)s") % {"title": process.title},
    )
    story: list[object] = [
        Paragraph(escape(_("Report: %(title)s") % {"title": process.title}), base["Title"]),
        Paragraph(
            escape(
                _("%(org)s · as of %(date)s")
                % {
                    "org": process.organisation.name,
                    "date": timezone.localdate().strftime("%d.%m.%Y"),
                }
            ),
            body,
        ),
    ]
    for table in tables:
        story += [Spacer(1, 6 * mm), Paragraph(escape(table.title), base["Heading2"])]
        if not table.rows:
            story.append(Paragraph(escape(_("Nothing yet.")), body))
            continue
        lines: list[list[object]] = [list(table.header), *table.rows]
        data = [[Paragraph(escape(str(c)), body) for c in line] for line in lines]
        grid = PdfTable(data, repeatRows=1)
        grid.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8f1fb")),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#c9ced6")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story.append(grid)
    doc.build(story)
    return buffer.getvalue()
