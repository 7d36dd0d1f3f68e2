"""The whole lottery in one call: optimise, round to ``m`` panels, draw, write the audit.

This is the entry point for the CLI and the web app. Solving happens on person types
(see :mod:`person_types`), so every algorithm is fast on large pools whose people share
few distinct feature combinations.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime

from quartier.engine.sortition.audit import AuditRecord, input_hash
from quartier.engine.sortition.column_generation import Progress, no_progress
from quartier.engine.sortition.distribution import Distribution
from quartier.engine.sortition.draw import draw_index, new_seed
from quartier.engine.sortition.errors import InputError
from quartier.engine.sortition.infeasibility import InfeasibleQuotasError, explain_infeasibility
from quartier.engine.sortition.legacy import find_legacy
from quartier.engine.sortition.leximin import find_leximin, find_maximin
from quartier.engine.sortition.model import ALGORITHMS, SelectionProblem, validate
from quartier.engine.sortition.nash import find_nash
from quartier.engine.sortition.panel_polytope import PanelPolytope
from quartier.engine.sortition.person_types import build_types
from quartier.engine.sortition.rounding import DEFAULT_PANELS, Lottery, round_to_lottery


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
        return find_leximin(pool, progress=progress)
    if algorithm == "maximin":
        return find_maximin(pool, progress=progress)
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
) -> SelectionResult:
    """Run the full, checkable lottery and return the chosen panel with its audit record."""
    started = time.perf_counter()
    if panels < 1:
        raise InputError(
            "bad_panel_count", "the lottery needs at least one panel", value=str(panels)
        )
    distribution = find_distribution(problem, algorithm, progress=progress)
    lottery = round_to_lottery(distribution, panels)
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
