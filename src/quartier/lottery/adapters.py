"""Model rows → engine inputs for the panel selection (the only place that converts)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from quartier.engine.sortition import Person, Quota, SelectionProblem, make_problem
from quartier.lottery.models import Lottery, Registration


def quotas_from_json(rows: Iterable[dict[str, Any]]) -> tuple[Quota, ...]:
    return tuple(
        Quota(category=r["category"], value=r["value"], min=int(r["min"]), max=int(r["max"]))
        for r in rows
    )


def quotas_to_json(quotas: Iterable[Quota]) -> list[dict[str, Any]]:
    return [{"category": q.category, "value": q.value, "min": q.min, "max": q.max} for q in quotas]


def person_of(registration: Registration, categories: list[str]) -> Person:
    return Person(
        id=registration.pool_id,
        features={c: str(registration.features.get(c, "")) for c in categories},
    )


def selection_problem(
    lottery: Lottery,
    registrations: Iterable[Registration],
    quotas: list[dict[str, Any]],
    *,
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
) -> SelectionProblem:
    categories = list(dict.fromkeys(q["category"] for q in quotas))
    return make_problem(
        [person_of(r, categories) for r in registrations],
        quotas_from_json(quotas),
        lottery.panel_size,
        include=include,
        exclude=exclude,
    )
