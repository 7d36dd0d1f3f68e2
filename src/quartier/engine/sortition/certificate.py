"""Optimality certificates for LEXIMIN levels that anyone can check with arithmetic alone.

Level ``l`` of LEXIMIN raises the smallest probability ``z_l`` among the people not yet
fixed (``U_l``) while everybody fixed earlier keeps at least ``f_i``. Its certificate is

* a weight ``w_i >= 0`` per person (the LP duals y_t spread over each type's members;
  they sum to 1 over ``U_l``), and
* multipliers for the panel-size row (``lambda``), every quota row (``mu_q``) and every
  shared household (``eta_h >= 0``).

For any feasible panel P, ``sum_{i in P} w_i <= L`` where the Lagrangian bound

    L = lambda k + sum_q (mu_q max_q if mu_q > 0 else mu_q min_q) + sum_h eta_h
        + sum_i max over x_i in [lo_i, hi_i] of (w_i - lambda - sum_{q ni i} mu_q - eta_h(i)) x_i

(``[lo_i, hi_i]`` is [1, 1] for people who must be included, [0, 0] for excluded people,
else [0, 1]) is weak LP duality. Averaging over any lottery gives
``sum_i w_i pi_i <= L``, and splitting the sum into ``U_l`` and the fixed people gives

    min_{i in U_l} pi_i  <=  (L - sum_{i fixed} w_i f_i) / sum_{i in U_l} w_i  =: upper_l

(and at most 1, which is the bound when no open weight is positive).

So ``upper_l - z_l`` is a proven gap that a verifier recomputes in milliseconds from the
record, without any solver.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from quartier.engine.sortition.person_types import TypedPool

FIX_SLACK = 1e-10
SOLVER_ACCURACY = 1e-9
MAX_SLACK = 1e-6  # in probability: a record may understate its gap by at most this


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
    lagrangian: float = float("inf")  # L, the Lagrangian bound on the best panel's weight
    solver_bound: float = float("nan")  # the MIP's own bound on it, for information

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


@dataclass(frozen=True)
class Issue:
    """One failed check of :func:`verification.verify`, with a code for translation."""

    code: str
    message: str
    params: dict[str, Any] = field(default_factory=dict)


def check_levels(
    audit: Any, people: Any, exact: np.ndarray, issues: list[Issue], checks: list[Issue]
) -> None:
    """Check every level certificate of a LEXIMIN/MAXIMIN record with arithmetic only.

    ``people`` is the verifier's index of the pool (quota incidence, households,
    include/exclude); ``exact`` the probabilities recomputed from the distribution.
    """
    levels = [PersonCertificate.from_json(c) for c in audit.certificates]
    if not levels:
        issues.append(Issue("certificate_missing", "the record carries no optimality certificate"))
        return
    n = len(people.ids)
    active = ~people.excluded
    low_x = np.where(people.included, 1.0, 0.0)
    high_x = np.where(people.excluded, 0.0, 1.0)
    reachable = active.copy()
    for pid in audit.distribution.get("unreachable", []):
        i = people.index.get(pid)
        if i is None or exact[i] > 0:
            issues.append(
                Issue("certificate_invalid", f"{pid!r} is called unreachable", {"person": pid})
            )
            return
        reachable[i] = False
    if not reachable.all() and (~reachable & active).any():
        unreachable = int((~reachable & active).sum())
        checks.append(
            Issue(
                "check_unreachable",
                f"{unreachable} people can be on no panel "
                "(the solver's finding; not part of the certificate)",
                {"people": unreachable},
            )
        )
    complete = audit.algorithm == "leximin" and not audit.time_limited
    floor = np.zeros(n)  # f_i for people fixed so far
    fixed = np.zeros(n, dtype=bool)
    quota_position = {(q.category, q.value): j for j, q in enumerate(people.problem.quotas)}
    worst = 0.0
    claimed = 0.0
    by_mip = 0
    for number, level in enumerate(sorted(levels, key=lambda c: c.level), start=1):
        where = f"level {number}"
        if level.level != number:
            issues.append(Issue("certificate_order", f"{where} is numbered {level.level}"))
            return
        weights = np.zeros(n)
        for pid, w in level.weights.items():
            i = people.index.get(pid)
            if i is None or w < 0:
                issues.append(
                    Issue(
                        "certificate_invalid", f"{where}: bad weight for {pid!r}", {"level": number}
                    )
                )
                return
            weights[i] = w
        unfixed = reachable & ~fixed
        open_mass = float(weights[unfixed].sum())
        if weights[~active].any():
            issues.append(
                Issue(
                    "certificate_invalid",
                    f"{where}: an excluded person has a weight",
                    {"level": number},
                )
            )
            return
        mu = np.zeros(len(people.problem.quotas))
        for category, value, multiplier in level.quota_multipliers:
            j = quota_position.get((category, value))
            if j is None:
                issues.append(
                    Issue(
                        "certificate_invalid",
                        f"{where}: unknown quota {category}={value}",
                        {"level": number},
                    )
                )
                return
            mu[j] = float(multiplier)
        eta = np.zeros(max(1, len(people.home_names)))
        home_position = {h: j for j, h in enumerate(people.home_names)}
        for home, multiplier in level.household_multipliers.items():
            if home not in home_position or multiplier < 0:
                issues.append(
                    Issue(
                        "certificate_invalid",
                        f"{where}: bad household multiplier",
                        {"level": number},
                    )
                )
                return
            eta[home_position[home]] = multiplier
        lam = level.size_multiplier
        reduced = weights - lam - people.quota @ mu
        shared = people.home >= 0
        reduced[shared] -= eta[people.home[shared]]
        # exactly rounded sums: bound and mass are close (about 154 and 153.9 on real
        # pools), so their difference must not lose digits to summation order
        bound = math.fsum(
            [
                lam * people.problem.panel_size,
                *np.where(mu > 0, mu * people.high, mu * people.low),
                *eta[: len(people.home_names)],
                *np.maximum(reduced * low_x, reduced * high_x),
            ]
        )
        mass = math.fsum(weights[fixed] * np.maximum(0.0, floor[fixed] - FIX_SLACK))
        upper = 1.0 if open_mass <= 0 else min(1.0, (bound - mass) / open_mass)
        # the solvers prove bounds to a relative 1e-9 of the best panel's weight (the LP's
        # dual tolerance, the MIP's gap); a claim within that of the proof is accepted and
        # the gap reported below is the one the arithmetic proves, never the claim. The
        # cap keeps inflated weights from buying a visible slack.
        relative = SOLVER_ACCURACY * max(1.0, abs(bound)) / open_mass if open_mass else 0.0
        slack = 1e-9 + min(relative, MAX_SLACK)
        attained = float(exact[unfixed].min()) if unfixed.any() else 0.0
        if attained < level.value - 1e-9:
            issues.append(
                Issue(
                    "certificate_value",
                    f"{where}: the distribution's smallest open probability is {attained:.9f}, "
                    f"not the recorded {level.value:.9f}",
                    {"level": number, "found": f"{attained:.9f}", "recorded": f"{level.value:.9f}"},
                )
            )
            return
        if upper > level.upper + slack and open_mass > 0:
            # the LP relaxation is weak at this level: bound the best panel exactly
            exact_bound = people.best_panel_bound(weights)
            upper = min(upper, (exact_bound - mass) / open_mass)
            by_mip += 1
        if upper > level.upper + slack:
            issues.append(
                Issue(
                    "certificate_bound",
                    f"{where}: the certificate proves only {upper:.9f}, "
                    f"the record claims {level.upper:.9f}",
                    {"level": number, "found": f"{upper:.9f}", "recorded": f"{level.upper:.9f}"},
                )
            )
            return
        worst = max(worst, upper - level.value)
        claimed = max(claimed, level.upper - level.value)
        for pid in level.fixed:
            i = people.index.get(pid)
            if i is None or fixed[i] or not unfixed[i]:
                issues.append(
                    Issue("certificate_invalid", f"{where} fixes {pid!r} twice", {"level": number})
                )
                return
            fixed[i] = True
            floor[i] = level.value
    if complete and np.any(reachable & ~fixed):
        issues.append(Issue("certificate_incomplete", "some people are in no LEXIMIN level"))
        return
    if audit.algorithm == "maximin" and len(levels) != 1:
        issues.append(Issue("certificate_invalid", "a MAXIMIN record has exactly one level"))
        return
    if abs(max(0.0, claimed) - audit.gap) > 1e-9:
        issues.append(
            Issue(
                "gap_mismatch",
                f"the certificates give a gap of {max(0.0, claimed):.3e}, "
                f"the record says {audit.gap:.3e}",
                {"found": f"{max(0.0, claimed):.3e}", "recorded": f"{audit.gap:.3e}"},
            )
        )
        return
    checks.append(
        Issue(
            "check_certificates",
            f"{len(levels)} level certificate(s) prove optimality up to a gap of "
            f"{max(0.0, worst):.1e}",
            {"levels": len(levels), "gap": f"{max(0.0, worst):.1e}"},
        )
    )
    if by_mip:
        checks.append(
            Issue(
                "check_certificates_mip",
                f"{by_mip} level(s) bounded by an exact MIP",
                {"mip": by_mip},
            )
        )
