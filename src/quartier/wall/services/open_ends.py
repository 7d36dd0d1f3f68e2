"""Open ends: topics that found no group, kept so that others can pick them up.

Collecting puts every card without a group into the register as *to review*. A
moderator edits, merges or drops entries and marks the good ones public; only those
appear on the public page (and only once the process publishes that page). An entry
can be taken up by a standing group or brought back onto the wall of a later event.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.audit.services import audit_record
from quartier.events.live import event_lock, live_append
from quartier.events.models import Event
from quartier.wall.errors import WallError
from quartier.wall.models import Card, CardStatus, Category, Interest, OpenEnd, OpenEndStatus
from quartier.wall.payloads import card_data

# Entries a moderator can still work on; merged and dropped ones are kept for the record.
ACTIVE = (OpenEndStatus.PENDING, OpenEndStatus.OPEN, OpenEndStatus.REVIVED, OpenEndStatus.TAKEN_UP)
PUBLISHABLE = (OpenEndStatus.OPEN, OpenEndStatus.REVIVED, OpenEndStatus.TAKEN_UP)


@transaction.atomic
def open_ends_collect(*, event: Event, actor: Any) -> list[OpenEnd]:
    """Every visible card without a topic group becomes an open end *to review*."""
    locked = event_lock(event.pk)
    cards = (
        Card.objects.filter(
            event=locked,
            status=CardStatus.VISIBLE,
            topic_groups__isnull=True,
            open_end_entry__isnull=True,
        )
        .select_related("category")
        .annotate(n=Count("votes"))
    )
    created = [
        OpenEnd.objects.create(
            process=locked.process,
            card=card,
            title=card.title,
            text=card.text,
            category=card.category.label,
            votes=card.n,
        )
        for card in cards
    ]
    if created:
        audit_record(
            action="wall.open_ends",
            actor=actor,
            organisation=locked.process.organisation,
            target=locked,
            data={"count": len(created)},
        )
    return created


@transaction.atomic
def open_end_interest(
    *, open_end: OpenEnd, name: str, contact: str, message: str, consent: bool, user: Any = None
) -> Interest:
    """Someone says "I'm interested" on the public page; only with explicit consent."""
    if not consent:
        raise WallError(
            _("Please agree that we may store your details to contact you."), code="consent_missing"
        )
    name, contact = name.strip(), contact.strip()
    if not name or not contact:
        raise WallError(
            _("Please give a name and an e-mail address or phone number."),
            code="interest_incomplete",
        )
    open_end = OpenEnd.objects.get(pk=open_end.pk)  # its state now, not when the page loaded
    if not open_end.is_public or open_end.status not in PUBLISHABLE:
        raise WallError(_("This topic is closed."), code="open_end_closed")
    return Interest.objects.create(
        open_end=open_end,
        name=name[:100],
        contact=contact[:200],
        message=message.strip()[:500],
        consent_at=timezone.now(),
        user=user if getattr(user, "is_authenticated", False) else None,
    )


@transaction.atomic
def open_end_revive(*, open_end: OpenEnd, event: Event, actor: Any) -> Card:
    """Bring an open end back onto the wall of a (later) event of the same process."""
    if event.process_id != open_end.process_id:
        raise WallError(_("Choose an event of the same process."), code="open_end_foreign_event")
    locked = event_lock(event.pk)
    category = (
        Category.objects.filter(event=locked, label=open_end.category).first()
        or Category.objects.filter(event=locked).last()
    )
    if category is None:
        raise WallError(_("The event has no categories."), code="category_missing")
    card = Card.objects.create(
        event=locked, category=category, title=open_end.title, text=open_end.text, open_end=open_end
    )
    if open_end.status not in ACTIVE:
        raise WallError(
            _("Only open ends that are still open can come back."), code="open_end_inactive"
        )
    open_end.status = OpenEndStatus.REVIVED
    open_end.save(update_fields=["status"])
    live_append(event_id=locked.pk, kind="card", data=card_data(card))
    audit_record(
        action="wall.open_end_revive",
        actor=actor,
        organisation=locked.process.organisation,
        target=card,
    )
    return card


def _audit(open_end: OpenEnd, actor: Any, action: str, **data: Any) -> None:
    audit_record(
        action=f"wall.open_end_{action}",
        actor=actor,
        organisation=open_end.process.organisation,
        target=open_end,
        data=data or None,
    )


def _active(open_end: OpenEnd) -> OpenEnd:
    locked = OpenEnd.objects.select_for_update().select_related("process__organisation")
    row = locked.get(pk=open_end.pk)
    if row.status not in ACTIVE:
        raise WallError(
            _("“%(title)s” was merged or dropped already."),
            code="open_end_inactive",
            title=row.title,
        )
    return row


def _mark_reviewed(open_end: OpenEnd, actor: Any) -> None:
    open_end.reviewed_at = timezone.now()
    open_end.reviewed_by = actor if getattr(actor, "is_authenticated", False) else None
    if open_end.status == OpenEndStatus.PENDING:
        open_end.status = OpenEndStatus.OPEN


@transaction.atomic
def open_end_edit(
    *, open_end: OpenEnd, actor: Any, title: str, text: str, category: str = ""
) -> OpenEnd:
    """Correct wording before anyone outside sees it; editing counts as reviewing."""
    row = _active(open_end)
    title = " ".join(title.split())
    if not title:
        raise WallError(_("Please give the topic a title."), code="open_end_title_missing")
    row.title, row.text, row.category = title[:120], text.strip()[:1000], category.strip()[:80]
    _mark_reviewed(row, actor)
    row.save(update_fields=["title", "text", "category", "status", "reviewed_at", "reviewed_by"])
    _audit(row, actor, "edit")
    return row


@transaction.atomic
def open_end_publish(*, open_end: OpenEnd, actor: Any, public: bool) -> OpenEnd:
    """Mark a reviewed entry as shown on the public page (or take it off again)."""
    row = _active(open_end)
    _mark_reviewed(row, actor)
    row.is_public = public
    row.save(update_fields=["is_public", "status", "reviewed_at", "reviewed_by"])
    _audit(row, actor, "publish" if public else "unpublish")
    return row


@transaction.atomic
def open_end_drop(*, open_end: OpenEnd, actor: Any) -> OpenEnd:
    """A test card, a joke, an attack: dropped entries are never public and can be restored."""
    row = _active(open_end)
    _mark_reviewed(row, actor)
    row.status, row.is_public = OpenEndStatus.DROPPED, False
    row.save(update_fields=["is_public", "status", "reviewed_at", "reviewed_by"])
    _audit(row, actor, "drop")
    return row


@transaction.atomic
def open_end_restore(*, open_end: OpenEnd, actor: Any) -> OpenEnd:
    """Undo a drop: the entry goes back to *to review*."""
    row = OpenEnd.objects.select_for_update().get(pk=open_end.pk)
    if row.status != OpenEndStatus.DROPPED:
        raise WallError(_("Only dropped open ends can be restored."), code="open_end_not_dropped")
    row.status, row.reviewed_at, row.reviewed_by = OpenEndStatus.PENDING, None, None
    row.save(update_fields=["status", "reviewed_at", "reviewed_by"])
    _audit(row, actor, "restore")
    return row


@transaction.atomic
def open_end_merge(*, source: OpenEnd, target: OpenEnd, actor: Any) -> OpenEnd:
    """Duplicates become one entry: votes add up and interest moves to the target."""
    if source.pk == target.pk:
        raise WallError(_("Choose another open end to merge into."), code="open_end_merge_self")
    if source.process_id != target.process_id:
        raise WallError(_("Choose an open end of the same process."), code="open_end_foreign")
    first, second = sorted([source.pk, target.pk])
    rows = {
        row.pk: row
        for row in OpenEnd.objects.select_for_update()
        .select_related("process__organisation")
        .filter(pk__in=[first, second])
    }
    src, dst = rows[source.pk], rows[target.pk]
    for row in (src, dst):
        if row.status not in ACTIVE:
            raise WallError(
                _("“%(title)s” was merged or dropped already."),
                code="open_end_inactive",
                title=row.title,
            )
    Interest.objects.filter(open_end=src).update(open_end=dst)
    dst.votes += src.votes
    _mark_reviewed(dst, actor)
    dst.save(update_fields=["votes", "status", "reviewed_at", "reviewed_by"])
    src.status, src.is_public, src.merged_into = OpenEndStatus.MERGED, False, dst
    _mark_reviewed(src, actor)
    src.status = OpenEndStatus.MERGED
    src.save(update_fields=["status", "is_public", "merged_into", "reviewed_at", "reviewed_by"])
    _audit(dst, actor, "merge", merged=src.pk)
    return dst


@transaction.atomic
def open_end_take_up(*, open_end: OpenEnd, group: Any, actor: Any) -> OpenEnd:
    """A standing group of the same process takes the topic on."""
    if group.process_id != open_end.process_id:
        raise WallError(_("Choose a group of the same process."), code="open_end_foreign_group")
    row = _active(open_end)
    _mark_reviewed(row, actor)
    row.status, row.taken_up_by, row.taken_up_at = OpenEndStatus.TAKEN_UP, group, timezone.now()
    row.save(update_fields=["status", "taken_up_by", "taken_up_at", "reviewed_at", "reviewed_by"])
    _audit(row, actor, "take_up", group=group.pk)
    return row
