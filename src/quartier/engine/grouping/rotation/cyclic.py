"""Rotations with a cyclic symmetry, found by CP-SAT on a much smaller model.

People are ``(i, j)`` with ``i`` in Z_m and ``j`` in ``0..c-1`` (``c`` orbits), plus
``f`` fixed people ``∞_0..∞_{f-1}``. Each of ``B`` *base rounds* is developed by adding
``d`` to every ``i`` (``d = 0..m-1``; fixed people stay put), giving ``B * m`` rounds;
*invariant rounds* are the translates of one transversal table ``{(o_0, 0), (o_1, 1),
...}``, which together form one round, with the fixed people at one table of their own.
Whether a pair meets only depends on its orbit pair and difference, so the covering
condition is a few hundred constraints instead of one per pair and round (the classic
difference-family method of design theory, as in Ray-Chaudhuri and Wilson's constructions
of Kirkman systems; several base rounds and fixed points as in 1-rotational and
k-rotational resolvable designs). Used offline to fill the schedule library; every result
is re-verified.
"""

from __future__ import annotations

from itertools import combinations

from ortools.sat.python import cp_model

from quartier.engine.grouping.solving import FEASIBLE, OPTIMAL, make_solver


def cyclic_cover(
    m: int,
    orbits: int,
    *,
    infinity: bool = False,
    fixed: int = 0,
    bases: int = 1,
    invariant: int,
    table_min: int,
    table_max: int,
    tables: int,
    seed: int = 0,
    time_limit: float = 60.0,
) -> list[list[list[int]]] | None:
    """Rounds over ``m * orbits + fixed`` people (``(i, j)`` is ``j * m + i``, ``∞_k`` is
    ``m * orbits + k``); ``infinity=True`` is ``fixed=1``. None when not found in time."""
    c = orbits
    f = max(fixed, 1 if infinity else 0)
    if invariant and not table_min <= c <= table_max:
        return None
    if invariant and f and not table_min <= f <= table_max:
        return None  # in an invariant round the fixed people share one table
    size = m * c + f
    model = cp_model.CpModel()
    x = {
        (b, p, t): model.new_bool_var("")
        for b in range(bases)
        for p in range(size)
        for t in range(tables)
    }
    for b in range(bases):
        for p in range(size):
            model.add_exactly_one(x[b, p, t] for t in range(tables))
        for t in range(tables):
            members = sum(x[b, p, t] for p in range(size))
            used = model.new_bool_var("")
            model.add(members >= table_min).only_enforce_if(used)
            model.add(members <= table_max).only_enforce_if(used)
            model.add(members == 0).only_enforce_if(~used)
    model.add(x[0, 0, 0] == 1)
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

    cache: dict[tuple[int, int, int], cp_model.IntVar] = {}

    def together(b: int, p: int, q: int) -> cp_model.IntVar:
        key = (b, min(p, q), max(p, q))
        if key not in cache:
            both = model.new_bool_var("")
            per_table = []
            for t in range(tables):
                y = model.new_bool_var("")
                model.add_implication(y, x[b, p, t])
                model.add_implication(y, x[b, q, t])
                per_table.append(y)
            model.add_bool_or(per_table).only_enforce_if(both)
            cache[key] = both
        return cache[key]

    def index(i: int, j: int) -> int:
        return j * m + i % m

    for j, l_ in [(j, j) for j in range(c)] + list(combinations(range(c), 2)):
        diffs = range(1, m // 2 + 1) if j == l_ else range(m)
        for d in diffs:
            # orbit pair (j, l_) at difference d meets in a developed base round
            options = [
                together(b, index(i, j), index(i + d, l_)) for b in range(bases) for i in range(m)
            ]
            for k in range(invariant if j != l_ else 0):
                hit = model.new_bool_var("")
                for v in range(m):
                    # offsets o_j = v and o_l = v + d
                    model.add_bool_or([~hit, ~offset[k, j, v], offset[k, l_, (v + d) % m]])
                options.append(hit)
            model.add_bool_or(options)
    for a in range(f):
        inf = m * c + a
        for j in range(c):
            model.add_bool_or(
                [together(b, inf, index(i, j)) for b in range(bases) for i in range(m)]
            )
        for other in range(a + 1, f):
            if not invariant:
                model.add_bool_or([together(b, inf, m * c + other) for b in range(bases)])
    solver = make_solver(seed, time_limit)
    status = solver.solve(model)
    if status not in (OPTIMAL, FEASIBLE):
        return None
    rounds = []
    for b in range(bases):
        base = [[p for p in range(size) if solver.boolean_value(x[b, p, t])] for t in range(tables)]
        base = [t for t in base if t]
        for d in range(m):
            rounds.append([[_shift(p, d, m, c) for p in table] for table in base])
    for k in range(invariant):
        offs = [
            next(v for v in range(m) if solver.boolean_value(offset[k, j, v])) for j in range(c)
        ]
        invariant_round = [[index(offs[j] + d, j) for j in range(c)] for d in range(m)]
        rounds.append(invariant_round + ([list(range(m * c, size))] if f else []))
    return rounds


def _shift(p: int, d: int, m: int, c: int) -> int:
    if p >= m * c:
        return p
    j, i = divmod(p, m)
    return j * m + (i + d) % m
