"""The whole lottery in one call: optimise, round to ``m`` panels, draw, write the audit.

This is the entry point for the CLI and the web app. Solving happens on person types
(see :mod:`person_types`), so every algorithm is fast on large pools whose people share
few distinct feature combinations.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from quartier.engine.sortition.audit import AuditRecord, input_hash
from quartier.engine.sortition.certificate import to_people
from quartier.engine.sortition.column_generation import Progress, no_progress
from quartier.engine.sortition.distribution import Distribution
from quartier.engine.sortition.draw import draw_index, new_seed
from quartier.engine.sortition.errors import InputError
from quartier.engine.sortition.infeasibility import InfeasibleQuotasError, explain_infeasibility
from quartier.engine.sortition.legacy import find_legacy
from quartier.engine.sortition.leximin import StatusCallback, find_leximin, find_maximin
from quartier.engine.sortition.model import ALGORITHMS, SelectionProblem, validate
from quartier.engine.sortition.nash import find_nash
from quartier.engine.sortition.panel_polytope import PanelPolytope
from quartier.engine.sortition.person_types import build_types
from quartier.engine.sortition.rounding import (
    DEFAULT_PANELS,
    DEFAULT_TIME_LIMIT,
    Lottery,
    round_to_lottery,
)


@dataclass(frozen=True)
class SelectionResult:
    """Optimal distribution, the published ``m``-panel lottery, the drawn panel and audit."""

    distribution: Distribution
    lottery: Lottery
    seed: str
    chosen_index: int
    selected: tuple[str, ...]
    remaining: tuple[str, ...]
    audit: AuditRecord


def find_distribution(
    problem: SelectionProblem,
    algorithm: str = "leximin",
    *,
    progress: Progress = no_progress,
    time_limit: float | None = None,
    status: StatusCallback | None = None,
) -> Distribution:
    """The optimal (or, for ``legacy``, empirical) distribution over panels.

    Raises :class:`InfeasibleQuotasError` with an explanation and a proposed relaxation
    when no panel meets the quotas.
    """
    if algorithm not in ALGORITHMS:
        raise InputError(
            "unknown_algorithm",
            f"unknown algorithm {algorithm!r}; choose one of {', '.join(ALGORITHMS)}",
            value=algorithm,
        )
    validate(problem)
    pool = build_types(problem)
    if PanelPolytope(pool).any_panel() is None:
        raise InfeasibleQuotasError(explain_infeasibility(problem))
    if algorithm == "leximin":
        return find_leximin(pool, progress=progress, time_limit=time_limit, status=status)
    if algorithm == "maximin":
        return find_maximin(pool, progress=progress, time_limit=time_limit, status=status)
    if algorithm == "nash":
        return find_nash(pool, progress=progress)
    return find_legacy(pool, progress=progress)


def select(
    problem: SelectionProblem,
    *,
    algorithm: str = "leximin",
    panels: int = DEFAULT_PANELS,
    seed: str | None = None,
    progress: Progress = no_progress,
    time_limit: float | None = None,
    rounding_time_limit: float = DEFAULT_TIME_LIMIT,
    status: StatusCallback | None = None,
) -> SelectionResult:
    """Run the full, checkable lottery and return the chosen panel with its audit record.

    ``time_limit`` (seconds, LEXIMIN/MAXIMIN) stops the optimisation after the level it
    is in: the distribution is then the best *certified* one found, with ``time_limited``
    set and its proven gap. ``rounding_time_limit`` caps the rounding's exchange search.
    """
    started = time.perf_counter()
    if panels < 1:
        raise InputError(
            "bad_panel_count", "the lottery needs at least one panel", value=str(panels)
        )
    distribution = find_distribution(
        problem, algorithm, progress=progress, time_limit=time_limit, status=status
    )
    lottery = round_to_lottery(distribution, panels, time_limit=rounding_time_limit)
    seed = new_seed() if seed is None else str(seed)
    index = draw_index(seed, lottery.size)
    chosen = lottery.panels[index]
    runtime = time.perf_counter() - started
    remaining = remaining_people(problem, chosen)
    audit = AuditRecord(
        input_hash=input_hash(problem, algorithm, panels),
        algorithm=algorithm,
        parameters={
            "panel_size": problem.panel_size,
            "panels": panels,
            "household_column": problem.household_column,
            "include": sorted(problem.include),
            "exclude": sorted(problem.exclude),
        },
        seed=seed,
        probabilities=dict(distribution.probabilities),
        lottery_probabilities=dict(lottery.probabilities),
        max_deviation=lottery.max_deviation,
        panels=[list(panel) for panel in lottery.panels],
        chosen_index=index,
        chosen_panel=list(chosen),
        min_probability=distribution.min_probability,
        gap=distribution.gap,
        runtime_s=round(runtime, 4),
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        distribution=distribution_record(distribution),
        certificates=[
            to_people(distribution.pool, level).to_json() for level in distribution.certificates
        ],
        guaranteed_deviation=lottery.guaranteed_deviation,
        min_shortfall=lottery.min_shortfall,
        time_limited=distribution.time_limited,
        rounding_time_capped=lottery.time_capped,
        notes=_notes(distribution, lottery),
    )
    return SelectionResult(
        distribution=distribution,
        lottery=lottery,
        seed=seed,
        chosen_index=index,
        selected=chosen,
        remaining=remaining,
        audit=audit,
    )


def distribution_record(distribution: Distribution) -> dict[str, Any]:
    """The optimal distribution in the audit: types (member ids) and weighted type panels."""
    pool = distribution.pool
    return {
        "types": [list(t.members) for t in pool.types],
        "unreachable": sorted(
            pid for t in distribution.unreachable for pid in pool.types[t].members
        ),
        "panels": [
            {"weight": weight, "seats": [[t, x] for t, x in enumerate(panel) if x]}
            for panel, weight in zip(distribution.panels, distribution.weights, strict=True)
        ],
    }


def _notes(distribution: Distribution, lottery: Lottery) -> list[str]:
    notes = []
    if distribution.time_limited:
        notes.append(
            "time limit reached: the distribution is the best certified one found; its proven "
            f"gap is {distribution.gap:.2e}, and only the finished levels are leximin-optimal"
        )
    if lottery.time_capped:
        notes.append(
            f"rounding time cap of {lottery.time_limit:g} s reached: the lottery keeps the "
            f"guaranteed bound {lottery.guaranteed_deviation:.4f} (measured "
            f"{lottery.max_deviation:.4f})"
        )
    m = lottery.size
    notes.append(
        f"rounding targets: every person within 1/m {'met' if lottery.within_one else 'MISSED'}"
        f" (largest deviation {lottery.max_deviation * m:.2f}/m); lottery minimum at most 1/m "
        f"below the exact minimum {'met' if lottery.min_clause else 'MISSED'} (shortfall "
        f"{lottery.min_shortfall * m:.2f}/m)"
    )
    return notes


def remaining_people(problem: SelectionProblem, chosen: tuple[str, ...]) -> tuple[str, ...]:
    """The reserve list: not chosen, not excluded, not in a chosen person's household."""
    chosen_set = set(chosen)
    homes = {problem.household_of(p) for p in problem.people if p.id in chosen_set} - {None}
    return tuple(
        p.id
        for p in problem.people
        if p.id not in chosen_set
        and p.id not in problem.exclude
        and problem.household_of(p) not in homes
    )
