"""What a meeting produces: topics, concerns, a summary, next steps, agenda and decisions."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from quartier.audit.services import audit_record
from quartier.core.errors import DomainError
from quartier.meetings.live import meeting_changed
from quartier.meetings.models import AgendaItem, Concern, Decision, Meeting, Topic


def _audit(meeting: Meeting, actor: Any, action: str, **data: Any) -> None:
    audit_record(
        action=f"meeting.{action}",
        actor=actor,
        organisation=meeting.organisation,
        target=meeting,
        data=data,
    )


def _required(text: str, what: str) -> str:
    text = text.strip()
    if not text:
        raise DomainError(_("Please fill in: %(what)s"), code="required", what=what)
    return text


@transaction.atomic
def topic_add(*, meeting: Meeting, actor: Any, title: str) -> Topic:
    topic = Topic.objects.create(meeting=meeting, title=_required(title, str(_("topic")))[:300])
    _audit(meeting, actor, "topic_added", topic=topic.pk)
    meeting_changed(meeting)
    return topic


@transaction.atomic
def concern_add(
    *, meeting: Meeting, actor: Any, title: str, shared_by: int, readiness: int, details: str = ""
) -> Concern:
    if not 1 <= readiness <= 5:
        raise DomainError(
            _("Readiness to act goes from 1 to 5, not %(value)s."),
            code="bad_readiness",
            value=readiness,
        )
    if shared_by < 1:
        raise DomainError(
            _("At least one person shares a concern, not %(value)s."),
            code="bad_shared_by",
            value=shared_by,
        )
    concern = Concern.objects.create(
        meeting=meeting,
        title=_required(title, str(_("concern")))[:300],
        details=details.strip(),
        shared_by=shared_by,
        readiness=readiness,
    )
    _audit(meeting, actor, "concern_added", concern=concern.pk)
    meeting_changed(meeting)
    return concern


@transaction.atomic
def concern_delete(*, concern: Concern, actor: Any) -> None:
    meeting = concern.meeting
    concern.delete()
    _audit(meeting, actor, "concern_deleted")
    meeting_changed(meeting)


@transaction.atomic
def summary_save(*, meeting: Meeting, actor: Any, summary: str) -> Meeting:
    meeting.summary = summary.strip()
    meeting.save(update_fields=["summary", "updated_at"])
    _audit(meeting, actor, "summary_saved")
    meeting_changed(meeting)
    return meeting


@transaction.atomic
def result_note_save(*, meeting: Meeting, actor: Any, note: str) -> Meeting:
    """The shareable, non-confidential result of a consultation; no case content belongs here."""
    meeting.result_note = note.strip()
    meeting.save(update_fields=["result_note", "updated_at"])
    _audit(meeting, actor, "result_note_saved")
    meeting_changed(meeting)
    return meeting


@transaction.atomic
def next_step_add(
    *,
    meeting: Meeting,
    actor: Any,
    title: str,
    owner: Any = None,
    owner_name: str = "",
    owner_contact: Any = None,
    due_on: date | None = None,
) -> Any:
    """A next step is a task (``quartier.followups``) with an owner and a due date.

    A typed name that is an invited contact's name becomes a link to that contact, so the
    step shows their current name and an erasure removes it.
    """
    from quartier.followups.services import task_create

    if owner is None and owner_contact is None and owner_name.strip():
        typed = owner_name.strip().casefold()
        for invitee in meeting.invitees.filter(contact__isnull=False).select_related("contact"):
            if (
                invitee.contact is not None
                and invitee.contact.full_name.strip().casefold() == typed
            ):
                owner_contact, owner_name = invitee.contact, ""
                break
    if owner_contact is not None and owner_contact.organisation_id != meeting.organisation_id:
        raise DomainError(_("The contact belongs to another organisation."), code="owner_outsider")
    if owner is None and owner_contact is None and not owner_name.strip():
        raise DomainError(_("Name the person who takes care of this step."), code="owner_missing")
    if due_on is None:
        raise DomainError(_("Give the step a due date."), code="due_missing")
    task = task_create(
        organisation=meeting.organisation,
        actor=actor,
        title=_required(title, str(_("next step")))[:300],
        process=meeting.process,
        owner=owner,
        owner_contact=owner_contact,
        owner_name=owner_name,
        due_on=due_on,
        source=meeting,
    )
    meeting_changed(meeting)
    return task


@transaction.atomic
def agenda_item_add(*, meeting: Meeting, actor: Any, title: str) -> AgendaItem:
    last = meeting.agenda_items.aggregate(last=Max("position"))["last"]
    item = AgendaItem.objects.create(
        meeting=meeting,
        title=_required(title, str(_("agenda item")))[:300],
        position=(last or 0) + 1,
    )
    _audit(meeting, actor, "agenda_item_added", item=item.pk)
    meeting_changed(meeting)
    return item


@transaction.atomic
def decision_add(
    *, meeting: Meeting, actor: Any, text: str, agenda_item: AgendaItem | None = None
) -> Decision:
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise DomainError(_("The agenda item belongs to another meeting."), code="item_mismatch")
    decision = Decision.objects.create(
        meeting=meeting, text=_required(text, str(_("decision"))), agenda_item=agenda_item
    )
    _audit(meeting, actor, "decision_added", decision=decision.pk)
    meeting_changed(meeting)
    return decision
