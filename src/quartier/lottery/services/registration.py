"""Step 5: replies to the letters, online (by code, no account) or entered by organizers."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from quartier.audit.services import audit_record
from quartier.core.errors import DomainError
from quartier.lottery import codes
from quartier.lottery.categories import category_choices
from quartier.lottery.models import Channel, Letter, Lottery, Registration


class CodeError(DomainError):
    code = "code"


def letter_for_code(text: str) -> Letter:
    """The letter for a typed or scanned code, or a message that says what is wrong."""
    code = codes.normalize(text)
    if not code:
        raise CodeError(_("Please enter the code from your letter."), code="code_empty")
    if len(code) != codes.LENGTH:
        raise CodeError(
            _("The code has %(length)s characters, but yours has %(given)s. Please check it."),
            code="code_length",
            length=codes.LENGTH,
            given=len(code),
        )
    if not codes.is_well_formed(code):
        raise CodeError(
            _(
                "This code contains a typing error. Please compare it character by character with your letter."
            ),
            code="code_typo",
        )
    letter = Letter.objects.select_related("lottery", "municipality").filter(code=code).first()
    if letter is None:
        raise CodeError(_("We do not know this code. Please check it."), code="code_unknown")
    return letter


def check_open(letter: Letter) -> None:
    lottery = letter.lottery
    if lottery.letters_generated_at is None:
        raise CodeError(_("Registration has not started yet."), code="not_open")
    if not lottery.registration_open:
        raise CodeError(
            _("Registration ended on %(date)s. Unfortunately you can no longer register."),
            code="code_expired",
            date=formats.date_format(lottery.registration_deadline, "j. F Y"),
        )
    if Registration.objects.filter(letter=letter).exists():
        raise CodeError(
            _("Someone has already registered with this code. Each letter can be used once."),
            code="already_registered",
        )


@transaction.atomic
def registration_submit(
    *,
    letter: Letter,
    features: dict[str, str],
    full_name: str,
    email: str = "",
    phone: str = "",
    postal_address: str = "",
    accessibility_needs: str = "",
    consent: bool,
    keep_informed: bool = False,
    channel: str = Channel.ONLINE,
    entered_by: Any = None,
) -> Registration:
    letter = Letter.objects.select_for_update().select_related("lottery").get(pk=letter.pk)
    lottery: Lottery = letter.lottery
    if entered_by is None:
        check_open(letter)
    elif Registration.objects.filter(letter=letter).exists():
        raise CodeError(_("This letter already has a registration."), code="already_registered")
    if not consent:
        raise DomainError(_("Please agree to the processing of your details."), code="no_consent")
    if not (email.strip() or phone.strip() or postal_address.strip()):
        raise DomainError(
            _(
                "Please give an e-mail address, a phone number or a postal address for the confirmation."
            ),
            code="no_contact",
        )
    for category in lottery.quota_categories:
        allowed = {value for value, _label in category_choices(lottery, category)}
        if features.get(category) not in allowed:
            raise DomainError(
                _("Please answer every question."), code="missing_feature", category=category
            )
    registration = Registration.objects.create(
        lottery=lottery,
        letter=letter,
        pool_id=f"T{letter.number:05d}",
        features={c: features[c] for c in lottery.quota_categories},
        full_name=full_name.strip()[:200],
        email=email.strip(),
        phone=phone.strip(),
        postal_address=postal_address.strip(),
        accessibility_needs=accessibility_needs.strip(),
        consent=True,
        keep_informed=keep_informed,
        channel=channel,
        entered_by=entered_by,
    )
    audit_record(
        action="lottery.registered",
        actor=entered_by,
        organisation=lottery.process.organisation,
        target=lottery,
        data={"pool_id": registration.pool_id, "channel": channel},
    )
    return registration


@transaction.atomic
def registration_close(*, lottery: Lottery, actor: Any) -> None:
    """End registration today (the deadline moves to yesterday); logged."""
    from datetime import timedelta

    from django.utils import timezone

    yesterday = timezone.localdate() - timedelta(days=1)
    if lottery.registration_deadline > yesterday:
        lottery.registration_deadline = yesterday
        lottery.save(update_fields=["registration_deadline"])
    audit_record(
        action="lottery.registration_closed",
        actor=actor,
        organisation=lottery.process.organisation,
        target=lottery,
    )
