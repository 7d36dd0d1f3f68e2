"""The content of a protocol, read from a meeting. Never reads cases: a confidential
consultation contributes only the number of cases and its shareable result note."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from quartier.formats.manifest import Tool
from quartier.meetings.models import Meeting
from quartier.reach.mentions import mention


@dataclass(frozen=True)
class ConcernRow:
    title: str
    shared_by: int
    readiness: int


@dataclass(frozen=True)
class TaskRow:
    title: str
    owner: str
    due_on: date | None
    done: bool


@dataclass(frozen=True)
class AgendaRow:
    title: str
    notes: str
    decisions: list[str]


@dataclass(frozen=True)
class ProtocolData:
    organisation: str
    process: str
    title: str
    format_title: str
    starts_at: datetime
    place: str
    moderator: str
    participant_names: list[str] | None  # None: only the count is shown
    participant_count: int
    topics: list[str] = field(default_factory=list)
    concerns: list[ConcernRow] = field(default_factory=list)
    summary: str = ""
    agenda: list[AgendaRow] = field(default_factory=list)
    loose_decisions: list[str] = field(default_factory=list)
    tasks: list[TaskRow] = field(default_factory=list)
    result_note: str = ""
    cases_consulted: int | None = None
    phase_notes: list[tuple[str, str]] = field(default_factory=list)


def protocol_data(*, meeting: Meeting) -> ProtocolData:
    from quartier.followups.selectors import tasks_for_source

    manifest = meeting.manifest
    invitees = meeting.invitees.select_related("contact")
    attended = list(invitees.filter(attended=True).order_by("name"))
    people = attended or list(invitees.order_by("name"))
    show_names = meeting.setting("protocol_participants") != "count"
    agenda = [
        AgendaRow(
            title=item.title,
            notes=item.notes,
            decisions=[d.text for d in item.decisions.order_by("created_at", "id")],
        )
        for item in meeting.agenda_items.all()
    ]
    consulted: int | None = None
    if manifest.uses(Tool.CASES):
        consulted = meeting.cases_consulted or meeting.cases.filter(group__isnull=False).count()
    return ProtocolData(
        organisation=meeting.organisation.name,
        process=meeting.process.title,
        title=meeting.title,
        format_title=str(manifest.title),
        starts_at=meeting.starts_at,
        place=meeting.place_display,
        moderator=str(meeting.moderator or ""),
        participant_names=[mention(p.contact) if p.contact_id else p.name for p in people]
        if show_names
        else None,
        participant_count=len(people),
        topics=[t.title for t in meeting.topics.all()],
        concerns=[ConcernRow(c.title, c.shared_by, c.readiness) for c in meeting.concerns.all()],
        summary=meeting.summary,
        agenda=agenda,
        loose_decisions=[
            d.text for d in meeting.decisions.filter(agenda_item__isnull=True).order_by("id")
        ],
        tasks=[
            TaskRow(
                t.title,
                mention(t.owner_contact) if t.owner_contact_id else t.owner_display,
                t.due_on,
                t.status == "done",
            )
            for t in tasks_for_source(source=meeting).order_by("due_on", "id")
        ],
        result_note=meeting.result_note,
        cases_consulted=consulted,
        phase_notes=[
            (str(p.title), p.notes)
            for p in meeting.phases.order_by("position", "id")
            if p.notes.strip() and Tool.NOTES in p.tools
        ],
    )


def readiness_average(data: ProtocolData) -> Any:
    if not data.concerns:
        return None
    return round(sum(c.readiness for c in data.concerns) / len(data.concerns), 1)
