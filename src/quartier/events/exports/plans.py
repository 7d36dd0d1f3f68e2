"""Printable plans of an event (pair interviews, topic groups) from its stored rounds.

The engine arranges the data (``quartier.engine.grouping.plans``), ``quartier.plans``
draws the PDF; this module only reads the event's rows.
"""

from __future__ import annotations

from quartier.engine.grouping.plans import PersonSchedule, Plan, ScheduleEntry, rounds_plan
from quartier.events.models import Event, Participant
from quartier.wall.models import TopicGroupMember


def pairs_plan(event: Event) -> Plan:
    """Rounds of pair interviews as table cards: tables are the pairs of each round."""
    rounds = []
    for pair_round in event.pair_rounds.prefetch_related("seats__participant"):
        tables: dict[int, list[str]] = {}
        for seat in pair_round.seats.all():
            tables.setdefault(seat.table, []).append(_name(seat.participant))
        rounds.append([tables[t] for t in sorted(tables)])
    return rounds_plan(rounds)


def groups_plan(event: Event) -> Plan:
    """Topic groups by time slot with their members; present people without a group are
    listed as without a place."""
    members = TopicGroupMember.objects.filter(topic_group__event=event).select_related(
        "participant", "topic_group__slot", "topic_group__room"
    )
    cells: dict[tuple[str, str], list[str]] = {}
    entries: dict[str, list[ScheduleEntry]] = {}
    slots: dict[str, None] = {}
    groups: dict[str, None] = {}
    for m in members.order_by("topic_group__slot__starts_at", "topic_group__title"):
        group = m.topic_group
        slot = group.slot.label if group.slot else ""
        room = group.room.name if group.room else ""
        title = group.title
        slots.setdefault(slot)
        groups.setdefault(title)
        who = _name(m.participant)
        cells.setdefault((title, slot), []).append(who)
        entries.setdefault(who, []).append(ScheduleEntry(slot, room, title))
    present = [_name(p) for p in event.participants.filter(present=True)]
    unassigned = tuple(sorted(p for p in present if p not in entries))
    schedules = tuple(PersonSchedule(p, tuple(e)) for p, e in sorted(entries.items()))
    return Plan(
        "assignment",
        schedules,
        tuple(groups),
        tuple(slots),
        {key: ", ".join(sorted(names)) for key, names in cells.items()},
        unassigned,
    )


def _name(participant: Participant) -> str:
    return (
        f"{participant.label} (#{participant.pk})"
        if not participant.display_name
        else str(participant.label)
    )
