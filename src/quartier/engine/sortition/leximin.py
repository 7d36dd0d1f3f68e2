"""LEXIMIN (and MAXIMIN as its first level) by column generation over type panels.

Flanigan, Gölz, Gupta, Hennig and Procaccia (Nature 2021): maximise the smallest
selection probability, fix the types that cannot do better, then maximise the next
smallest, and so on. Each level is the LP

    max z   s.t.  sum_P p_P = 1,   sum_P p_P x_{P,t} / n_t >= z  (t unfixed),
                  sum_P p_P x_{P,t} / n_t >= f_t  (t fixed),   p >= 0

over all feasible panels P. Only a few panels are kept as columns; the row duals
``y_t`` of the type rows price a new panel (the MIP ``max sum_t y_t x_t / n_t``), which
enters when it beats the dual of the convexity row. When none does, the level is
optimal, ``max_P y.x/n - sum_fixed f_t y_t`` is a proven upper bound (the *gap* we
report), and complementary slackness says every type with a positive dual is tight in
every optimum, so those are fixed. One HiGHS model lives through all levels: fixing
a type only changes one coefficient and one bound, so the simplex restarts warm.

Most new columns come from cheap seat exchanges on basis panels (:mod:`panel_swaps`)
and a loose-gap MIP; only the exact MIP may end a level, so the shortcuts never weaken
the optimality proof.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from quartier.engine.sortition.certificate import FIX_SLACK, LevelCertificate
from quartier.engine.sortition.column_generation import (
    PanelSet,
    Progress,
    cover_types,
    no_progress,
)
from quartier.engine.sortition.decomposition import decompose
from quartier.engine.sortition.distribution import Distribution, make_distribution
from quartier.engine.sortition.errors import SortitionError
from quartier.engine.sortition.master_lp import MasterLP
from quartier.engine.sortition.panel_polytope import (
    INF,
    PROOF_TOLERANCE,
    PanelPolytope,
)
from quartier.engine.sortition.panel_swaps import PairSearch, SwapSearch
from quartier.engine.sortition.person_types import TypedPool
from quartier.engine.sortition.relaxation import RelaxedLeximin, relaxed_leximin

PRICING_TOLERANCE = 1e-10
SWAP_PANELS = 24  # basis panels tried per round, heaviest first ...
ENOUGH_COLUMNS = 24  # ... until this many improving columns are found
MIP_EVERY = 4  # exact pricing also runs every this many rounds, not only when exchanges fail
RELAXED_FLOOR = 1e-9  # below this the relaxation's minimum goes to the level search
LAGRANGIAN_SLACK = 1e-6  # certify with the MIP bound only where the Lagrangian leaves more


@dataclass(frozen=True)
class SolverStatus:
    """What the solver is doing, for progress lines: level, fixed types, columns, bound."""

    algorithm: str
    level: int
    fixed: int
    types: int
    columns: int
    value: float
    upper: float
    elapsed_s: float


StatusCallback = Callable[[SolverStatus], None]


def find_leximin(
    pool: TypedPool,
    *,
    levels: int | None = None,
    progress: Progress = no_progress,
    algorithm: str = "leximin",
    time_limit: float | None = None,
    status: StatusCallback | None = None,
    relaxation_first: bool = True,
) -> Distribution:
    """Exact LEXIMIN distribution (``levels=1`` stops after the MAXIMIN level).

    First the LEXIMIN of the LP relaxation is computed and decomposed into panels
    (:mod:`relaxation`, :mod:`decomposition`); only if its seats are not a lottery over
    panels (or ``relaxation_first`` is false) does the level-by-level column generation
    run, warm-started with the panels found.

    With ``time_limit`` (seconds) the search stops after the level it is in; the result
    is a feasible distribution whose finished levels carry their certificates and whose
    ``time_limited`` flag is set.
    """
    started = time.perf_counter()
    polytope = PanelPolytope(pool)
    relaxed = relaxed_leximin(pool) if relaxation_first else None
    warm: list[np.ndarray] = []
    if relaxation_first and relaxed is not None and relaxed.levels[0].value > RELAXED_FLOOR:
        found = _by_relaxation(
            pool, polytope, relaxed, levels, algorithm, time_limit, status, progress, started
        )
        if isinstance(found, Distribution):
            return found
        warm = found
    panels = PanelSet()
    first = polytope.any_panel()
    if first is None:
        raise SortitionError("infeasible", "no panel satisfies the quotas")
    panels.add(first)
    for counts in warm:
        panels.add(counts)
    swaps = SwapSearch(pool)
    pairs = PairSearch(pool)
    selectable = cover_types(polytope, panels)
    master = MasterLP(pool, selectable)
    for counts in panels.panels:
        master.add_panel(counts)
    del panels
    fixed = np.full(pool.count, np.nan)
    fixed[~selectable] = 0.0
    progress(algorithm, int(np.sum(~np.isnan(fixed))), pool.count)
    certificates: list[LevelCertificate] = []
    open_types: list[np.ndarray] = []
    level = 0
    weights = np.zeros(0)
    limited = False
    while np.isnan(fixed).any():
        level += 1
        bound = INF
        rounds = 0
        while True:
            z, convexity, y, weights = master.solve()
            weights = master.purge(weights)
            weights_t = y / pool.sizes
            # the LP relaxation of pricing (a millisecond) often already proves the level
            lagrangian = polytope.multipliers(weights_t)[3]
            if status is not None:
                status(_status(algorithm, level, fixed, y, master, z, lagrangian, started))
            if lagrangian <= convexity + PROOF_TOLERANCE:
                bound = lagrangian
                break
            swapped = _swap_columns(swaps, pairs, master, weights, weights_t, convexity)
            rounds += 1
            if swapped and rounds % MIP_EVERY:
                continue
            pricing = polytope.improve(weights_t, convexity)
            bound = pricing.bound
            added = sum(master.add_panel(counts) for counts in pricing.panels)
            if added or swapped:
                if time_limit is not None and time.perf_counter() - started > time_limit:
                    limited = True
                    z, convexity, y, weights = master.solve()
                    weights_t = y / pool.sizes
                    bound = float("nan")  # the MIP bound was for the previous duals
                    break
                continue
            break
        unfixed = np.isnan(fixed)
        open_types.append(unfixed.copy())
        certificates.append(_certificate(polytope, level, z, y, weights_t, fixed, bound))
        if limited:
            break
        candidates = np.flatnonzero(unfixed & (y > 1e-7))
        if len(candidates) == 0:
            candidates = np.array([int(np.argmax(np.where(unfixed, y, -1.0)))])
        for t in candidates:
            fixed[t] = z
            master.fix(int(t), z)
        certificates[-1] = _with_fixed(certificates[-1], candidates)
        progress(algorithm, int(np.sum(~np.isnan(fixed))), pool.count)
        if levels is not None and level >= levels:
            break
        if time_limit is not None and time.perf_counter() - started > time_limit:
            limited = bool(np.isnan(fixed).any())
            break
    if len(weights) < master.columns:  # columns added after the last solve have weight 0
        weights = np.concatenate((weights, np.zeros(master.columns - len(weights))))
    result = make_distribution(
        algorithm,
        pool,
        master.panels,
        weights,
        runtime_s=time.perf_counter() - started,
        pricing_calls=polytope.calls,
    )
    certificates = _settle(certificates, open_types, np.array(result.type_probabilities))
    gap = max((c.gap for c in certificates), default=0.0)
    return dataclasses.replace(
        result,
        objective=result.min_probability,
        upper_bound=result.min_probability + gap if certificates else INF,
        gap=gap if certificates else INF,
        certificates=tuple(certificates),
        time_limited=limited,
        unreachable=tuple(int(t) for t in np.flatnonzero(~selectable)),
    )


def _by_relaxation(
    pool: TypedPool,
    polytope: PanelPolytope,
    relaxed: RelaxedLeximin,
    levels: int | None,
    algorithm: str,
    time_limit: float | None,
    status: StatusCallback | None,
    progress: Progress,
    started: float,
) -> Distribution | list[np.ndarray]:
    """LEXIMIN over the relaxation, decomposed into panels (see :mod:`relaxation`).

    Returns the certified distribution when the relaxation's seats are a lottery, else
    the panels found on the way (a warm start for the level-by-level search).
    """
    kept = relaxed.levels if levels is None else relaxed.levels[:levels]
    fixed_count = int(sum(len(level.fixed) for level in kept))
    floor = relaxed.levels[0].value

    def report(z: float, columns: int) -> None:
        if status is not None:
            elapsed = time.perf_counter() - started
            value = max(0.0, z) * floor  # no type is below (1 - total shortfall) x*_t
            status(
                SolverStatus(
                    algorithm, len(kept), fixed_count, pool.count, columns, value, floor, elapsed
                )
            )

    done = 0  # the relaxation's levels (each a small LP) are already known
    for number, level in enumerate(kept, start=1):
        if status is not None:
            elapsed = time.perf_counter() - started
            status(
                SolverStatus(
                    algorithm, number, done, pool.count, 0, level.value, level.value, elapsed
                )
            )
        done += len(level.fixed)
        progress(algorithm, done, pool.count)
    deadline = None if time_limit is None else started + time_limit
    found = decompose(pool, relaxed.seats, deadline=deadline, status=report)
    if not found.reached:
        return [p for p, w in zip(found.panels, found.weights, strict=True) if w > 0]
    result = make_distribution(
        algorithm,
        pool,
        found.panels,
        found.weights,
        runtime_s=time.perf_counter() - started,
        pricing_calls=found.pricing_calls,
    )
    certificates = []
    for number, level in enumerate(kept, start=1):
        weights = level.duals / pool.sizes
        certificate = _certificate(
            polytope, number, level.value, level.duals, weights, np.zeros(0), float("nan")
        )
        certificates.append(_with_fixed(certificate, level.fixed))
    open_types = [level.open_types for level in kept]
    certificates = _settle(certificates, open_types, np.array(result.type_probabilities))
    gap = max(c.gap for c in certificates)
    return dataclasses.replace(
        result,
        objective=result.min_probability,
        upper_bound=result.min_probability + gap,
        gap=gap,
        certificates=tuple(certificates),
    )


def _status(
    algorithm: str,
    level: int,
    fixed: np.ndarray,
    y: np.ndarray,
    master: MasterLP,
    z: float,
    pricing_bound: float,
    started: float,
) -> SolverStatus:
    """Progress with the level's current proven upper bound (from the Lagrangian)."""
    unfixed = np.isnan(fixed)
    mass = float(np.sum(np.where(unfixed, 0.0, fixed) * y))
    return SolverStatus(
        algorithm,
        level,
        int(np.sum(~unfixed)),
        len(fixed),
        master.columns,
        z,
        min(1.0, pricing_bound - mass),
        time.perf_counter() - started,
    )


