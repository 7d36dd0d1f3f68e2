"""Step 7: quotas, the LEXIMIN panel draw (background task), the ordered reserve list,
cancellations that move the reserve up within the quotas, and publication."""

from __future__ import annotations

import hashlib
import json
from math import ceil, floor
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from quartier.audit.services import audit_record
from quartier.core.errors import DomainError
from quartier.engine.sortition import (
    InfeasibleQuotasError,
    Person,
    Quota,
    SortitionError,
    select,
)
from quartier.engine.sortition.infeasibility import QuotaChange
from quartier.engine.sortition.replacement import Replacement, draw_replacement, relax
from quartier.lottery.adapters import quotas_to_json, selection_problem
from quartier.lottery.categories import category_choices
from quartier.lottery.models import Job, Lottery, PanelDraw, Registration, Status
from quartier.lottery.services.jobs import job_create, job_fail, job_finish, job_progress

PANELS = 1000


def quotas_propose(*, lottery: Lottery) -> list[dict[str, Any]]:
    """Quotas from the population shares of the eligible register: ⌊k·share⌋ to ⌈k·share⌉."""
    k = lottery.panel_size
    population = lottery.population or {}
    rows = []
    for category in lottery.quota_categories:
        counts = population.get(category, {})
        values = [value for value, _label in category_choices(lottery, category)]
        total = sum(counts.get(v, 0) for v in values)
        for value in values:
            share = counts.get(value, 0) / total if total else 1 / len(values)
            exact = k * share
            rows.append(
                {"category": category, "value": value, "min": floor(exact), "max": ceil(exact)}
            )
    return rows


@transaction.atomic
def quotas_save(*, lottery: Lottery, actor: Any, quotas: list[dict[str, Any]]) -> None:
    for row in quotas:
        if row["min"] < 0 or row["max"] < 0:
            raise DomainError(_("Quotas cannot be negative."), code="negative_quota")
        if row["min"] > row["max"]:
            raise DomainError(
                _("For %(value)s the minimum %(min)s is above the maximum %(max)s."),
                code="min_above_max",
                value=row["value"],
                min=row["min"],
                max=row["max"],
            )
    lottery.quotas = quotas
    lottery.save(update_fields=["quotas"])
    audit_record(
        action="lottery.quotas_saved",
        actor=actor,
        organisation=lottery.process.organisation,
        target=lottery,
        data={"quotas": quotas},
    )


def pool(lottery: Lottery) -> list[Registration]:
    return list(lottery.registrations.exclude(status=Status.CANCELLED).order_by("pool_id"))


def selection_start(*, lottery: Lottery, actor: Any, seed: str) -> tuple[PanelDraw, Job]:
    from quartier.lottery.tasks import select_panel

    seed = seed.strip()
    if not seed:
        raise DomainError(_("Enter the announced number."), code="no_seed")
    if not lottery.quotas:
        raise DomainError(_("Set the quotas first."), code="no_quotas")
    if lottery.registration_open:
        raise DomainError(
            _("Registration is still open. End it before drawing the panel."),
            code="registration_open",
        )
    if lottery.confirmations_sent_at is not None:
        raise DomainError(_("The confirmations have been sent; the panel is final."), code="final")
    with transaction.atomic():
        draw = PanelDraw.objects.create(
            lottery=lottery, seed=seed, quotas=lottery.quotas, created_by=actor
        )
        job = job_create(lottery=lottery, kind="selection", target_id=draw.pk, total=1)
        audit_record(
            action="lottery.selection_started",
            actor=actor,
            organisation=lottery.process.organisation,
            target=lottery,
            data={"seed": seed, "draw": draw.pk},
        )
    select_panel.enqueue(job.pk)
    return draw, job


def reserve_order(seed: str, ids: list[str]) -> list[str]:
    """The reserve list: ordered by SHA-256 of seed and id, so anyone can recompute it."""
    return sorted(ids, key=lambda pid: hashlib.sha256(f"{seed}:{pid}".encode()).hexdigest())


