"""A lottery over panels of types, and the selection probability it gives each person.

A panel over types says how many members of each type sit on it; the people are then
drawn uniformly within each type. That is why every member of a type has exactly the
same probability, ``E[x_t] / n_t``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from quartier.engine.sortition.certificate import LevelCertificate
from quartier.engine.sortition.person_types import TypedPool


@dataclass(frozen=True)
class Distribution:
    """A probability distribution over type panels, with per-person probabilities.

    ``objective`` is what the algorithm optimises (minimum probability for
    leximin/maximin, sum of log probabilities for Nash); ``upper_bound`` is the proven
    dual bound on it and ``gap = upper_bound - objective``.
    """

    algorithm: str
    pool: TypedPool = field(repr=False)
    panels: tuple[tuple[int, ...], ...]
    weights: tuple[float, ...]
    type_probabilities: tuple[float, ...]
    probabilities: dict[str, float]
    min_probability: float
    objective: float
    upper_bound: float
    gap: float
    runtime_s: float
    pricing_calls: int = 0
    certificates: tuple[LevelCertificate, ...] = ()
    time_limited: bool = False
    unreachable: tuple[int, ...] = ()  # types no feasible panel can contain

    @property
    def support_size(self) -> int:
        return len(self.panels)


def type_marginals(pool: TypedPool, panels: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Selection probability of each type's members under a panel distribution."""
    if len(weights) == 0:
        return np.zeros(pool.count)
    expected = weights @ panels
    return np.asarray(expected / pool.sizes, dtype=float)


def make_distribution(
    algorithm: str,
    pool: TypedPool,
    panels: list[np.ndarray],
    weights: np.ndarray,
    *,
    objective: float | None = None,
    upper_bound: float | None = None,
    runtime_s: float = 0.0,
    pricing_calls: int = 0,
) -> Distribution:
    """Drop zero-weight panels, renormalise, and expand type probabilities to people."""
    w = np.clip(np.asarray(weights, dtype=float), 0.0, None)
    keep = [i for i in range(len(panels)) if w[i] > 1e-12]
    matrix = np.array([panels[i] for i in keep], dtype=np.int64).reshape(len(keep), pool.count)
    kept = w[keep]
    kept = kept / kept.sum()
    order = sorted(range(len(keep)), key=lambda i: tuple(matrix[i]))
    matrix = matrix[order]
    kept = kept[order]
    marginals = type_marginals(pool, matrix, kept)
    probabilities = {p.id: 0.0 for p in pool.problem.people}
    for t, ptype in enumerate(pool.types):
        for pid in ptype.members:
            probabilities[pid] = float(marginals[t])
    active = [probabilities[p.id] for p in pool.problem.active_people()]
    min_probability = float(min(active)) if active else 0.0
    obj = min_probability if objective is None else objective
    ub = obj if upper_bound is None else max(upper_bound, obj)
    return Distribution(
        algorithm=algorithm,
        pool=pool,
        panels=tuple(tuple(int(v) for v in row) for row in matrix),
        weights=tuple(float(v) for v in kept),
        type_probabilities=tuple(float(v) for v in marginals),
        probabilities=probabilities,
        min_probability=min_probability,
        objective=float(obj),
        upper_bound=float(ub),
        gap=float(ub - obj),
        runtime_s=runtime_s,
        pricing_calls=pricing_calls,
    )
