"""Dot and approval voting with live tallies; closing freezes the result."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.audit.services import audit_record
from quartier.events.live import event_lock, live_append
from quartier.events.models import Event, Participant
from quartier.events.receipts import run_once
from quartier.formats.manifest import Tool
from quartier.wall.errors import WallError
from quartier.wall.models import Card, CardStatus, Vote, VoteMethod, Voting
from quartier.wall.services.guards import require_tool


@transaction.atomic
def voting_open(
    *,
    event: Event,
    actor: Any,
    method: str | None = None,
    dots: int | None = None,
    max_per_card: int | None = None,
) -> Voting:
    locked = event_lock(event.pk)
    voting = Voting.objects.get(event=locked)
    if voting.closed_at is not None:
        raise WallError(_("The vote is closed; its result is final."), code="vote_closed")
    if voting.votes.exists() and (method, dots, max_per_card) != (None, None, None):
        raise WallError(
            _("Votes have been cast; the rules can no longer change."), code="vote_rules_locked"
        )
    if method is not None:
        if method not in VoteMethod.values:
            raise WallError(_("Unknown voting method."), code="vote_method_unknown")
        voting.method = method
    if dots is not None:
        if not 1 <= dots <= 50:
            raise WallError(_("Give each person between 1 and 50 dots."), code="vote_dots_range")
        voting.dots = dots
    if max_per_card is not None:
        voting.max_per_card = max(1, max_per_card)
    voting.opened_at = voting.opened_at or timezone.now()
    voting.save(update_fields=["method", "dots", "max_per_card", "opened_at"])
    live_append(event_id=locked.pk, kind="voting", data={"open": True})
    audit_record(
        action="wall.vote_open",
        actor=actor,
        organisation=locked.process.organisation,
        target=locked,
    )
    return voting


def _tally(voting: Voting) -> list[dict[str, Any]]:
    rows = (
        Card.objects.filter(event_id=voting.event_id, status=CardStatus.VISIBLE)
        .annotate(n=Count("votes"))
        .order_by("-n", "title")
        .values("pk", "title", "n")
    )
    return [{"card": row["pk"], "title": row["title"], "votes": row["n"]} for row in rows]


@transaction.atomic
def voting_close(*, event: Event, actor: Any) -> Voting:
    locked = event_lock(event.pk)
    voting = Voting.objects.get(event=locked)
    if voting.closed_at is not None:
        return voting
    voting.closed_at = timezone.now()
    voting.opened_at = voting.opened_at or voting.closed_at
    voting.result = _tally(voting)
    voting.save(update_fields=["closed_at", "opened_at", "result"])
    live_append(
        event_id=locked.pk, kind="voting", data={"open": False, "result": voting.result[:50]}
    )
    audit_record(
        action="wall.vote_close",
        actor=actor,
        organisation=locked.process.organisation,
        target=locked,
    )
    return voting


def vote_cast(*, card: Card, participant: Participant, token: object) -> dict[str, Any]:
    """Place one dot (or an approval) on ``card``.

    Runs with the event locked, so the checks below see every earlier vote; the unique
    (voting, participant, dot) constraint would stop an extra dot even without the lock.
    """

    def perform(locked: Event) -> dict[str, Any]:
        require_tool(locked, Tool.VOTE)
        voting = Voting.objects.get(event=locked)
        if not voting.is_open:
            raise WallError(_("Voting is not open."), code="vote_not_open")
        current = Card.objects.get(pk=card.pk)
        if current.status != CardStatus.VISIBLE or current.event_id != locked.pk:
            raise WallError(_("This card is no longer on the wall."), code="card_gone")
        used = Vote.objects.filter(voting=voting, participant=participant).aggregate(
            n=Count("pk"), last=Max("dot"), here=Count("pk", filter=Q(card=current))
        )
        limit = 1 if voting.method == VoteMethod.APPROVAL else voting.max_per_card
        if used["here"] >= limit:
            raise WallError(_("You have already voted for this card."), code="vote_twice")
        if voting.method == VoteMethod.DOTS and used["n"] >= voting.dots:
            raise WallError(
                _("You have used all your %(dots)s dots."),
                code="vote_no_dots_left",
                dots=voting.dots,
            )
        Vote.objects.create(
            voting=voting, card=current, participant=participant, dot=(used["last"] or 0) + 1
        )
        tally = current.votes.count()
        live_append(event_id=locked.pk, kind="tally", data={"id": current.pk, "votes": tally})
        return {"card": current.pk, "votes": tally}

    return run_once(
        event_id=card.event_id, token=token, participant=participant, action="vote", perform=perform
    )


def vote_withdraw(*, card: Card, participant: Participant, token: object) -> dict[str, Any]:
    """Take back one of the participant's dots on ``card`` (the last one placed there).

    The remaining dots are renumbered 1..n, so the next dot gets a free number and the
    unique (voting, participant, dot) constraint still caps the total.
    """

    def perform(locked: Event) -> dict[str, Any]:
        require_tool(locked, Tool.VOTE)
        voting = Voting.objects.get(event=locked)
        if not voting.is_open:
            raise WallError(_("Voting is not open."), code="vote_not_open")
        current = Card.objects.get(pk=card.pk)
        mine = Vote.objects.filter(voting=voting, participant=participant)
        last = mine.filter(card=current).order_by("-dot").first()
        if last is None:
            raise WallError(_("You have no dot on this card."), code="vote_none_to_withdraw")
        last.delete()
        for number, vote in enumerate(mine.order_by("dot"), start=1):
            if vote.dot != number:
                Vote.objects.filter(pk=vote.pk).update(dot=number)
        tally = current.votes.count()
        if current.status == CardStatus.VISIBLE:
            live_append(event_id=locked.pk, kind="tally", data={"id": current.pk, "votes": tally})
        return {"card": current.pk, "votes": tally}

    return run_once(
        event_id=card.event_id,
        token=token,
        participant=participant,
        action="unvote",
        perform=perform,
    )
