"""Writes for the volunteer board: needs, offers (with consent, expiry and withdrawal),
responses that reach the moderator, and confirmed matches."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from quartier.audit.services import audit_record
from quartier.core.emails import mail_queue
from quartier.core.errors import DomainError
from quartier.volunteers.models import (
    Match,
    Need,
    NeedStatus,
    Offer,
    Response,
    ResponseStatus,
    TimeOfWeek,
)

OFFER_DAYS_DEFAULT, OFFER_DAYS_MAX = 90, 365


class VolunteerError(DomainError):
    code = "volunteer_error"


def _times(values: Iterable[str]) -> list[str]:
    return [v for v in dict.fromkeys(values) if v in TimeOfWeek.values]


def _check_reach(email: str, phone: str) -> None:
    if not email and not phone:
        raise VolunteerError(
            _("Please give an e-mail address or a phone number."), code="reach_missing"
        )
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise VolunteerError(
                _("Please check the e-mail address: %(value)s"), code="email_invalid", value=email
            ) from None
    if phone and sum(ch.isdigit() for ch in phone) < 6:
        raise VolunteerError(
            _("Please check the phone number: %(value)s"), code="phone_invalid", value=phone
        )


@transaction.atomic
def need_create(
    *,
    process: Any,
    actor: Any,
    title: str,
    description: str = "",
    role: str = "",
    skills: str = "",
    times: Iterable[str] = (),
    when: str = "",
    place: str = "",
    neighbourhood: str = "",
    people_needed: int = 1,
    group: Any = None,
) -> Need:
    title = " ".join(title.split())
    if not title:
        raise VolunteerError(_("Say what is needed."), code="need_title_missing")
    if group is not None and group.process_id != process.pk:
        raise VolunteerError(_("Choose a group of the same process."), code="need_foreign_group")
    need = Need.objects.create(
        process=process,
        group=group,
        title=title[:200],
        description=description.strip()[:2000],
        role=role.strip()[:120],
        skills=skills.strip()[:300],
        times=_times(times),
        when=when.strip()[:200],
        place=place.strip()[:200],
        neighbourhood=(neighbourhood.strip() or process.area)[:200],
        people_needed=max(1, people_needed),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        action="volunteers.need_created",
        actor=actor,
        organisation=process.organisation,
        target=need,
    )
    return need


@transaction.atomic
def need_set_status(*, need: Need, actor: Any, status: str) -> Need:
    if status not in NeedStatus.values:
        raise VolunteerError(_("Unknown status: %(status)s"), code="need_status", status=status)
    need.status = status
    need.save(update_fields=["status"])
    audit_record(
        action=f"volunteers.need_{status}",
        actor=actor,
        organisation=need.process.organisation,
        target=need,
    )
    return need


def _withdraw_url(offer: Offer) -> str:
    return settings.SITE_URL + reverse(
        "volunteers:withdraw",
        args=[offer.process.organisation.slug, offer.process.slug, offer.token],
    )


@transaction.atomic
def offer_create(
    *,
    process: Any,
    name: str,
    skills: str,
    consent: bool,
    email: str = "",
    phone: str = "",
    times: Iterable[str] = (),
    neighbourhood: str = "",
    message: str = "",
    days: int = OFFER_DAYS_DEFAULT,
) -> Offer:
    """An offer from the public page: only with consent, valid for ``days`` (at most a year).
    With an e-mail address the person gets a private link to withdraw it."""
    if not consent:
        raise VolunteerError(
            _("Please agree that we may store your details to contact you."),
            code="consent_missing",
        )
    name, email, phone = " ".join(name.split())[:100], email.strip(), phone.strip()[:50]
    if not name:
        raise VolunteerError(_("Please give your name."), code="name_missing")
    if not skills.strip():
        raise VolunteerError(_("Say what you can do."), code="skills_missing")
    _check_reach(email, phone)
    offer = Offer.objects.create(
        process=process,
        name=name,
        email=email,
        phone=phone,
        skills=skills.strip()[:300],
        times=_times(times),
        neighbourhood=neighbourhood.strip()[:200],
        message=message.strip()[:500],
        consent_at=timezone.now(),
        expires_on=timezone.localdate() + timedelta(days=min(max(days, 1), OFFER_DAYS_MAX)),
    )
    if email:
        with translation.override(settings.LANGUAGE_CODE):
            mail_queue(
                subject=gettext("Your offer: %(process)s") % {"process": process.title},
                body=gettext(
                    "Thank you for your offer. It is valid until %(date)s; after that your "
                    "details are deleted. To withdraw it earlier, open this link:\n%(url)s"
                )
                % {"date": offer.expires_on.strftime("%d.%m.%Y"), "url": _withdraw_url(offer)},
                to=[email],
            )
    audit_record(action="volunteers.offer_created", organisation=process.organisation, target=offer)
    return offer


def _erase(offer: Offer) -> None:
    offer.name, offer.email, offer.phone, offer.message = "", "", "", ""
    offer.erased_at = timezone.now()


@transaction.atomic
def offer_withdraw(*, offer: Offer, actor: Any = None) -> Offer:
    """Withdrawn by the person (private link) or by the team: the details are erased."""
    offer = (
        Offer.objects.select_for_update().select_related("process__organisation").get(pk=offer.pk)
    )
    if offer.withdrawn_at is None:
        offer.withdrawn_at = timezone.now()
        _erase(offer)
        offer.save(update_fields=["withdrawn_at", "erased_at", "name", "email", "phone", "message"])
        audit_record(
            action="volunteers.offer_withdrawn",
            actor=actor,
            organisation=offer.process.organisation,
            target=offer,
        )
    return offer


@transaction.atomic
def offers_expire(*, today: date | None = None) -> int:
    """Erase the details of every offer past its date; returns how many were erased."""
    today = today or timezone.localdate()
    expired = list(
        Offer.objects.select_for_update().filter(expires_on__lt=today, erased_at__isnull=True)
    )
    for offer in expired:
        _erase(offer)
        offer.save(update_fields=["erased_at", "name", "email", "phone", "message"])
    return len(expired)


def _notify_moderators(need: Need, response: Response) -> None:
    """The answer reaches whoever looks after the need: its author and the group's moderator."""
    people = [need.created_by, need.group.moderator if need.group else None]
    addresses = sorted({p.email for p in people if p is not None and p.email})
    if not addresses:
        return
    url = settings.SITE_URL + reverse(
        "volunteers:board", args=[need.process.organisation.slug, need.process.slug]
    )
    with translation.override(settings.LANGUAGE_CODE):
        mail_queue(
            subject=gettext("Someone wants to help: %(need)s") % {"need": need.title},
            body=gettext(
                "%(name)s answered “%(need)s” on the volunteer board. Their details and "
                "message are on the board:\n%(url)s"
            )
            % {"name": response.name, "need": need.title, "url": url},
            to=addresses,
        )


