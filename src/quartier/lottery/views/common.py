from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from quartier.lottery.models import Lottery, Step
from quartier.lottery.selectors import lottery_get_for_user
from quartier.lottery.services.retention import retention_sweep
from quartier.organisations.selectors import organisation_get_for_user


def load(request: HttpRequest, org_slug: str, process_slug: str, pk: int) -> Lottery:
    """The lottery if the user organizes its process; due deletions happen first."""
    organisation = organisation_get_for_user(user=request.user, slug=org_slug)
    lottery = lottery_get_for_user(
        user=request.user, organisation=organisation, process_slug=process_slug, pk=pk
    )
    if retention_sweep(lottery=lottery):
        lottery.refresh_from_db()
    return lottery


def step_states(lottery: Lottery) -> dict[str, bool]:
    """Which steps are done, for the progress rail."""
    has_draw = lottery.draws.exclude(selected=[]).exists()
    return {
        Step.SETUP: lottery.municipalities.exists(),
        Step.REGISTER: lottery.extracts.filter(status__in=["imported", "deleted"]).exists(),
        Step.DRAW: lottery.invited_at is not None,
        Step.LETTERS: lottery.letters_generated_at is not None,
        Step.REGISTRATION: lottery.letters_generated_at is not None
        and not lottery.registration_open,
        Step.POOL: lottery.registrations.exists() and not lottery.registration_open,
        Step.SELECTION: has_draw,
        Step.CONFIRMATIONS: lottery.confirmations_sent_at is not None,
        Step.PRIVACY: lottery.register_deleted_at is not None,
    }


def context(request: HttpRequest, lottery: Lottery, step: str, **extra: Any) -> dict[str, Any]:
    process = lottery.process
    done = step_states(lottery)
    rail = [
        {
            "key": s.value,
            "label": s.label,
            "done": done[s],
            "current": s.value == step,
            "url_name": f"lottery:{s.value}",
        }
        for s in Step
    ]
    return {
        "organisation": process.organisation,
        "process": process,
        "lottery": lottery,
        "nav": "processes",
        "step": step,
        "rail": rail,
        "args": [process.organisation.slug, process.slug, lottery.pk],
    } | extra
