"""Rotations with a cyclic symmetry, found by CP-SAT on a much smaller model.

People are ``(i, j)`` with ``i`` in Z_m and ``j`` in ``0..c-1`` (``c`` orbits), plus
optionally one fixed person ``∞``. A *base round* is developed by adding ``d`` to every
``i`` (``d = 0..m-1``), giving ``m`` rounds; *invariant rounds* are the translates of one
transversal table ``{(o_0, 0), (o_1, 1), ...}``, which together form one round. Whether a
pair meets only depends on its orbit pair and difference, so the covering condition is a
few hundred constraints instead of one per pair and round (the classic difference-family
method of design theory, as in Ray-Chaudhuri and Wilson's constructions of Kirkman
systems). Used offline to fill the schedule library; every result is re-verified.
"""

from __future__ import annotations

from itertools import combinations

from ortools.sat.python import cp_model

from quartier.engine.grouping.solving import FEASIBLE, OPTIMAL, make_solver


def cyclic_cover(
    m: int,
    orbits: int,
    *,
    infinity: bool,
    invariant: int,
    table_min: int,
    table_max: int,
    tables: int,
    seed: int = 0,
    time_limit: float = 60.0,
) -> list[list[list[int]]] | None:
    """Rounds over ``m * orbits + infinity`` people (``(i, j)`` is ``j * m + i``, ``∞`` last)."""
    c = orbits
    if invariant and (c > table_max or c < table_min or (infinity and table_min > 1)):
        return None  # in an invariant round, ∞ sits alone
    points = [(i, j) for j in range(c) for i in range(m)] + ([("inf", -1)] if infinity else [])
    model = cp_model.CpModel()
    x = {(p, t): model.new_bool_var("") for p in range(len(points)) for t in range(tables)}
    for p in range(len(points)):
        model.add_exactly_one(x[p, t] for t in range(tables))
    for t in range(tables):
        size = sum(x[p, t] for p in range(len(points)))
        used = model.new_bool_var("")
        model.add(size >= table_min).only_enforce_if(used)
        model.add(size <= table_max).only_enforce_if(used)
        model.add(size == 0).only_enforce_if(~used)
    model.add(x[0, 0] == 1)
    offset = {
        (k, j, v): model.new_bool_var("")
        for k in range(invariant)
        for j in range(c)
        for v in range(m)
    }
    for k in range(invariant):
        for j in range(c):
            model.add_exactly_one(offset[k, j, v] for v in range(m))
        model.add(offset[k, 0, 0] == 1)

    def together(p: int, q: int) -> cp_model.IntVar:
        both = model.new_bool_var("")
        per_table = []
        for t in range(tables):
            y = model.new_bool_var("")
            model.add_implication(y, x[p, t])
            model.add_implication(y, x[q, t])
            per_table.append(y)
        model.add_bool_or(per_table).only_enforce_if(both)
        return both

    cache: dict[tuple[int, int], cp_model.IntVar] = {}

    def pair(p: int, q: int) -> cp_model.IntVar:
        key = (min(p, q), max(p, q))
        if key not in cache:
            cache[key] = together(*key)
        return cache[key]

    def index(i: int, j: int) -> int:
        return j * m + i % m

    for j, l_ in [(j, j) for j in range(c)] + list(combinations(range(c), 2)):
        diffs = range(1, m // 2 + 1) if j == l_ else range(m)
        for d in diffs:
            # orbit pair (j, l_) at difference d meets in a developed base round
            options = [pair(index(i, j), index(i + d, l_)) for i in range(m)]
            for k in range(invariant if j != l_ else 0):
                hit = model.new_bool_var("")
                for v in range(m):
                    # offsets o_j = v and o_l = v + d (or v - d for the same orbit)
                    model.add_bool_or([~hit, ~offset[k, j, v], offset[k, l_, (v + d) % m]])
                options.append(hit)
            model.add_bool_or(options)
    if infinity:
        inf = len(points) - 1
        for j in range(c):
            model.add_bool_or([pair(inf, index(i, j)) for i in range(m)])
    solver = make_solver(seed, time_limit)
    status = solver.solve(model)
    if status not in (OPTIMAL, FEASIBLE):
        return None
    base = [[p for p in range(len(points)) if solver.boolean_value(x[p, t])] for t in range(tables)]
    base = [t for t in base if t]
    rounds = []
    for d in range(m):
        rounds.append([[_shift(p, d, m, c) for p in table] for table in base])
    for k in range(invariant):
        offs = [
            next(v for v in range(m) if solver.boolean_value(offset[k, j, v])) for j in range(c)
        ]
        invariant_round = [[index(offs[j] + d, j) for j in range(c)] for d in range(m)]
        rounds.append(invariant_round + ([[m * c]] if infinity else []))
    return rounds


def _shift(p: int, d: int, m: int, c: int) -> int:
    if p == m * c:
        return p
    j, i = divmod(p, m)
    return j * m + (i + d) % m
