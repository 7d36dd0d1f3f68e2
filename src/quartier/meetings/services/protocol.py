"""A protocol comes out of the meeting by itself, can be corrected, then finalized; after
finalizing, every correction is kept as a new version."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.audit.services import audit_record
from quartier.core.errors import DomainError
from quartier.meetings.models import Meeting, Protocol, ProtocolStatus, ProtocolVersion
from quartier.meetings.protocol.markdown import protocol_markdown
from quartier.meetings.selectors.protocol import protocol_data


def _generate(meeting: Meeting) -> str:
    return protocol_markdown(protocol_data(meeting=meeting))


@transaction.atomic
def protocol_get_or_create(*, meeting: Meeting, actor: Any) -> Protocol:
    protocol = Protocol.objects.filter(meeting=meeting).first()
    if protocol is not None and not protocol.is_final and not protocol.edited:
        body = _generate(meeting)
        if body != protocol.body:
            protocol.body = body
            protocol.save(update_fields=["body", "updated_at"])
    if protocol is None:
        protocol = Protocol.objects.create(meeting=meeting, body=_generate(meeting))
        audit_record(
            action="protocol.created",
            actor=actor,
            organisation=meeting.organisation,
            target=meeting,
        )
    return protocol


@transaction.atomic
def protocol_regenerate(*, protocol: Protocol, actor: Any) -> Protocol:
    if protocol.is_final:
        raise DomainError(
            _("A finalized protocol is not rebuilt; correct it instead."), code="protocol_final"
        )
    protocol.body = _generate(protocol.meeting)
    protocol.edited = False
    protocol.save(update_fields=["body", "edited", "updated_at"])
    audit_record(
        action="protocol.regenerated",
        actor=actor,
        organisation=protocol.meeting.organisation,
        target=protocol.meeting,
    )
    return protocol


def _next_number(protocol: Protocol) -> int:
    return (protocol.versions.aggregate(last=Max("number"))["last"] or 0) + 1


@transaction.atomic
def protocol_correct(*, protocol: Protocol, actor: Any, body: str, reason: str = "") -> Protocol:
    if not body.strip():
        raise DomainError(_("The protocol cannot be empty."), code="protocol_empty")
    if protocol.is_final:
        if not reason.strip():
            raise DomainError(
                _("Say briefly why the finalized protocol is corrected."), code="reason_missing"
            )
        number = _next_number(protocol)
        ProtocolVersion.objects.create(
            protocol=protocol,
            number=number,
            body=body.strip() + "\n",
            reason=reason.strip()[:300],
            created_by=actor,
        )
    protocol.body = body.strip() + "\n"
    protocol.edited = True
    protocol.save(update_fields=["body", "edited", "updated_at"])
    audit_record(
        action="protocol.corrected",
        actor=actor,
        organisation=protocol.meeting.organisation,
        target=protocol.meeting,
        data={"final": protocol.is_final},
    )
    return protocol


@transaction.atomic
def protocol_finalize(*, protocol: Protocol, actor: Any, send: bool = False) -> Protocol:
    """Finalize; with ``send`` the worker e-mails it to the participants after commit."""
    if protocol.is_final:
        return protocol
    protocol.status = ProtocolStatus.FINAL
    protocol.finalized_at = timezone.now()
    protocol.save(update_fields=["status", "finalized_at", "updated_at"])
    ProtocolVersion.objects.create(
        protocol=protocol, number=_next_number(protocol), body=protocol.body, created_by=actor
    )
    audit_record(
        action="protocol.finalized",
        actor=actor,
        organisation=protocol.meeting.organisation,
        target=protocol.meeting,
        data={"sent": send},
    )
    if send:
        from quartier.meetings.tasks import send_protocol

        meeting_pk = protocol.meeting_id
        transaction.on_commit(lambda: send_protocol.enqueue(meeting_pk=meeting_pk))
    return protocol
