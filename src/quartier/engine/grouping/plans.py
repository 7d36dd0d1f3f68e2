"""Plans people can use: per-person schedules and room x slot matrices of any result.

Facilitators print table cards, a poster of the grid and a slip per participant; this
module only arranges the data (dataclasses in, dataclasses out) so the same arrangement
feeds the CSV exports, the PDFs (``quartier.plans``) and the web pages.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from quartier.engine.grouping.assignment import AssignmentResult, TopicGroup
from quartier.engine.grouping.grid.problem import GridProblem, GridResult
from quartier.engine.grouping.rotation.plan import RotationPlan


@dataclass(frozen=True)
class ScheduleEntry:
    """One line of someone's plan: when (round or slot), where (table, group or room),
    what (session or group, may be empty) and with whom (tablemates, may be empty)."""

    when: str
    where: str
    what: str = ""
    with_: tuple[str, ...] = ()


@dataclass(frozen=True)
class PersonSchedule:
    person: str
    entries: tuple[ScheduleEntry, ...]


@dataclass(frozen=True)
class Plan:
    """Everything a printout needs: a title, per-person schedules, the matrix (rows x
    columns -> cell text) and the people who got no place."""

    kind: str  # "rotation", "grid" or "assignment"
    schedules: tuple[PersonSchedule, ...]
    row_labels: tuple[str, ...]
    column_labels: tuple[str, ...]
    cells: Mapping[tuple[str, str], str]
    unassigned: tuple[str, ...] = ()


def rotation_plan(plan: RotationPlan) -> Plan:
    """Rows are tables, columns rounds; each person's schedule lists table and tablemates."""
    people = sorted({p for rnd in plan.rounds for t in rnd.tables for p in t})
    rounds = tuple(str(r + 1) for r in range(len(plan.rounds)))
    tables = max((len(rnd.tables) for rnd in plan.rounds), default=0)
    rows = tuple(str(t + 1) for t in range(tables))
    cells: dict[tuple[str, str], str] = {}
    entries: dict[str, list[ScheduleEntry]] = {p: [] for p in people}
    for r, rnd in enumerate(plan.rounds):
        for t, table in enumerate(rnd.tables):
            cells[str(t + 1), str(r + 1)] = ", ".join(table)
            for p in table:
                mates = tuple(o for o in table if o != p)
                entries[p].append(ScheduleEntry(str(r + 1), str(t + 1), "", mates))
    schedules = tuple(PersonSchedule(p, tuple(entries[p])) for p in people)
    return Plan("rotation", schedules, rows, rounds, cells)


def rounds_plan(rounds: Sequence[Sequence[Sequence[str]]]) -> Plan:
    """Like :func:`rotation_plan`, from plain rounds of tables (e.g. stored pair rounds)."""
    from quartier.engine.grouping.quality import Quality
    from quartier.engine.grouping.rotation.plan import Round, summarize

    people = sorted({p for r in rounds for t in r for p in t})
    plan = summarize(
        people,
        [Round(tuple(tuple(t) for t in r)) for r in rounds],
        None,
        Quality.of(0.0, 0.0, 0.0, "stored", proven=False),
    )
    return rotation_plan(plan)


def grid_plan(problem: GridProblem, result: GridResult) -> Plan:
    """Rows are rooms, columns slots (a long session fills each slot it holds); a person's
    schedule lists, per slot, the sessions they wanted that run then (several = a clash)."""
    by_id = {s.id: s for s in problem.sessions}
    cells: dict[tuple[str, str], str] = {}
    running: dict[str, list[tuple[str, str]]] = {t: [] for t in problem.slots}
    for p in result.placements:
        for t in problem.session_slots(by_id[p.session], p.slot):
            cells[p.room, t] = p.session
            running[t].append((p.session, p.room))
    schedules = []
    for person in sorted(problem.interests):
        wanted = problem.interests[person]
        entries = [
            ScheduleEntry(t, room, session)
            for t in problem.slots
            for session, room in sorted(running[t])
            if session in wanted
        ]
        schedules.append(PersonSchedule(person, tuple(entries)))
    hosts: dict[str, list[ScheduleEntry]] = {}
    for p in result.placements:
        for h in by_id[p.session].hosts:
            hosts.setdefault(h, []).append(ScheduleEntry(p.slot, p.room, p.session))
    for host, entries_ in sorted(hosts.items()):
        if host not in problem.interests:
            ordered = sorted(entries_, key=lambda e: problem.slots.index(e.when))
            schedules.append(PersonSchedule(host, tuple(ordered)))
    rooms = tuple(r.id for r in problem.rooms)
    return Plan("grid", tuple(schedules), rooms, problem.slots, cells)


def assignment_plan(
    result: AssignmentResult, groups: Sequence[TopicGroup], participants: Sequence[str]
) -> Plan:
    """Rows are groups, columns slots; people without a place are listed as unassigned."""
    slot_of = {g.id: g.slot or "" for g in groups}
    slots = tuple(dict.fromkeys(slot_of[g.id] for g in groups))
    members: dict[str, list[str]] = {}
    entries: dict[str, list[ScheduleEntry]] = {p: [] for p in participants}
    for person, gids in result.assignments.items():
        for gid in gids:
            members.setdefault(gid, []).append(person)
            entries.setdefault(person, []).append(ScheduleEntry(slot_of[gid], gid, gid))
    cells = {(gid, slot_of[gid]): ", ".join(sorted(people)) for gid, people in members.items()}
    unassigned = tuple(p for p in participants if not result.assignments.get(p))
    schedules = tuple(
        PersonSchedule(p, tuple(sorted(entries[p], key=lambda e: slots.index(e.when))))
        for p in participants
    )
    rows = tuple(g.id for g in groups if g.id in result.open_groups or g.id in members)
    return Plan("assignment", schedules, rows, slots, cells, unassigned)


def schedule_rows(plan: Plan) -> list[tuple[str, str, str, str, str]]:
    """(person, when, where, what, with) rows for a CSV export; unassigned people appear
    with empty cells so the file lists everyone."""
    rows = [
        (s.person, e.when, e.where, e.what, " ".join(e.with_))
        for s in plan.schedules
        for e in s.entries
    ]
    listed = {r[0] for r in rows}
    rows += [(p, "", "", "", "") for p in plan.unassigned if p not in listed]
    return rows


def matrix_rows(plan: Plan) -> list[list[str]]:
    """The room x slot (or table x round, group x slot) matrix as rows of text."""
    return [
        [row, *(plan.cells.get((row, col), "") for col in plan.column_labels)]
        for row in plan.row_labels
    ]


__all__ = [
    "PersonSchedule",
    "Plan",
    "ScheduleEntry",
    "assignment_plan",
    "grid_plan",
    "matrix_rows",
    "rotation_plan",
    "rounds_plan",
    "schedule_rows",
]
