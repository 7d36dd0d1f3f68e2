"""Write a protocol as Markdown, in the language active when it is generated."""

from __future__ import annotations

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from quartier.meetings.selectors.protocol import ProtocolData


def _cell(text: str) -> str:
    return text.replace("|", "/").replace("\n", " ").strip()


def protocol_markdown(data: ProtocolData) -> str:
    t = {
        "Protocol": _("Protocol"),
        "Organisation": _("Organisation"),
        "Process": _("Process"),
        "Format": _("Format"),
        "Date and time": _("Date and time"),
        "Place": _("Place"),
        "Moderation": _("Moderation"),
        "Participants": _("Participants"),
        "Topics": _("Topics"),
        "Concerns and readiness to act": _("Concerns and readiness to act"),
        "Concern": _("Concern"),
        "Shared by": _("Shared by"),
        "Readiness (1-5)": _("Readiness (1-5)"),
        "Agenda and decisions": _("Agenda and decisions"),
        "Decision": _("Decision"),
        "Further decisions": _("Further decisions"),
        "Result": _("Result"),
        "Summary": _("Summary"),
        "Next steps and tasks": _("Next steps and tasks"),
        "due": _("due"),
        "Notes": _("Notes"),
        "nobody yet": _("nobody yet"),
    }
    when = formats.date_format(timezone.localtime(data.starts_at), "DATETIME_FORMAT")
    lines = [
        f"# {t['Protocol']}: {data.title}",
        "",
        f"**{t['Organisation']}:** {data.organisation}  ",
        f"**{t['Process']}:** {data.process}  ",
        f"**{t['Format']}:** {data.format_title}  ",
        f"**{t['Date and time']}:** {when}  ",
    ]
    if data.place:
        lines.append(f"**{t['Place']}:** {data.place}  ")
    if data.moderator:
        lines.append(f"**{t['Moderation']}:** {data.moderator}  ")
    lines += ["", f"## {t['Participants']}", ""]
    count_line = ngettext("%(count)s person", "%(count)s people", data.participant_count) % {
        "count": data.participant_count
    }
    if data.participant_names is None:
        lines.append(count_line)
    elif data.participant_names:
        lines += [f"- {name}" for name in data.participant_names]
        lines += ["", count_line]
    else:
        lines.append(_("No participants recorded."))
    if data.topics:
        lines += ["", f"## {t['Topics']}", ""] + [f"- {topic}" for topic in data.topics]
    if data.concerns:
        lines += [
            "",
            f"## {t['Concerns and readiness to act']}",
            "",
            f"| {t['Concern']} | {t['Shared by']} | {t['Readiness (1-5)']} |",
            "| --- | --- | --- |",
        ]
        lines += [f"| {_cell(c.title)} | {c.shared_by} | {c.readiness} |" for c in data.concerns]
    if data.agenda or data.loose_decisions:
        lines += ["", f"## {t['Agenda and decisions']}"]
        for number, item in enumerate(data.agenda, start=1):
            lines += ["", f"### {number}. {item.title}"]
            if item.notes:
                lines += ["", item.notes]
            lines += [f"- {t['Decision']}: {text}" for text in item.decisions]
        if data.loose_decisions:
            lines += ["", f"### {t['Further decisions']}", ""]
            lines += [f"- {t['Decision']}: {text}" for text in data.loose_decisions]
    if data.cases_consulted is not None:
        lines += ["", f"## {t['Result']}", ""]
        lines.append(
            ngettext(
                "%(count)s case consulted.", "%(count)s cases consulted.", data.cases_consulted
            )
            % {"count": data.cases_consulted}
        )
        lines.append(_("The cases themselves are confidential and not part of this protocol."))
        if data.result_note:
            lines += ["", data.result_note]
    elif data.result_note:
        lines += ["", f"## {t['Result']}", "", data.result_note]
    if data.summary:
        lines += ["", f"## {t['Summary']}", "", data.summary]
    if data.tasks:
        lines += ["", f"## {t['Next steps and tasks']}", ""]
        for task in data.tasks:
            due = formats.date_format(task.due_on, "SHORT_DATE_FORMAT") if task.due_on else "—"
            mark = "x" if task.done else " "
            lines.append(
                f"- [{mark}] {task.title} — {task.owner or t['nobody yet']}, {t['due']} {due}"
            )
    if data.phase_notes:
        lines += ["", f"## {t['Notes']}"]
        for title, notes in data.phase_notes:
            lines += ["", f"### {title}", "", notes]
    return "\n".join(lines).strip() + "\n"
