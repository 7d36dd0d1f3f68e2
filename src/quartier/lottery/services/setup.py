"""Step 1: the lottery's set-up and its municipalities (letterhead, sender, signature)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from quartier.audit.services import audit_record
from quartier.core.errors import DomainError
from quartier.lottery import population_figures
from quartier.lottery.letters import DEFAULT_TEXT, unknown_placeholders
from quartier.lottery.models import CATEGORY_LABELS, Lottery, Municipality
from quartier.processes.models import Process

SETTINGS = (
    "title",
    "event",
    "letters_count",
    "new_residents_letters",
    "panel_size",
    "event_date",
    "registration_deadline",
    "min_age",
    "strata",
    "quota_categories",
    "one_per_household",
    "prefill_from_register",
    "oversample",
    "letter_text",
    "place",
    "time_text",
    "accessibility",
    "childcare",
    "cost_note",
)
MAX_SIGNATURE = 2 * 1024 * 1024


def _check(values: dict[str, Any]) -> None:
    deadline: date = values["registration_deadline"]
    if deadline > values["event_date"]:
        raise DomainError(
            _("The registration deadline must be before the event date."),
            code="deadline_after_event",
        )
    if values["panel_size"] > values["letters_count"]:
        raise DomainError(
            _("The panel (%(k)s seats) cannot be larger than the number of letters (%(n)s)."),
            code="panel_larger_than_letters",
            k=values["panel_size"],
            n=values["letters_count"],
        )
    for key in ("strata", "quota_categories"):
        unknown = [c for c in values[key] if c not in CATEGORY_LABELS]
        if unknown:
            raise DomainError(
                _("Unknown category “%(name)s”."), code="unknown_category", name=unknown[0]
            )
    check_placeholders(values.get("letter_text", ""))


def check_placeholders(text: str) -> None:
    bad = unknown_placeholders(text)
    if bad:
        raise DomainError(
            _("The placeholder {%(name)s} is unknown. Use one of the listed placeholders."),
            code="unknown_placeholder",
            name=bad[0],
        )


@transaction.atomic
def lottery_create(*, process: Process, actor: Any, **values: Any) -> Lottery:
    values.setdefault("letter_text", DEFAULT_TEXT)
    values.setdefault("strata", ["register", "age_band", "sex"])
    values.setdefault("quota_categories", ["register", "age_band", "sex"])
    _check(values)
    lottery = Lottery.objects.create(
        process=process, created_by=actor, **{k: v for k, v in values.items() if k in SETTINGS}
    )
    audit_record(
        action="lottery.created",
        actor=actor,
        organisation=process.organisation,
        target=lottery,
        data={"register_deletion_on": lottery.register_retention_date.isoformat()},
    )
    return lottery


@transaction.atomic
def lottery_update(*, lottery: Lottery, actor: Any, **values: Any) -> Lottery:
    if lottery.invited_at is not None:
        frozen = {
            "letters_count",
            "strata",
            "min_age",
            "one_per_household",
            "event_date",
            "oversample",
        }
        changed = [k for k in frozen if k in values and values[k] != getattr(lottery, k)]
        if changed:
            raise DomainError(
                _("The invitations have been drawn: the sample settings can no longer change."),
                code="settings_frozen",
            )
    merged = {k: getattr(lottery, k) for k in SETTINGS} | values
    _check(merged)
    for key, value in values.items():
        if key in SETTINGS:
            setattr(lottery, key, value)
    lottery.save()
    audit_record(
        action="lottery.updated",
        actor=actor,
        organisation=lottery.process.organisation,
        target=lottery,
    )
    return lottery


@transaction.atomic
def municipality_save(
    *,
    lottery: Lottery,
    actor: Any,
    municipality: Municipality | None = None,
    signature: bytes | None = None,
    signature_type: str = "",
    **values: Any,
) -> Municipality:
    """Create or change a municipality; a new signature image replaces the old one."""
    name = values.get("name", "").strip()
    clash = lottery.municipalities.filter(name__iexact=name)
    if municipality is not None:
        clash = clash.exclude(pk=municipality.pk)
    if clash.exists():
        raise DomainError(
            _("There is already a municipality called “%(name)s”."),
            code="duplicate_municipality",
            name=name,
        )
    if "figures_key" in values:
        key = values.pop("figures_key") or ""
        figures = population_figures.available().get(key)
        if key and figures is None:
            raise DomainError(
                _("There are no official figures “%(key)s”."), code="unknown_figures", key=key
            )
        values["official_figures"] = figures.as_json() if figures else {}
    if "languages" in values:
        known = set(lottery.translations.values_list("language", flat=True))
        unknown = [code for code in values["languages"] if code not in known]
        if unknown:
            raise DomainError(
                _("There is no translation into “%(language)s” yet."),
                code="unknown_language",
                language=unknown[0],
            )
        values["languages"] = list(dict.fromkeys(values["languages"]))
    if signature is not None:
        if len(signature) > MAX_SIGNATURE:
            raise DomainError(
                _("The signature image is larger than 2 MB."), code="signature_too_large"
            )
        _check_image(signature)
    if municipality is None:
        municipality = Municipality(lottery=lottery)
    for key, value in values.items():
        setattr(municipality, key, value)
    if signature is not None:
        municipality.signature = signature
        municipality.signature_type = signature_type[:40]
    municipality.save()
    audit_record(
        action="lottery.municipality_saved",
        actor=actor,
        organisation=lottery.process.organisation,
        target=lottery,
        data={"municipality": municipality.name},
    )
    return municipality


def _check_image(data: bytes) -> None:
    import io

    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise DomainError(
            _("The signature must be a PNG or JPEG image."), code="bad_signature"
        ) from None


@transaction.atomic
def municipality_delete(*, municipality: Municipality, actor: Any) -> None:
    lottery = municipality.lottery
    if lottery.invited_at is not None:
        raise DomainError(
            _("After the invitation draw a municipality can no longer be removed."),
            code="settings_frozen",
        )
    name = municipality.name
    municipality.delete()
    audit_record(
        action="lottery.municipality_deleted",
        actor=actor,
        organisation=lottery.process.organisation,
        target=lottery,
        data={"municipality": name},
    )
