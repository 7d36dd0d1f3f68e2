"""Reads for events, including who may see what (404 for outsiders, 403 for too few rights)."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from quartier.events.models import Event, PairRound, PairSeat, Participant
from quartier.formats.manifest import PhaseSpec
from quartier.formats.registry import get_format
from quartier.organisations.models import Organisation
from quartier.processes.models import Process

SESSION_KEY = "quartier_event_participants"  # {event id: participant id}
ACTOR_SECONDS = 300.0  # how long a phone's event and participant are reused for its actions
_actors: dict[tuple[str, str], tuple[float, Event, Participant]] = {}


def event_get_for_user(
    *, user: Any, organisation: Organisation, pk: int, perm: str = "events.view_event"
) -> Event:
    event = (
        Event.objects.select_related("process__organisation")
        .filter(pk=pk, process__organisation=organisation)
        .first()
    )
    if event is None or not user.has_perm("events.view_event", event):
        raise Http404
    if not user.has_perm(perm, event):
        raise PermissionDenied
    return event


def event_list_for_process(*, process: Process) -> QuerySet[Event]:
    return process.events.order_by("-starts_at")


def event_get_by_code(*, code: str, include_closed: bool = False) -> Event:
    """The event behind a join code; a closed event is not found, exactly like a wrong
    code (``include_closed`` for people who joined before it closed)."""
    rows = Event.objects.select_related("process__organisation").filter(join_code=code)
    if not include_closed:
        rows = rows.filter(closed_at__isnull=True)
    event = rows.first() if code else None
    if event is None:
        raise Http404
    return event


def participant_for_session(*, request: HttpRequest, event: Event) -> Participant | None:
    """The participant this browser joined as, if any (the join session)."""
    pid = request.session.get(SESSION_KEY, {}).get(str(event.pk))
    if pid is None:
        return None
    participants = Participant.objects.filter(pk=pid, event=event)
    if event.participants_purged_at is not None:  # a join session from before the purge is void
        participants = participants.filter(joined_at__gt=event.participants_purged_at)
    return participants.first()


def current_phase(*, event: Event) -> PhaseSpec:
    manifest = get_format(event.format_key)
    try:
        return manifest.phase(event.phase)
    except KeyError:
        return manifest.phases[0]


def phase_has(*, event: Event, tool: str) -> bool:
    return tool in current_phase(event=event).tools


def present_count(*, event: Event) -> int:
    return event.participants.filter(present=True).count()


def pair_round_latest(*, event: Event) -> PairRound | None:
    return event.pair_rounds.order_by("-number").first()


def pair_partners(*, pair_round: PairRound, participant: Participant) -> list[Participant] | None:
    """The others at this participant's table, or None when they were not in the round."""
    seat = PairSeat.objects.filter(round=pair_round, participant=participant).first()
    if seat is None:
        return None
    return [
        s.participant
        for s in PairSeat.objects.filter(round=pair_round, table=seat.table)
        .exclude(participant=participant)
        .select_related("participant")
    ]


def pair_tables(*, pair_round: PairRound) -> list[list[Participant]]:
    tables: dict[int, list[Participant]] = {}
    for seat in pair_round.seats.select_related("participant"):
        tables.setdefault(seat.table, []).append(seat.participant)
    return [tables[k] for k in sorted(tables)]


def contact_for_participant(*, event: Event, user: Any = None, email: str = "") -> Any:
    """The person record of the event's organisation that a joining person already has:
    their account's contact, or (for walk-ins) the contact with the given e-mail."""
    from quartier.reach.models import Contact

    contacts = Contact.objects.filter(
        organisation_id=event.process.organisation_id, erased_at__isnull=True
    )
    if getattr(user, "is_authenticated", False):
        return contacts.filter(user=user).first()
    if email.strip():
        return contacts.filter(email__iexact=email.strip()).first()
    return None


def live_actor(*, request: HttpRequest, code: str) -> tuple[Event, Participant | None]:
    """The event and this browser's participant, for the actions of the live room.

    A full hall sends thirty actions a second, and each would load the session from
    the database, decode it and look up the event and the participant again. They are
    kept for a few seconds per session and code instead: every rule that may change in
    that time (phase, closed, dots left) is checked again on the locked event row by
    the action itself, and ``live_actors_forget`` drops them when participants' data
    is deleted. Without a join (no participant) nothing is kept."""
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME, "")
    key = (session_key, code)
    now = time.monotonic()
    if session_key and (hit := _actors.get(key)) is not None and hit[0] > now:
        return hit[1], hit[2]
    event = event_get_by_code(code=code, include_closed=True)
    participant = participant_for_session(request=request, event=event)
    if participant is not None and session_key and request.session.session_key == session_key:
        if len(_actors) > 50_000:  # bounded: a long day of many rooms
            _actors.clear()
        _actors[key] = (now + ACTOR_SECONDS, event, participant)
    return event, participant


def live_participant(*, event_id: int, participant_id: int) -> Participant | None:
    """The participant (with the event) behind a live socket, kept like ``live_actor``:
    the socket was opened with the join session, the rules are checked on the locked
    row by every action."""
    key = ("socket", str(participant_id))
    now = time.monotonic()
    if (hit := _actors.get(key)) is not None and hit[0] > now and hit[1].pk == event_id:
        return hit[2]
    participant = (
        Participant.objects.select_related("event").filter(pk=participant_id, event_id=event_id)
    ).first()
    if participant is not None:
        if len(_actors) > 50_000:
            _actors.clear()
        _actors[key] = (now + ACTOR_SECONDS, participant.event, participant)
    return participant


def live_actors_forget() -> None:
    _actors.clear()
