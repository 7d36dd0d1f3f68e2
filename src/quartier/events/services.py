"""Writes for events: creating them, phases, joining, walk-ins and pair rounds."""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from itertools import combinations
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.audit.services import audit_record
from quartier.core.errors import DomainError
from quartier.events import adapters
from quartier.events.live import event_lock, live_append
from quartier.events.models import (
    DEFAULT_RETENTION_DAYS,
    Event,
    PairRound,
    PairSeat,
    Participant,
    Room,
    TimeSlot,
)
from quartier.events.receipts import run_once
from quartier.formats.registry import get_format
from quartier.processes.models import Process

# No 0/O, 1/I/L: the code is read off a projector from the back of a hall.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
# 31^8 ≈ 8.5·10^11 codes: with 20 wrong tries per address and 5 minutes (events.limits),
# finding one of a few hundred open events by guessing takes millions of years.
CODE_LENGTH = 8


class EventError(DomainError):
    code = "event_error"


def _new_join_code() -> str:
    for _attempt in range(50):
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not Event.objects.filter(join_code=code).exists():
            return code
    raise EventError(
        _("Could not find a free join code; please try again."), code="join_code_exhausted"
    )


def normalize_code(raw: str) -> str:
    return "".join(ch for ch in raw.upper() if ch.isalnum())[:10]


@transaction.atomic
def event_create(
    *,
    process: Process,
    actor: Any,
    format_key: str,
    title: str,
    starts_at: datetime,
    ends_at: datetime | None = None,
    place: str = "",
    rooms: Sequence[str] = (),
    slots: Sequence[str] = (),
    moderators: Sequence[Any] = (),
    settings: dict[str, Any] | None = None,
    retention_days: int = DEFAULT_RETENTION_DAYS,
) -> Event:
    manifest = get_format(format_key)
    if manifest.kind != "event":
        raise EventError(
            _("“%(format)s” is not a live-event format."),
            code="not_an_event_format",
            format=manifest.title,
        )
    event = Event.objects.create(
        process=process,
        format_key=format_key,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        join_code=_new_join_code(),
        phase=manifest.phases[0].key,
        phase_started_at=timezone.now(),
        config={**manifest.default_settings(), **(settings or {})},
        created_by=actor if actor else None,
        retention_days=retention_days,
    )
    for name in dict.fromkeys(r.strip() for r in rooms if r.strip()):
        Room.objects.create(event=event, name=name)
    for label in dict.fromkeys(s.strip() for s in slots if s.strip()):
        TimeSlot.objects.create(event=event, label=label)
    event.moderators.set(moderators)
    from quartier.wall.services import wall_prepare  # the wall belongs to the event from the start

    wall_prepare(event=event)
    audit_record(
        action="event.create", actor=actor, organisation=process.organisation, target=event
    )
    return event


@transaction.atomic
def event_set_phase(*, event: Event, actor: Any, phase: str) -> Event:
    manifest = get_format(event.format_key)
    try:
        manifest.phase(phase)
    except KeyError:
        raise EventError(
            _("This event has no phase “%(phase)s”."), code="unknown_phase", phase=phase
        ) from None
    event = event_lock(event.pk)
    event.phase, event.phase_started_at = phase, timezone.now()
    event.save(update_fields=["phase", "phase_started_at"])
    live_append(event_id=event.pk, kind="phase", data={"phase": phase})
    audit_record(
        action="event.phase",
        actor=actor,
        organisation=event.process.organisation,
        target=event,
        data={"phase": phase},
    )
    return event


@transaction.atomic
def event_close(*, event: Event, actor: Any) -> Event:
    """End the event: its code stops letting anyone in, phones show that it has ended."""
    locked = event_lock(event.pk)
    if locked.closed_at is None:
        locked.closed_at = timezone.now()
        locked.save(update_fields=["closed_at"])
        live_append(event_id=locked.pk, kind="closed", data={"closed": True})
        audit_record(
            action="event.close",
            actor=actor,
            organisation=locked.process.organisation,
            target=locked,
        )
    return locked


@transaction.atomic
def event_reopen(*, event: Event, actor: Any) -> Event:
    """Undo a close made too early: the same code works again."""
    locked = event_lock(event.pk)
    if locked.closed_at is not None:
        locked.closed_at = None
        locked.save(update_fields=["closed_at"])
        live_append(event_id=locked.pk, kind="closed", data={"closed": False})
        audit_record(
            action="event.reopen",
            actor=actor,
            organisation=locked.process.organisation,
            target=locked,
        )
    return locked


