"""LEXIMIN over the LP relaxation of the panel polytope: a short sequence of small LPs.

People of a type are interchangeable, so a lottery is described by its expected seats
per type ``x_t = E[x_{P,t}]``, a point of the convex hull of the integer panels. That
hull lies inside the *relaxation* ``R = {x : lo <= x <= n, sum x = k, quotas,
households}`` (the same rows without integrality). LEXIMIN over ``R`` needs no column
generation: each level is one LP in the ~300 type variables,

    max z  s.t.  x in R,   x_t / n_t >= z  (open t, dual y_t),   x_t / n_t >= f_t  (fixed t)

and the open types with a positive dual are fixed at ``z``. Because hull ⊆ R, the result
is an upper bound in the leximin order. If its seat vector ``x*`` can be written as a
convex combination of integer panels (:mod:`decomposition`), the panels attain it, so
it is the exact LEXIMIN, and each level's duals are already a certificate of the form
:mod:`certificate` checks: by LP duality ``max_{x in R} sum_t y_t x_t / n_t`` (the
Lagrangian bound L) equals ``z + sum_fixed y_t f_t``.
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np

from quartier.engine.sortition.panel_polytope import INF, quiet_highs
from quartier.engine.sortition.person_types import TypedPool

DUAL_POSITIVE = 1e-9  # a type whose level dual exceeds this is fixed
LEVEL_SLACK = 1e-10  # fixed rows may fall short of their level by this (LP tolerance)
RETRY_SLACKS = (1e-9, 1e-8)  # ... or by this, if the LP calls the fixed rows infeasible


@dataclass(frozen=True)
class RelaxedLevel:
    """One level of LEXIMIN over the relaxation: its value, duals and newly fixed types."""

    value: float
    duals: np.ndarray  # y_t >= 0 per type (open and fixed rows), summing to 1 over open
    open_types: np.ndarray  # mask of the types still open at this level
    fixed: np.ndarray  # indices of the types fixed at the end of this level


@dataclass(frozen=True)
class RelaxedLeximin:
    """The relaxation's LEXIMIN seat vector ``x*`` and its levels."""

    seats: np.ndarray  # x*_t, expected seats per type
    probabilities: np.ndarray  # x*_t / n_t
    levels: tuple[RelaxedLevel, ...]


def relaxed_leximin(pool: TypedPool) -> RelaxedLeximin | None:
    """LEXIMIN over the relaxation R, or ``None`` if R is empty or an LP fails."""
    n = pool.count
    h = quiet_highs()
    h.setOptionValue("solver", "simplex")
    h.setOptionValue("primal_feasibility_tolerance", 1e-9)
    h.setOptionValue("dual_feasibility_tolerance", 1e-10)
    h.addVars(n, pool.lower.astype(float), pool.sizes.astype(float))
    k = float(pool.problem.panel_size)
    h.addRow(k, k, n, np.arange(n, dtype=np.int32), np.ones(n))
    for members, q in zip(pool.quota_members, pool.problem.quotas, strict=True):
        h.addRow(float(q.min), float(q.max), len(members), members, np.ones(len(members)))
    for members in pool.households:
        h.addRow(-INF, 1.0, len(members), members, np.ones(len(members)))
    z = n
    h.addVar(0.0, 1.0)
    h.changeColCost(z, 1.0)
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    first = h.getNumRow()
    for t in range(n):
        pair = np.array([t, z], dtype=np.int32)
        h.addRow(0.0, INF, 2, pair, np.array([1.0 / float(pool.sizes[t]), -1.0]))
    fixed = np.zeros(n, dtype=bool)
    value = np.zeros(n)
    levels: list[RelaxedLevel] = []
    seats = np.zeros(n)
    while not fixed.all():
        if not _solve(h, first, value, fixed):
            return None
        solution = h.getSolution()
        level = float(solution.col_value[z])
        seats = np.array(solution.col_value[:n])
        y = np.clip(-np.array(solution.row_dual[first:]), 0.0, None)
        open_types = ~fixed
        candidates = np.flatnonzero(open_types & (y > DUAL_POSITIVE))
        if len(candidates) == 0:  # degenerate duals: fix the smallest open type
            share = np.where(open_types, seats / pool.sizes, INF)
            candidates = np.array([int(np.argmin(share))])
        mass = float(y[open_types].sum())
        if mass > 0:
            y = y / mass
        levels.append(RelaxedLevel(level, y, open_types.copy(), candidates))
        for index in candidates:
            fixed[index] = True
            value[index] = level
            h.changeCoeff(first + int(index), z, 0.0)
            h.changeRowBounds(first + int(index), max(0.0, level - LEVEL_SLACK), INF)
    return RelaxedLeximin(seats=seats, probabilities=seats / pool.sizes, levels=tuple(levels))


def _solve(h: highspy.Highs, first: int, value: np.ndarray, fixed: np.ndarray) -> bool:
    """Solve; on numerical trouble after fixing, restart cold with slightly looser rows."""
    h.run()
    for slack in RETRY_SLACKS:
        if h.getModelStatus() == highspy.HighsModelStatus.kOptimal:
            return True
        for t in np.flatnonzero(fixed):
            h.changeRowBounds(first + int(t), max(0.0, float(value[t]) - slack), INF)
        h.clearSolver()
        h.run()
    return h.getModelStatus() == highspy.HighsModelStatus.kOptimal
