"""Optimality certificates for LEXIMIN levels that anyone can check with arithmetic alone.

Level ``l`` of LEXIMIN raises the smallest probability ``z_l`` among the people not yet
fixed (``U_l``) while everybody fixed earlier keeps at least ``f_i``. Its certificate is

* a weight ``w_i >= 0`` per person with ``sum_{i in U_l} w_i = 1`` (the LP duals y_t
  spread over each type's members), and
* multipliers for the panel-size row (``lambda``), every quota row (``mu_q``) and every
  shared household (``eta_h >= 0``).

For any feasible panel P, ``sum_{i in P} w_i <= L`` where the Lagrangian bound

    L = lambda k + sum_q (mu_q max_q if mu_q > 0 else mu_q min_q) + sum_h eta_h
        + sum_i max over x_i in [lo_i, hi_i] of (w_i - lambda - sum_{q ni i} mu_q - eta_h(i)) x_i

(``[lo_i, hi_i]`` is [1, 1] for people who must be included, [0, 0] for excluded people,
else [0, 1]) is weak LP duality. Averaging over any lottery gives
``sum_i w_i pi_i <= L``, and splitting the sum into ``U_l`` and the fixed people gives

    min_{i in U_l} pi_i  <=  L - sum_{i fixed} w_i f_i  =: upper_l.

So ``upper_l - z_l`` is a proven gap that a verifier recomputes in milliseconds from the
record, without any solver.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from quartier.engine.sortition.person_types import TypedPool

FIX_SLACK = 1e-10
WEIGHT_TOLERANCE = 1e-7


@dataclass(frozen=True)
class LevelCertificate:
    """One LEXIMIN level on the type level (see the module docstring)."""

    level: int
    value: float  # z_l
    upper: float  # proven upper bound on z_l
    type_duals: dict[int, float]  # y_t > 0 (types that were unfixed or fixed earlier)
    size_multiplier: float
    quota_multipliers: tuple[float, ...]
    household_multipliers: tuple[float, ...]
    fixed: tuple[int, ...]  # types fixed at the end of this level
    solver_bound: float = float("nan")  # the MIP's own (tighter) bound, for information

    @property
    def gap(self) -> float:
        return max(0.0, self.upper - self.value)


def lagrangian_bound(
    pool: TypedPool,
    type_weights: np.ndarray,
    size_multiplier: float,
    quota_multipliers: np.ndarray,
    household_multipliers: np.ndarray,
) -> float:
    """Upper bound on ``max_P sum_t type_weights[t] x_t`` over integer panels, per type."""
    problem = pool.problem
    reduced = type_weights - size_multiplier
    total = size_multiplier * problem.panel_size
    for members, mu, q in zip(pool.quota_members, quota_multipliers, problem.quotas, strict=True):
        reduced[members] -= mu
        total += mu * (q.max if mu > 0 else q.min)
    for members, eta in zip(pool.households, household_multipliers, strict=True):
        reduced[members] -= eta
        total += eta
    upper = np.where(reduced > 0, pool.sizes, pool.lower)
    return float(total + np.sum(reduced * upper))


@dataclass
class PersonCertificate:
    """A level certificate in terms of people and quota names, as stored in the audit."""

    level: int
    value: float
    upper: float
    weights: dict[str, float]
    size_multiplier: float
    quota_multipliers: list[list[Any]]  # [category, value, mu]
    household_multipliers: dict[str, float]
    fixed: list[str]
    solver_bound: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "value": self.value,
            "upper": self.upper,
            "weights": self.weights,
            "size_multiplier": self.size_multiplier,
            "quota_multipliers": self.quota_multipliers,
            "household_multipliers": self.household_multipliers,
            "fixed": self.fixed,
            "solver_bound": self.solver_bound,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PersonCertificate:
        return cls(
            level=int(data["level"]),
            value=float(data["value"]),
            upper=float(data["upper"]),
            weights={str(k): float(v) for k, v in data["weights"].items()},
            size_multiplier=float(data["size_multiplier"]),
            quota_multipliers=[list(row) for row in data["quota_multipliers"]],
            household_multipliers={
                str(k): float(v) for k, v in data.get("household_multipliers", {}).items()
            },
            fixed=[str(i) for i in data["fixed"]],
            solver_bound=data.get("solver_bound"),
        )


def to_people(pool: TypedPool, level: LevelCertificate) -> PersonCertificate:
    """Spread type duals over the members (w_i = y_t / n_t) and name the multipliers."""
    weights: dict[str, float] = {}
    for t, y in sorted(level.type_duals.items()):
        share = y / float(pool.sizes[t])
        for pid in pool.types[t].members:
            weights[pid] = share
    problem = pool.problem
    homes = {}
    for members, eta in zip(pool.households, level.household_multipliers, strict=True):
        if eta != 0.0:
            homes[str(pool.types[int(members[0])].household)] = float(eta)
    return PersonCertificate(
        level=level.level,
        value=level.value,
        upper=level.upper,
        weights=weights,
        size_multiplier=level.size_multiplier,
        quota_multipliers=[
            [q.category, q.value, float(mu)]
            for q, mu in zip(problem.quotas, level.quota_multipliers, strict=True)
            if mu != 0.0
        ],
        household_multipliers=homes,
        fixed=sorted(pid for t in level.fixed for pid in pool.types[t].members),
        solver_bound=None if level.solver_bound != level.solver_bound else level.solver_bound,
    )
