"""Plan meetings: create, change, invite, record attendance, finish."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.audit.services import audit_record
from quartier.core.errors import DomainError
from quartier.formats.registry import get_format
from quartier.meetings.live import meeting_changed
from quartier.meetings.models import Invitee, Meeting, MeetingPhase, MeetingStatus
from quartier.meetings.rules import moderated_groups


def _check_group(*, actor: Any, process: Any, group: Any) -> None:
    """Key persons who plan only through a group they moderate must pick that group."""
    from quartier.organisations.rules import is_org_organizer

    if group is not None and group.process_id != process.pk:
        raise DomainError(_("The group belongs to another process."), code="group_mismatch")
    if is_org_organizer(actor, process.organisation):
        return
    if process.team_memberships.filter(user=actor).exists():
        return
    allowed = moderated_groups(actor, process)
    if group is None or not allowed.filter(pk=group.pk).exists():
        raise DomainError(
            _("Choose the group you moderate: you can plan meetings for your own groups."),
            code="group_required",
        )


def _clean_settings(format_key: str, values: dict[str, Any] | None) -> dict[str, Any]:
    manifest = get_format(format_key)
    cleaned = manifest.default_settings()
    for spec in manifest.settings:
        if values is None or spec.key not in values:
            continue
        value = values[spec.key]
        if spec.kind == "int":
            value = int(value)
            if spec.minimum is not None and value < spec.minimum:
                value = spec.minimum
            if spec.maximum is not None and value > spec.maximum:
                value = spec.maximum
        elif spec.kind == "bool":
            value = bool(value)
        elif spec.kind == "choice" and value not in {key for key, _label in spec.choices}:
            raise DomainError(
                _("%(value)s is not a valid choice for %(setting)s."),
                code="bad_setting",
                value=value,
                setting=str(spec.label),
            )
        cleaned[spec.key] = value
    return cleaned


@transaction.atomic
def meeting_create(
    *,
    process: Any,
    actor: Any,
    format_key: str,
    title: str,
    starts_at: datetime,
    place: str = "",
    place_ref: Any = None,
    moderator: Any = None,
    group: Any = None,
    settings: dict[str, Any] | None = None,
    invite_users: Iterable[Any] = (),
    invite_contacts: Iterable[Any] = (),
) -> Meeting:
    manifest = get_format(format_key)
    _check_group(actor=actor, process=process, group=group)
    meeting = Meeting.objects.create(
        organisation=process.organisation,
        process=process,
        group=group,
        format_key=manifest.key,
        title=title.strip(),
        starts_at=starts_at,
        place=place.strip(),
        place_ref=place_ref,
        moderator=moderator,
        format_settings=_clean_settings(manifest.key, settings),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    MeetingPhase.objects.bulk_create(
        [
            MeetingPhase(
                meeting=meeting, position=i, phase_key=spec.key, minutes=spec.default_minutes
            )
            for i, spec in enumerate(manifest.phases)
        ]
    )
    _add_invitees(meeting, invite_users, invite_contacts)
    audit_record(
        action="meeting.created",
        actor=actor,
        organisation=process.organisation,
        target=meeting,
        data={"format": manifest.key},
    )
    return meeting


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    actor: Any,
    title: str,
    starts_at: datetime,
    place: str = "",
    place_ref: Any = None,
    moderator: Any = None,
    group: Any = None,
    settings: dict[str, Any] | None = None,
) -> Meeting:
    if (group.pk if group else None) != meeting.group_id:
        _check_group(actor=actor, process=meeting.process, group=group)
    meeting.title = title.strip()
    meeting.starts_at = starts_at
    meeting.place = place.strip()
    meeting.place_ref = place_ref
    meeting.moderator = moderator
    meeting.group = group
    meeting.format_settings = _clean_settings(
        meeting.format_key, {**meeting.format_settings, **(settings or {})}
    )
    meeting.save(
        update_fields=[
            "title",
            "starts_at",
            "place",
            "place_ref",
            "moderator",
            "group",
            "format_settings",
            "updated_at",
        ]
    )
    audit_record(
        action="meeting.updated", actor=actor, organisation=meeting.organisation, target=meeting
    )
    meeting_changed(meeting)
    return meeting


def _add_invitees(meeting: Meeting, users: Iterable[Any], contacts: Iterable[Any]) -> int:
    org_users = set(meeting.organisation.memberships.values_list("user_id", flat=True))
    added = 0
    for user in users:
        if user.pk not in org_users:
            raise DomainError(
                _("Only members of the organisation can be invited as users."),
                code="invitee_outsider",
            )
        _invitee, created = Invitee.objects.get_or_create(
            meeting=meeting,
            user=user,
            defaults={"name": str(user), "email": user.email},
        )
        added += created
    for contact in contacts:
        if contact.organisation_id != meeting.organisation_id:
            raise DomainError(
                _("The contact belongs to another organisation."), code="invitee_outsider"
            )
        if (
            contact.user_id
            and Invitee.objects.filter(meeting=meeting, user_id=contact.user_id).exists()
        ):
            Invitee.objects.filter(meeting=meeting, user_id=contact.user_id).update(contact=contact)
            continue
        _invitee, created = Invitee.objects.get_or_create(
            meeting=meeting,
            contact=contact,
            defaults={
                "name": str(contact),
                "email": contact.email,
                "user_id": contact.user_id,
            },
        )
        added += created
    return added


@transaction.atomic
def invitees_add(
    *,
    meeting: Meeting,
    actor: Any,
    users: Iterable[Any] = (),
    contacts: Iterable[Any] = (),
    names: Iterable[str] = (),
) -> int:
    added = _add_invitees(meeting, users, contacts)
    for name in names:
        if name.strip():
            Invitee.objects.create(meeting=meeting, name=name.strip()[:200])
            added += 1
    audit_record(
        action="meeting.invitees_added",
        actor=actor,
        organisation=meeting.organisation,
        target=meeting,
        data={"count": added},
    )
    meeting_changed(meeting)
    return added


@transaction.atomic
def invitee_remove(*, invitee: Invitee, actor: Any) -> None:
    meeting = invitee.meeting
    _withdraw(invitee)
    invitee.delete()
    audit_record(
        action="meeting.invitee_removed",
        actor=actor,
        organisation=meeting.organisation,
        target=meeting,
    )
    meeting_changed(meeting)


def _contact_for_user(meeting: Meeting, user: Any) -> Any:
    from quartier.reach.models import Contact

    if user is None:
        return None
    return Contact.objects.filter(
        organisation=meeting.organisation, user=user, erased_at__isnull=True
    ).first()


def _invitee_contact(invitee: Invitee) -> Any:
    return invitee.contact or _contact_for_user(invitee.meeting, invitee.user)


def _record(meeting: Meeting, contact: Any, role: str) -> None:
    from quartier.reach.services import participation_record

    if contact is None:
        return
    participation_record(
        contact=contact,
        source=meeting,
        kind="meeting",
        role=role,
        occurred_at=meeting.starts_at,
        process=meeting.process,
        label=meeting.title,
    )


def _withdraw(invitee: Invitee) -> None:
    from quartier.reach.services import participation_withdraw

    contact = _invitee_contact(invitee)
    if contact is not None:
        participation_withdraw(contact=contact, source=invitee.meeting, role="attendee")


@transaction.atomic
def attendance_set(*, invitee: Invitee, actor: Any, attended: bool) -> Invitee:
    """Attendance feeds the participation ledger (coverage, key-person paths) at once."""
    invitee.attended = attended
    invitee.save(update_fields=["attended"])
    if attended:
        _record(invitee.meeting, _invitee_contact(invitee), "attendee")
    else:
        _withdraw(invitee)
    audit_record(
        action="meeting.attendance_set",
        actor=actor,
        organisation=invitee.meeting.organisation,
        target=invitee.meeting,
        data={"invitee": invitee.pk, "attended": attended},
    )
    meeting_changed(invitee.meeting)
    return invitee


@transaction.atomic
def meeting_finish(*, meeting: Meeting, actor: Any) -> Meeting:
    """End the meeting: stop the timer, record leadership, purge confidential content."""
    from quartier.meetings.services.consultation import cases_purge

    if meeting.is_finished:
        return meeting
    now = timezone.now()
    if meeting.current_phase_id:
        MeetingPhase.objects.filter(pk=meeting.current_phase_id, ended_at__isnull=True).update(
            ended_at=now
        )
    meeting.status = MeetingStatus.FINISHED
    meeting.finished_at = now
    meeting.started_at = meeting.started_at or now
    meeting.timer_running_since = None
    meeting.current_phase = None
    meeting.save(
        update_fields=[
            "status",
            "finished_at",
            "started_at",
            "timer_running_since",
            "current_phase",
            "updated_at",
        ]
    )
    _record(meeting, _contact_for_user(meeting, meeting.moderator), "moderator")
    if meeting.created_by_id:  # planning a meeting is a step on a key person's path too
        _record(meeting, _contact_for_user(meeting, meeting.created_by), "organizer")
    for invitee in meeting.invitees.filter(attended=True).select_related("contact", "user"):
        _record(meeting, _invitee_contact(invitee), "attendee")
    cases_purge(meeting=meeting, actor=actor)
    audit_record(
        action="meeting.finished", actor=actor, organisation=meeting.organisation, target=meeting
    )
    meeting_changed(meeting)
    return meeting