@transaction.atomic
def response_create(
    *, need: Need, name: str, contact_details: str, message: str = "", consent: bool
) -> Response:
    if need.status != NeedStatus.OPEN:
        raise VolunteerError(_("This need is no longer open."), code="need_closed")
    if not consent:
        raise VolunteerError(
            _("Please agree that we may store your details to contact you."),
            code="consent_missing",
        )
    name, details = " ".join(name.split())[:100], contact_details.strip()[:200]
    if not name or not details:
        raise VolunteerError(
            _("Please give a name and an e-mail address or phone number."),
            code="response_incomplete",
        )
    email, phone = (details, "") if "@" in details else ("", details)
    _check_reach(email, phone)
    response = Response.objects.create(
        need=need,
        name=name,
        contact_details=details,
        message=message.strip()[:500],
        consent_at=timezone.now(),
    )
    _notify_moderators(need, response)
    audit_record(action="volunteers.response", organisation=need.process.organisation, target=need)
    return response


def _contact_from(
    *, organisation: Any, actor: Any, name: str, email: str, phone: str, consent_at: Any, note: str
) -> Any:
    from quartier.groups.services.groups import retention_days
    from quartier.reach.services import contact_create

    return contact_create(
        organisation=organisation,
        actor=actor,
        full_name=name,
        email=email,
        phone=phone,
        legal_basis="consent",
        consent_given_on=timezone.localtime(consent_at).date(),
        retention_until=timezone.localdate() + timedelta(days=retention_days()),
        notes=note,
    )


@transaction.atomic
def response_decide(*, response: Response, actor: Any, accept: bool) -> Response:
    """Accepting makes the helper a contact (their consent came with the response)."""
    response = (
        Response.objects.select_for_update().select_related("need__process").get(pk=response.pk)
    )
    if response.status != ResponseStatus.OPEN:
        raise VolunteerError(_("This response has been answered already."), code="decided")
    response.status = ResponseStatus.ACCEPTED if accept else ResponseStatus.DECLINED
    response.decided_at = timezone.now()
    response.save(update_fields=["status", "decided_at"])
    need = response.need
    if accept:
        details = response.contact_details
        _contact_from(
            organisation=need.process.organisation,
            actor=actor,
            name=response.name,
            email=details if "@" in details else "",
            phone="" if "@" in details else details[:50],
            consent_at=response.consent_at,
            note=gettext("Helps with “%(need)s” (volunteer board).") % {"need": need.title},
        )
    audit_record(
        action="volunteers.response_decided",
        actor=actor,
        organisation=need.process.organisation,
        target=need,
        data={"accepted": accept},
    )
    return response


@transaction.atomic
def match_confirm(*, need: Need, offer: Offer, actor: Any, score: int = 0) -> Match:
    """The moderator confirms a suggestion: the person becomes a contact (once) and the
    match is recorded; the moderator then gets in touch."""
    if offer.process_id != need.process_id:
        raise VolunteerError(_("Choose an offer of the same process."), code="offer_foreign")
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.erased_at is not None or offer.withdrawn_at is not None:
        raise VolunteerError(_("This offer was withdrawn or has expired."), code="offer_inactive")
    match, created = Match.objects.get_or_create(
        need=need, offer=offer, defaults={"score": score, "confirmed_by": actor}
    )
    if not created:
        raise VolunteerError(_("This offer is matched to the need already."), code="matched")
    if offer.contact_id is None:
        offer.contact = _contact_from(
            organisation=need.process.organisation,
            actor=actor,
            name=offer.name,
            email=offer.email,
            phone=offer.phone,
            consent_at=offer.consent_at,
            note=gettext("Offered on the volunteer board: %(skills)s") % {"skills": offer.skills},
        )
        offer.save(update_fields=["contact"])
    if need.matches.count() >= need.people_needed and need.status == NeedStatus.OPEN:
        need.status = NeedStatus.FILLED
        need.save(update_fields=["status"])
    audit_record(
        action="volunteers.match",
        actor=actor,
        organisation=need.process.organisation,
        target=need,
        data={"offer": offer.pk},
    )
    return match
