"""Posting, supporting and tending topic cards."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from quartier.audit.services import audit_record
from quartier.events.live import event_lock, live_append
from quartier.events.models import Event, Participant
from quartier.events.receipts import run_once
from quartier.formats.manifest import Tool
from quartier.wall.errors import WallError
from quartier.wall.models import Card, CardStatus, Category, Supporter, Vote, Voting
from quartier.wall.payloads import card_data
from quartier.wall.services.guards import require_tool

TITLE_MAX = 120


def wall_prepare(*, event: Event) -> None:
    """Create the categories from the event's settings and its (closed) voting."""
    labels = [
        label.strip() for label in str(event.setting("categories")).split(";") if label.strip()
    ]
    for order, label in enumerate(dict.fromkeys(labels)):
        Category.objects.get_or_create(event=event, label=label[:80], defaults={"order": order})
    Voting.objects.get_or_create(
        event=event,
        defaults={
            "method": event.setting("vote_method"),
            "dots": event.setting("dots"),
            "max_per_card": event.setting("max_dots_per_card"),
        },
    )


def _clean_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise WallError(_("Please write a topic."), code="title_missing")
    if len(title) > TITLE_MAX:
        raise WallError(
            _("Please keep the topic under %(max)s characters."),
            code="title_too_long",
            max=TITLE_MAX,
        )
    return title


def _category(event: Event, category_id: object) -> Category:
    category = (
        Category.objects.filter(event=event, pk=str(category_id)).first()
        if str(category_id).isdigit()
        else None
    )
    if category is None:
        raise WallError(_("Please choose a category."), code="category_missing")
    return category


def _publish(card: Card, *, new: bool = False) -> None:
    live_append(event_id=card.event_id, kind="card", data=card_data(card, new=new))


def card_post(
    *,
    event: Event,
    participant: Participant | None,
    title: str,
    text: str = "",
    category_id: object,
    token: object,
) -> dict[str, Any]:
    """Post a card; returns ``{"card": id, "replayed": bool}``."""
    clean_title = _clean_title(title)

    def perform(locked: Event) -> dict[str, Any]:
        if participant is not None:  # the team may add cards in any phase
            require_tool(locked, Tool.WALL)
        card = Card.objects.create(
            event=locked,
            category=_category(locked, category_id),
            title=clean_title,
            text=text.strip()[:1000],
            author=participant,
        )
        _publish(card, new=True)
        return {"card": card.pk}

    return run_once(
        event_id=event.pk, token=token, participant=participant, action="card", perform=perform
    )


def card_support(*, card: Card, participant: Participant, token: object) -> dict[str, Any]:
    """ "I have this too": joins a card instead of posting a duplicate (once per person)."""

    def perform(locked: Event) -> dict[str, Any]:
        require_tool(locked, Tool.WALL)
        current = Card.objects.get(pk=card.pk)
        if current.status != CardStatus.VISIBLE:
            raise WallError(_("This card is no longer on the wall."), code="card_gone")
        _supporter, created = Supporter.objects.get_or_create(card=current, participant=participant)
        if created:
            _publish(current)
        return {"card": current.pk}

    return run_once(
        event_id=card.event_id,
        token=token,
        participant=participant,
        action="support",
        perform=perform,
    )


@transaction.atomic
def card_edit(*, card: Card, actor: Any, title: str, text: str, category_id: object) -> Card:
    event = event_lock(card.event_id)
    card = Card.objects.get(pk=card.pk)
    card.title, card.text, card.category = (
        _clean_title(title),
        text.strip()[:1000],
        _category(event, category_id),
    )
    card.save(update_fields=["title", "text", "category"])
    _publish(card)
    audit_record(
        action="wall.card_edit", actor=actor, organisation=event.process.organisation, target=card
    )
    return card