def _certificate(
    polytope: PanelPolytope,
    level: int,
    z: float,
    y: np.ndarray,
    type_weights: np.ndarray,
    fixed: np.ndarray,
    solver_bound: float,
) -> LevelCertificate:
    """The level's duals plus Lagrange multipliers whose bound anyone can recompute."""
    size, mu, eta, bound = polytope.multipliers(type_weights)
    duals = {int(t): float(y[t]) for t in np.flatnonzero(y > 0.0)}
    return LevelCertificate(
        level=level,
        value=z,
        upper=INF,  # set by _settle once the final probabilities are known
        type_duals=duals,
        size_multiplier=size,
        quota_multipliers=tuple(float(v) for v in mu),
        household_multipliers=tuple(float(v) for v in eta),
        fixed=(),
        lagrangian=bound,
        solver_bound=solver_bound,
    )


def _settle(
    certificates: list[LevelCertificate], open_types: list[np.ndarray], attained: np.ndarray
) -> list[LevelCertificate]:
    """Values and upper bounds exactly as the verifier recomputes them.

    A level's value is the smallest probability the final distribution gives its open
    types; its bound is ``(L - sum_fixed y_t f_t) / sum_open y_t`` with ``f_t`` the value
    of the level that fixed ``t`` (less a tiny slack), see :mod:`certificate`.
    """
    floor = np.zeros(len(attained))
    settled = []
    for certificate, mask in zip(certificates, open_types, strict=True):
        value = float(attained[mask].min()) if mask.any() else 0.0
        y = np.zeros(len(attained))
        for t, dual in certificate.type_duals.items():
            y[t] = dual
        done = ~mask
        mass = float(np.sum(y[done] * np.maximum(0.0, floor[done] - FIX_SLACK)))
        open_mass = float(y[mask].sum())
        upper = 1.0  # no probability exceeds 1 (the only bound when no open dual is positive)
        if open_mass > 0:
            upper = min(upper, (certificate.lagrangian - mass) / open_mass)
            mip = (certificate.solver_bound - mass) / open_mass
            if upper - value > LAGRANGIAN_SLACK and np.isfinite(mip) and mip < upper:
                upper = mip  # the LP relaxation is weak here: `verify` re-checks with a MIP
        settled.append(dataclasses.replace(certificate, value=value, upper=upper))
        floor[list(certificate.fixed)] = value
    return settled