def _record_participation(participant: Participant, event: Event) -> None:
    if participant.contact_id is None:
        return
    from quartier.reach.services import participation_record

    assert participant.contact is not None
    participation_record(
        contact=participant.contact,
        source=event,
        kind="event",
        role="attendee",
        occurred_at=event.starts_at,
        process=event.process,
        label=event.title,
    )


def participant_join(
    *, event: Event, display_name: str, token: object, contact: Any = None
) -> Participant:
    """A phone joins the event (idempotent per client token)."""

    def perform(locked: Event) -> dict[str, Any]:
        if locked.closed_at is not None:
            raise EventError(
                _("We could not find an event with this code. Please check it and try again."),
                code="event_not_found",
            )
        participant = Participant.objects.create(
            event=locked, display_name=display_name.strip()[:60], contact=contact
        )
        _record_participation(participant, locked)
        live_append(event_id=locked.pk, kind="presence", data={"present": _present_count(locked)})
        return {"participant": participant.pk}

    result = run_once(
        event_id=event.pk, token=token, participant=None, action="join", perform=perform
    )
    return Participant.objects.get(pk=result["participant"])


@transaction.atomic
def participant_register_walk_in(
    *, event: Event, actor: Any, display_name: str, contact: Any = None
) -> Participant:
    locked = event_lock(event.pk)
    participant = Participant.objects.create(
        event=locked, display_name=display_name.strip()[:60], contact=contact, is_walk_in=True
    )
    _record_participation(participant, locked)
    live_append(event_id=locked.pk, kind="presence", data={"present": _present_count(locked)})
    audit_record(
        action="event.walk_in", actor=actor, organisation=locked.process.organisation, target=locked
    )
    return participant


@transaction.atomic
def participant_set_present(*, participant: Participant, present: bool) -> Participant:
    locked = event_lock(participant.event_id)
    Participant.objects.filter(pk=participant.pk).update(present=present)
    participant.present = present
    live_append(event_id=locked.pk, kind="presence", data={"present": _present_count(locked)})
    return participant


def _present_count(event: Event) -> int:
    return Participant.objects.filter(event=event, present=True).count()


def _encounters(event: Event) -> dict[tuple[str, str], int]:
    tables: dict[tuple[int, int], list[str]] = {}
    for round_id, table, pid in PairSeat.objects.filter(round__event=event).values_list(
        "round_id", "table", "participant_id"
    ):
        tables.setdefault((round_id, table), []).append(str(pid))
    counts: Counter[tuple[str, str]] = Counter()
    for members in tables.values():
        for a, b in combinations(sorted(members), 2):
            counts[(a, b)] += 1
    return dict(counts)


@transaction.atomic
def pairs_start_round(
    *, event: Event, actor: Any, prompt: str = "", minutes: int | None = None
) -> PairRound:
    """Pair everyone present at random (a trio for an odd count), avoiding earlier partners."""
    locked = event_lock(event.pk)
    people = [
        str(pk)
        for pk in Participant.objects.filter(event=locked, present=True).values_list(
            "pk", flat=True
        )
    ]
    if len(people) < 2:
        raise EventError(
            _("At least two people must be present to form pairs."), code="too_few_for_pairs"
        )
    seed = secrets.randbits(48)
    plan = adapters.plan_pairs(people, _encounters(locked), seed)
    number = (locked.pair_rounds.count() or 0) + 1
    pair_round = PairRound.objects.create(
        event=locked,
        number=number,
        prompt=prompt or str(locked.setting("pair_prompt")),
        minutes=minutes or int(str(locked.setting("pair_minutes"))),
        started_at=timezone.now(),
        seed=seed,
        algorithm=plan.algorithm,
        repeats=plan.repeats,
    )
    PairSeat.objects.bulk_create(
        PairSeat(round=pair_round, table=index, participant_id=int(pid))
        for index, table in enumerate(plan.tables, start=1)
        for pid in table
    )
    live_append(event_id=locked.pk, kind="pairs", data={"round": number})
    audit_record(
        action="event.pairs",
        actor=actor,
        organisation=locked.process.organisation,
        target=locked,
        data={"round": number, "seed": seed, "algorithm": plan.algorithm, "people": len(people)},
    )
    return pair_round


@transaction.atomic
def event_export_record(*, event: Event, actor: Any, what: str) -> None:
    """Exports hold personal topics and votes: every download is logged."""
    audit_record(
        action="event.export",
        actor=actor,
        organisation=event.process.organisation,
        target=event,
        data={"what": what},
    )
