"""The event's tables, as header + rows of plain values, shared by CSV and XLSX."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from quartier.events.models import Event
from quartier.wall.models import Card, Vote
from quartier.wall.selectors import topic_groups


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    header: list[str]
    rows: list[list[object]]


def wall_table(event: Event) -> Table:
    cards = (
        Card.objects.filter(event=event)
        .select_related("category", "merged_into")
        .order_by("category__order", "pk")
    )
    rows = [
        [
            c.pk,
            c.category.label,
            c.title,
            c.text,
            c.get_status_display(),
            c.hidden_reason,
            c.merged_into.title if c.merged_into else "",
            c.votes.count(),
            c.supporters.count(),
            c.created_at.isoformat(timespec="seconds"),
        ]
        for c in cards
    ]
    header = [
        _("No."),
        _("Category"),
        _("Topic"),
        _("Details"),
        _("Status"),
        _("Reason for hiding"),
        _("Merged into"),
        _("Votes"),
        _("Supporters"),
        _("Posted at"),
    ]
    return Table("wall", _("Wall"), header, rows)


def votes_table(event: Event) -> Table:
    votes = Vote.objects.filter(card__event=event).select_related("card").order_by("card_id", "pk")
    # Votes are secret: the export names the card, the dot number and the time, never the person.
    rows = [
        [v.card_id, v.card.title, v.dot, v.created_at.isoformat(timespec="seconds")] for v in votes
    ]
    return Table("votes", _("Votes"), [_("Card no."), _("Topic"), _("Dot"), _("Cast at")], rows)


def groups_table(event: Event) -> Table:
    rows = [
        [
            g.pk,
            g.title,
            g.host,
            g.room.name if g.room else "",
            g.slot.label if g.slot else "",
            g.capacity or "",
            g.size,  # type: ignore[attr-defined]  # annotated by topic_groups()
            g.idea_what,
            g.idea_who,
            g.idea_first_step,
            g.idea_when,
            g.standing_group.title if g.standing_group else "",
        ]
        for g in topic_groups(event=event)
    ]
    header = [
        _("No."),
        _("Topic group"),
        _("Host"),
        _("Room"),
        _("Time slot"),
        _("Capacity"),
        _("Members"),
        _("What"),
        _("Who"),
        _("First step"),
        _("When"),
        _("Standing group"),
    ]
    return Table("groups", _("Groups"), header, rows)


TABLES = {"wall": wall_table, "votes": votes_table, "groups": groups_table}