@transaction.atomic
def card_hide(*, card: Card, actor: Any, reason: str) -> Card:
    reason = reason.strip()
    if not reason:
        raise WallError(_("Please give a reason for hiding the card."), code="reason_missing")
    event = event_lock(card.event_id)
    card = Card.objects.get(pk=card.pk)
    card.status, card.hidden_reason = CardStatus.HIDDEN, reason[:200]
    card.save(update_fields=["status", "hidden_reason"])
    _publish(card)
    audit_record(
        action="wall.card_hide",
        actor=actor,
        organisation=event.process.organisation,
        target=card,
        data={"reason": reason},
    )
    return card


@transaction.atomic
def card_unhide(*, card: Card, actor: Any) -> Card:
    event = event_lock(card.event_id)
    card = Card.objects.get(pk=card.pk)
    if card.status != CardStatus.HIDDEN:
        raise WallError(_("Only hidden cards can be shown again."), code="card_not_hidden")
    card.status, card.hidden_reason = CardStatus.VISIBLE, ""
    card.save(update_fields=["status", "hidden_reason"])
    _publish(card)
    audit_record(
        action="wall.card_unhide", actor=actor, organisation=event.process.organisation, target=card
    )
    return card


@transaction.atomic
def card_pin(*, card: Card, actor: Any, pinned: bool) -> Card:
    event_lock(card.event_id)
    Card.objects.filter(pk=card.pk).update(pinned=pinned)
    card = Card.objects.get(pk=card.pk)
    _publish(card)
    return card


@transaction.atomic
def card_merge(*, source: Card, target: Card, actor: Any) -> Card:
    """Merge ``source`` into ``target``: its votes and supporters move to ``target``.

    Someone who supported both stays one supporter. With approval voting a person who
    approved both keeps a single approval; dots all move, as they were placed.
    """
    if source.pk == target.pk or source.event_id != target.event_id:
        raise WallError(_("Choose two different cards of the same event."), code="merge_same_card")
    event = event_lock(source.event_id)
    source, target = Card.objects.get(pk=source.pk), Card.objects.get(pk=target.pk)
    if source.status != CardStatus.VISIBLE or target.status != CardStatus.VISIBLE:
        raise WallError(_("Only cards on the wall can be merged."), code="merge_not_visible")
    voting = Voting.objects.get(event=event)
    if voting.closed_at is not None:
        raise WallError(
            _("The vote is closed; merging would change its result."), code="merge_after_vote"
        )
    supporters_there = set(target.supporters.values_list("participant_id", flat=True))
    Supporter.objects.filter(card=source, participant_id__in=supporters_there).delete()
    Supporter.objects.filter(card=source).update(card=target)
    if voting.method == "approval":
        approved_there = set(target.votes.values_list("participant_id", flat=True))
        Vote.objects.filter(card=source, participant_id__in=approved_there).delete()
    Vote.objects.filter(card=source).update(card=target)
    source.status, source.merged_into = CardStatus.MERGED, target
    source.save(update_fields=["status", "merged_into"])
    if source.text and source.text not in target.text:
        target.text = f"{target.text}\n{source.title}: {source.text}".strip()[:1000]
        target.save(update_fields=["text"])
    live_append(
        event_id=event.pk, kind="merge", data={"from": source.pk, "into": card_data(target)}
    )
    audit_record(
        action="wall.card_merge",
        actor=actor,
        organisation=event.process.organisation,
        target=target,
        data={"from": source.pk},
    )
    return target


@transaction.atomic
def card_split(*, card: Card, actor: Any, titles: Sequence[str]) -> list[Card]:
    """Split a card that holds several topics: it keeps the first title (and its votes),
    every further title becomes a new card in the same category."""
    clean = [_clean_title(t) for t in titles if t.strip()]
    if len(clean) < 2:
        raise WallError(
            _("Write at least two topics to split the card into."), code="split_too_few"
        )
    event = event_lock(card.event_id)
    card = Card.objects.get(pk=card.pk)
    card.title = clean[0]
    card.save(update_fields=["title"])
    _publish(card)
    created = [card]
    for title in clean[1:]:
        part = Card.objects.create(
            event=event, category=card.category, title=title, split_from=card
        )
        _publish(part)
        created.append(part)
    audit_record(
        action="wall.card_split",
        actor=actor,
        organisation=event.process.organisation,
        target=card,
        data={"titles": clean},
    )
    return created