def selection_run(*, job: Job) -> None:
    draw = PanelDraw.objects.select_related("lottery").get(pk=int(job.target_id or 0))
    lottery = draw.lottery
    registrations = pool(lottery)
    try:
        problem = selection_problem(lottery, registrations, draw.quotas)

        def progress(stage: str, done: int, total: int) -> None:
            job_progress(job=job, done=done, total=max(total, 1), message=stage)

        result = select(
            problem, algorithm=draw.algorithm, panels=PANELS, seed=draw.seed, progress=progress
        )
    except InfeasibleQuotasError as error:
        relaxation = error.infeasibility.relaxation
        draw.infeasibility = error.infeasibility.as_dict() | {
            "quotas": quotas_to_json(relaxation.quotas) if relaxation else None
        }
        draw.save(update_fields=["infeasibility"])
        job_fail(job=job, error={"code": "infeasible_quotas"})
        return
    except SortitionError as error:
        draw.infeasibility = {"error": error.as_dict()}
        draw.save(update_fields=["infeasibility"])
        job_fail(job=job, error=error.as_dict())
        return
    selected = sorted(result.selected)
    reserve = reserve_order(draw.seed, list(result.remaining))
    probabilities = result.distribution.probabilities
    with transaction.atomic():
        draw.audit = json.loads(result.audit.to_json())
        draw.selected = selected
        draw.reserve = reserve
        draw.pool = [[p.id, dict(p.features)] for p in problem.people]
        draw.save(update_fields=["audit", "selected", "reserve", "pool"])
        rank = {pid: i + 1 for i, pid in enumerate(reserve)}
        for registration in registrations:
            pid = registration.pool_id
            registration.probability = probabilities.get(pid)
            registration.status = (
                Status.SELECTED
                if pid in selected
                else Status.RESERVE
                if pid in rank
                else Status.NOT_SELECTED
            )
            registration.reserve_rank = rank.get(pid)
        Registration.objects.bulk_update(registrations, ["probability", "status", "reserve_rank"])
        audit_record(
            action="lottery.panel_drawn",
            organisation=lottery.process.organisation,
            target=lottery,
            data={
                "seed": draw.seed,
                "input_hash": result.audit.input_hash,
                "chosen_index": result.chosen_index,
                "selected": selected,
            },
        )
    job_finish(job=job, message=f"{len(selected)}")


def latest_draw(lottery: Lottery) -> PanelDraw | None:
    return lottery.draws.exclude(selected=[]).first()


def effective_quotas(draw: PanelDraw) -> list[dict[str, Any]]:
    """The drawn quotas with every relaxation accepted at a cancellation applied."""
    quotas = [dict(q) for q in draw.quotas]
    for move in draw.moves:
        for change in move.get("relaxation", []):
            for quota in quotas:
                if (quota["category"], quota["value"]) == (change["category"], change["value"]):
                    quota["min"], quota["max"] = change["new_min"], change["new_max"]
    return quotas


def _people(registrations: list[Registration]) -> list[Person]:
    return [Person(r.pool_id, {k: str(v) for k, v in r.features.items()}) for r in registrations]


def replacement_proposal(*, registration: Registration) -> Replacement:
    """What a cancellation of ``registration`` would draw (nothing is changed)."""
    lottery = registration.lottery
    draw = latest_draw(lottery)
    if draw is None or registration.status != Status.SELECTED:
        raise DomainError(_("Only people on the panel can cancel."), code="not_selected")
    others = lottery.registrations.filter(status=Status.SELECTED).exclude(pk=registration.pk)
    candidates = lottery.registrations.filter(status__in=[Status.RESERVE, Status.NOT_SELECTED])
    quotas = [Quota(q["category"], q["value"], q["min"], q["max"]) for q in effective_quotas(draw)]
    return draw_replacement(
        quotas=quotas,
        fixed=_people(list(others)),
        candidates=_people(list(candidates)),
        seed=draw.seed,
        number=len(draw.moves) + 1,
    )


