"""Reads of opinion maps: the next statement for a phone, and the map with its groups."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from quartier.engine.topics.opinions import OpinionMap, OpinionVote, StatementStat, opinion_map
from quartier.events.models import Event, Participant
from quartier.processes.models import Process
from quartier.topics.models import (
    Conversation,
    ConversationStatus,
    Opinion,
    Respondent,
    Statement,
)

# Colour and shape per group, so groups differ without colour too (WCAG 1.4.1).
GROUP_STYLES = [
    ("#1f5fa8", "circle"),
    ("#b3261e", "square"),
    ("#2e7d32", "triangle"),
    ("#6a3d9a", "diamond"),
    ("#8a5a00", "cross"),
]
SIZE = 400
MARGIN = 24


def conversations(
    *, event: Event | None = None, process: Process | None = None, open_only: bool = False
) -> QuerySet[Conversation]:
    """An event's opinion maps, or (``process``) the process's online ones."""
    owner = Q(event=event) if event is not None else Q(process=process, event__isnull=True)
    rows = Conversation.objects.filter(owner).annotate(
        accepted=Count("statements", filter=Q(statements__status="accepted")),
        pending=Count("statements", filter=Q(statements__status="pending")),
    )
    if open_only:
        rows = rows.filter(status=ConversationStatus.OPEN)
    return rows.order_by("-created_at", "pk")


def conversation_get(
    *, event: Event | None = None, process: Process | None = None, pk: object
) -> Conversation:
    owner = Q(event=event) if event is not None else Q(process=process, event__isnull=True)
    found = (
        Conversation.objects.filter(owner, pk=str(pk))
        .select_related("event__process__organisation", "process__organisation")
        .first()
        if str(pk).isdigit()
        else None
    )
    if found is None:
        raise Http404
    return found


def online_conversation_get(*, token: str) -> Conversation:
    """An online opinion map by its link; 404 for a wrong link or an archived process."""
    found = (
        Conversation.objects.filter(
            token=token, process__isnull=False, process__archived_at__isnull=True
        )
        .select_related("process__organisation")
        .first()
    )
    if found is None:
        raise Http404
    return found


def respondent_get(*, conversation: Conversation, pk: object) -> Respondent | None:
    if not str(pk).isdigit():
        return None
    return Respondent.objects.filter(conversation=conversation, pk=str(pk)).first()


def respondent_of_user(*, conversation: Conversation, user: Any) -> Respondent | None:
    if not user.is_authenticated:
        return None
    return Respondent.objects.filter(conversation=conversation, user=user).first()


def statement_get(*, conversation: Conversation, pk: object) -> Statement:
    found = (
        Statement.objects.filter(conversation=conversation, pk=str(pk)).first()
        if str(pk).isdigit()
        else None
    )
    if found is None:
        raise Http404
    return found


def accepted(*, conversation: Conversation) -> QuerySet[Statement]:
    return conversation.statements.filter(status="accepted").order_by("created_at", "pk")


def pending(*, conversation: Conversation) -> QuerySet[Statement]:
    return conversation.statements.filter(status="pending").order_by("created_at", "pk")


@dataclass(frozen=True)
class Progress:
    next: Statement | None
    answered: int
    total: int


def progress_for(
    *,
    conversation: Conversation,
    participant: Participant | None = None,
    respondent: Respondent | None = None,
) -> Progress:
    """The first accepted statement this participant (or online respondent) has not
    answered yet; someone who has not answered anything starts at the first."""
    statements = list(accepted(conversation=conversation))
    voter = (
        Q(participant=participant)
        if participant is not None
        else Q(respondent=respondent)
        if respondent is not None
        else None
    )
    done = (
        set(
            Opinion.objects.filter(voter, statement__conversation=conversation).values_list(
                "statement_id", flat=True
            )
        )
        if voter is not None
        else set()
    )
    left = [s for s in statements if s.pk not in done]
    return Progress(left[0] if left else None, len(statements) - len(left), len(statements))


@dataclass(frozen=True)
class MapPoint:
    x: float
    y: float
    group: int
    colour: str
    shape: str

    @property
    def d(self) -> str:
        """SVG path of the marker: a shape per group (circle, square, triangle, ...)."""
        return marker(self.shape, self.x, self.y)


def marker(shape: str, x: float, y: float, r: float = 6) -> str:
    if shape == "square":
        return f"M{x - r} {y - r}h{2 * r}v{2 * r}h{-2 * r}z"
    if shape == "triangle":
        return f"M{x} {y - r}L{x + r} {y + r}L{x - r} {y + r}z"
    if shape == "diamond":
        return f"M{x} {y - r}L{x + r} {y}L{x} {y + r}L{x - r} {y}z"
    if shape == "cross":
        w = r / 2.5
        return (
            f"M{x - w} {y - r}h{2 * w}v{r - w}h{r - w}v{2 * w}h{w - r}v{r - w}h{-2 * w}"
            f"v{w - r}h{w - r}v{-2 * w}h{r - w}z"
        )
    return f"M{x - r} {y}a{r} {r} 0 1 0 {2 * r} 0a{r} {r} 0 1 0 {-2 * r} 0z"


@dataclass(frozen=True)
class GroupSummary:
    number: int  # 1-based, as shown
    size: int
    colour: str
    shape: str

    @property
    def d(self) -> str:
        return marker(self.shape, 8, 8)

    agrees: list[tuple[Statement, int]]  # statements this group agrees with most (percent)


@dataclass(frozen=True)
class StatementLine:
    statement: Statement
    agree: int  # percent of all votes on it
    disagree: int
    votes: int
    by_group: list[int]  # agree percent per group


@dataclass(frozen=True)
class MapView:
    lines: list[StatementLine]
    result: OpinionMap
    points: list[MapPoint]
    groups: list[GroupSummary]
    consensus: list[StatementLine]
    divisive: list[StatementLine]
    participants: int
    votes: int
    size: int = SIZE


def _distinctive_key(stat: StatementStat, *, g: int) -> tuple[float, str]:
    """How much more group ``g`` agrees than the other groups on average (sort key)."""
    rest = (sum(stat.by_group) - stat.by_group[g]) / max(len(stat.by_group) - 1, 1)
    return (-(stat.by_group[g] - rest), stat.statement)


def opinion_map_for(*, conversation: Conversation) -> MapView:
    """Groups, positions and statement lists from all votes on accepted statements."""
    statements = {s.pk: s for s in accepted(conversation=conversation)}
    rows = Opinion.objects.filter(statement_id__in=statements).values_list(
        "participant_id", "respondent_id", "statement_id", "value"
    )
    votes = [
        OpinionVote(f"p{p}" if p is not None else f"r{r}", str(s), int(v)) for p, r, s, v in rows
    ]
    result = opinion_map(votes)
    xs = [x for x, _ in result.points] or [0.0]
    ys = [y for _, y in result.points] or [0.0]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    inner = SIZE - 2 * MARGIN

    def place(value: float, low: float, width: float) -> float:
        return round(MARGIN + inner / 2 + (value - low - width / 2) / span * inner, 1)

    points = [
        MapPoint(
            place(x, min(xs), max(xs) - min(xs)),
            place(-y, -max(ys), max(ys) - min(ys)),
            g + 1,
            *GROUP_STYLES[g % len(GROUP_STYLES)],
        )
        for (x, y), g in zip(result.points, result.groups, strict=True)
    ]

    def line(stat_key: str) -> StatementLine:
        stat = next(s for s in result.stats if s.statement == stat_key)
        answers = [v for v in votes if v.statement == stat_key]
        n = len(answers) or 1
        return StatementLine(
            statements[int(stat_key)],
            round(100 * sum(v.value == 1 for v in answers) / n),
            round(100 * sum(v.value == -1 for v in answers) / n),
            len(answers),
            [round(100 * p) for p in stat.by_group],
        )

    groups = []
    for g in range(result.group_count):
        voted = [s for s in result.stats if s.votes]
        ranked = sorted(voted, key=functools.partial(_distinctive_key, g=g))
        colour, shape = GROUP_STYLES[g % len(GROUP_STYLES)]
        groups.append(
            GroupSummary(
                g + 1,
                sum(1 for x in result.groups if x == g),
                colour,
                shape,
                [
                    (statements[int(s.statement)], round(100 * s.by_group[g]))
                    for s in ranked[:3]
                    if s.by_group[g] > 0.5
                ],
            )
        )
    return MapView(
        lines=[line(s.statement) for s in result.stats],
        result=result,
        points=points,
        groups=groups,
        consensus=[line(s.statement) for s in result.consensus],
        divisive=[line(s.statement) for s in result.divisive[:3]],
        participants=len({v.participant for v in votes}),
        votes=len(votes),
    )


def statement_lines(*, view: MapView) -> list[StatementLine]:
    """Every voted statement, most agreed first (for exports)."""
    return sorted(view.lines, key=lambda line: (-line.agree, line.statement.pk))