def _with_fixed(certificate: LevelCertificate, types: np.ndarray) -> LevelCertificate:
    return dataclasses.replace(certificate, fixed=tuple(int(t) for t in types))


def _swap_columns(
    swaps: SwapSearch,
    pairs: PairSearch,
    master: MasterLP,
    weights: np.ndarray,
    type_weights: np.ndarray,
    convexity: float,
) -> bool:
    """Add improved versions of the heaviest basis panels; true if any was new."""
    added = 0
    order = np.argsort(-weights, kind="stable")[:SWAP_PANELS]
    for index in order:
        if weights[index] <= 0:
            break
        better = swaps.improve(master.panels[index], type_weights)
        if better is None:
            better = pairs.improve(master.panels[index], type_weights)
        if better is None:
            continue
        if float(type_weights @ better) > convexity + PRICING_TOLERANCE and master.add_panel(
            better
        ):
            added += 1
            if added >= ENOUGH_COLUMNS:
                break
    return added > 0


def find_maximin(
    pool: TypedPool,
    *,
    progress: Progress = no_progress,
    time_limit: float | None = None,
    status: StatusCallback | None = None,
) -> Distribution:
    """MAXIMIN: only the first LEXIMIN level (the smallest probability is optimal)."""
    return find_leximin(
        pool,
        levels=1,
        progress=progress,
        algorithm="maximin",
        time_limit=time_limit,
        status=status,
    )