def _relaxed_draw(registration: Registration, proposal: Replacement) -> Replacement:
    lottery = registration.lottery
    draw = latest_draw(lottery)
    assert draw is not None
    quotas = [Quota(q["category"], q["value"], q["min"], q["max"]) for q in effective_quotas(draw)]
    others = lottery.registrations.filter(status=Status.SELECTED).exclude(pk=registration.pk)
    candidates = lottery.registrations.filter(status__in=[Status.RESERVE, Status.NOT_SELECTED])
    return draw_replacement(
        quotas=relax(quotas, proposal.relaxation),
        fixed=_people(list(others)),
        candidates=_people(list(candidates)),
        seed=draw.seed,
        number=len(draw.moves) + 1,
    )


@transaction.atomic
def registration_cancel(
    *,
    registration: Registration,
    actor: Any,
    leave_empty: bool = False,
    accept_relaxation: bool = False,
) -> Registration | None:
    """A selected person cancels. The replacement is a re-draw with the others fixed: a
    seeded uniform draw among the registered, not selected people whose features keep
    every quota (LEXIMIN for one seat). Nobody fitting: nothing changes, unless the
    organizer accepts the smallest relaxation (``accept_relaxation``) or leaves the seat
    empty (``leave_empty``)."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    lottery = registration.lottery
    proposal = replacement_proposal(registration=registration)
    result: Replacement = proposal
    relaxation: tuple[QuotaChange, ...] = ()
    if proposal.chosen is None and accept_relaxation and proposal.relaxation:
        result, relaxation = _relaxed_draw(registration, proposal), proposal.relaxation
    if result.chosen is None and not leave_empty:
        raise DomainError(
            _(
                "Nobody who registered keeps the quotas if %(person)s cancels. "
                "Nothing was changed. Accept the proposed relaxation, or cancel and leave "
                "the seat empty."
            ),
            code="no_reserve_fits",
            person=registration.pool_id,
        )
    draw = latest_draw(lottery)
    assert draw is not None
    registration.status = Status.CANCELLED
    registration.save(update_fields=["status"])
    move: dict[str, Any] = {"cancelled": registration.pool_id, "moved_up": None}
    replacement = None
    if result.chosen is not None:
        replacement = lottery.registrations.get(pool_id=result.chosen)
        replacement.status = Status.SELECTED
        replacement.save(update_fields=["status"])
        move |= {
            "moved_up": replacement.pool_id,
            "number": len(draw.moves) + 1,
            "candidates": list(result.fitting),
            "index": result.index,
            "sha256": result.digest,
            "relaxation": [
                {
                    "category": c.category,
                    "value": c.value,
                    "old_min": c.old_min,
                    "old_max": c.old_max,
                    "new_min": c.new_min,
                    "new_max": c.new_max,
                }
                for c in relaxation
            ],
        }
        if lottery.event_id and lottery.invitees.filter(registration=registration).exists():
            from quartier.lottery.models import EventInvitee

            EventInvitee.objects.get_or_create(
                lottery=lottery, event_id=lottery.event_id, registration=replacement
            )
    lottery.invitees.filter(registration=registration).delete()
    draw.moves = [*draw.moves, move]
    draw.save(update_fields=["moves"])
    audit_record(
        action="lottery.cancelled",
        actor=actor,
        organisation=lottery.process.organisation,
        target=lottery,
        data=move,
    )
    return replacement


@transaction.atomic
def lottery_publish(*, lottery: Lottery, actor: Any, published: bool) -> None:
    if published and latest_draw(lottery) is None:
        raise DomainError(_("There is no panel to publish yet."), code="nothing_to_publish")
    lottery.published = published
    lottery.save(update_fields=["published"])
    audit_record(
        action="lottery.published" if published else "lottery.unpublished",
        actor=actor,
        organisation=lottery.process.organisation,
        target=lottery,
    )
