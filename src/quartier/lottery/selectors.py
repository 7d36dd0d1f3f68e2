"""Reads for the lottery pages; access checks raise 404/403 like the other apps."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from quartier.lottery.categories import category_choices
from quartier.lottery.models import CATEGORY_LABELS, Job, Lottery, Status
from quartier.organisations.models import Organisation
from quartier.processes.models import Process
from quartier.processes.selectors import process_get_for_user


def process_for_lottery(*, user: Any, organisation: Organisation, process_slug: str) -> Process:
    return process_get_for_user(
        user=user, organisation=organisation, slug=process_slug, perm="lottery.manage_lottery"
    )


def lottery_get_for_user(
    *, user: Any, organisation: Organisation, process_slug: str, pk: int
) -> Lottery:
    """404 when the process is not visible, 403 for team members who are not organizers."""
    process = process_for_lottery(user=user, organisation=organisation, process_slug=process_slug)
    return get_object_or_404(
        Lottery.objects.select_related("process__organisation", "event"), process=process, pk=pk
    )


def lottery_public(*, public_id: str) -> Lottery:
    """The transparency page exists only once the organizers published it."""
    lottery = (
        Lottery.objects.select_related("process__organisation").filter(public_id=public_id).first()
    )
    if lottery is None or not lottery.published:
        raise Http404
    return lottery


def published_lotteries_of(process: Process) -> QuerySet[Lottery]:
    return process.lotteries.filter(published=True).order_by("-created_at")


def active_job(lottery: Lottery, kind: str) -> Job | None:
    return lottery.jobs.filter(kind=kind).first()


def lotteries_of(process: Process) -> QuerySet[Lottery]:
    return process.lotteries.all()


@dataclass(frozen=True)
class StratumRow:
    value: str
    label: str
    population: int
    letters: int
    replies: int
    population_share: float
    letters_share: float
    replies_share: float


@dataclass(frozen=True)
class CategoryStats:
    category: str
    label: str
    rows: list[StratumRow]


def _share(part: int, total: int) -> float:
    return part / total if total else 0.0


def pool_stats(lottery: Lottery) -> list[CategoryStats]:
    """Replies per stratum against letters sent and against the eligible population.

    Letters are counted by their register values; replies by what people reported, so
    the chart shows whom the panel can actually be drawn from.
    """
    out = []
    letters = list(lottery.letters.values_list("features", flat=True))
    replies = list(
        lottery.registrations.exclude(status=Status.CANCELLED).values_list("features", flat=True)
    )
    for category in lottery.quota_categories:
        population = (lottery.population or {}).get(category, {})
        letter_counts = Counter(str(f.get(category, "")) for f in letters)
        reply_counts = Counter(str(f.get(category, "")) for f in replies)
        choices = category_choices(lottery, category)
        pop_total = sum(population.get(v, 0) for v, _l in choices)
        letter_total = sum(letter_counts[v] for v, _l in choices)
        reply_total = sum(reply_counts[v] for v, _l in choices)
        rows = [
            StratumRow(
                value=value,
                label=label,
                population=int(population.get(value, 0)),
                letters=letter_counts[value],
                replies=reply_counts[value],
                population_share=_share(int(population.get(value, 0)), pop_total),
                letters_share=_share(letter_counts[value], letter_total),
                replies_share=_share(reply_counts[value], reply_total),
            )
            for value, label in choices
        ]
        out.append(
            CategoryStats(
                category=category, label=str(CATEGORY_LABELS.get(category, category)), rows=rows
            )
        )
    return out


def status_counts(lottery: Lottery) -> dict[str, int]:
    counts = Counter(lottery.registrations.values_list("status", flat=True))
    return {status.value: counts.get(status.value, 0) for status in Status}
