"""Balanced split: divide people into groups that each look like the whole.

Used for collegial consultation (14 people -> 2 groups of 7) and for tables at a
meeting. For every chosen attribute (age band, gender, neighbourhood...) and every value
``v`` with ``N_v`` people overall, a group of size ``s_g`` should hold ``N_v * s_g / n``
people with value ``v``. We minimize the weighted sum of ``|count - target|`` over groups,
attributes and values. Multiplying by ``n`` makes every term integral
(``|n * count - N_v * s_g|``), which keeps the CP-SAT model exact even though group sizes
are variables.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from quartier.engine.grouping.errors import Explanation, Infeasible, InvalidInput, NoSolutionFound
from quartier.engine.grouping.quality import Quality
from quartier.engine.grouping.solving import FEASIBLE, INFEASIBLE, OPTIMAL, Budget


@dataclass(frozen=True)
class Person:
    """Someone to place; ``attributes`` maps attribute name to value (missing = "")."""

    id: str
    attributes: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class AttributeBalance:
    """How far the groups are from the population on one attribute.

    ``counts[g][k]`` people of value ``values[k]`` sit in group ``g``; ``targets[g][k]`` is
    the proportional share. ``deviation`` is the sum of ``|count - target|`` over groups and
    values, ``max_deviation`` its largest single term (both in people).
    """

    attribute: str
    values: tuple[str, ...]
    overall: tuple[int, ...]
    counts: tuple[tuple[int, ...], ...]
    targets: tuple[tuple[float, ...], ...]
    deviation: float
    max_deviation: float


@dataclass(frozen=True)
class SplitResult:
    """Groups of person ids, balance per attribute, and the solver's quality report.

    ``quality.objective`` is the weighted total deviation (sum of ``weight * deviation``).
    """

    groups: tuple[tuple[str, ...], ...]
    balance: tuple[AttributeBalance, ...]
    quality: Quality

    def group_of(self, person_id: str) -> int:
        for index, members in enumerate(self.groups):
            if person_id in members:
                return index
        raise KeyError(person_id)


def split(
    people: Sequence[Person],
    *,
    groups: int | None = None,
    size_min: int | None = None,
    size_max: int | None = None,
    equal_sizes: bool = True,
    attributes: Sequence[str] | None = None,
    weights: Mapping[str, int] | None = None,
    together: Iterable[tuple[str, str]] = (),
    apart: Iterable[tuple[str, str]] = (),
    seed: int = 0,
    time_limit: float = 10.0,
) -> SplitResult:
    """Split ``people`` into ``groups`` groups, or into as few groups as the size bounds allow.

    ``equal_sizes`` keeps sizes within one of each other (as well as within the bounds);
    turn it off when together-pairs need uneven groups. ``attributes`` defaults to every
    attribute seen; ``weights`` (default 1) make an attribute count more. ``together`` and
    ``apart`` are hard pair constraints (e.g. a supervisor and their team member apart).
    """
    budget = Budget(time_limit)
    ids = [p.id for p in people]
    _check_ids(ids)
    n = len(ids)
    group_count, lo, hi = _sizes(n, groups, size_min, size_max, equal_sizes)
    attrs = list(attributes) if attributes is not None else _all_attributes(people)
    weight_of = {a: int((weights or {}).get(a, 1)) for a in attrs}
    if any(w < 0 for w in weight_of.values()):
        raise InvalidInput("split.negative_weight", "Attribute weights must be >= 0.")
    index = {pid: i for i, pid in enumerate(ids)}
    together_pairs = _pairs(together, index, "together")
    apart_pairs = _pairs(apart, index, "apart")
    _precheck_pairs(ids, together_pairs, apart_pairs, group_count, hi)

    model = cp_model.CpModel()
    x = [[model.new_bool_var(f"x{i}_{g}") for g in range(group_count)] for i in range(n)]
    for i in range(n):
        model.add_exactly_one(x[i])
        for g in range(i + 1, group_count):
            model.add(x[i][g] == 0)  # groups are interchangeable: person i opens at most group i
    sizes = [model.new_int_var(lo, hi, f"size{g}") for g in range(group_count)]
    for g in range(group_count):
        model.add(sum(x[i][g] for i in range(n)) == sizes[g])
    labelled: list[tuple[cp_model.IntVar, Explanation]] = []
    for i, j in together_pairs:
        lit = model.new_bool_var(f"together{i}_{j}")
        for g in range(group_count):
            model.add(x[i][g] == x[j][g]).only_enforce_if(lit)
        labelled.append((lit, _pair_explanation("together", ids[i], ids[j])))
    for i, j in apart_pairs:
        lit = model.new_bool_var(f"apart{i}_{j}")
        for g in range(group_count):
            model.add(x[i][g] + x[j][g] <= 1).only_enforce_if(lit)
        labelled.append((lit, _pair_explanation("apart", ids[i], ids[j])))

    terms: list[cp_model.LinearExprT] = []
    for attr in attrs:
        if weight_of[attr] == 0:
            continue
        for value, members in _value_members(people, attr).items():
            total = len(members)
            if total in (0, n):
                continue  # everyone or no one: every group matches exactly
            for g in range(group_count):
                expr = n * sum(x[i][g] for i in members) - total * sizes[g]
                # Counts are integers, so a term can never beat the rounding of its target:
                # stating this floor explicitly gives CP-SAT a much better bound.
                floor = min(_rounding_floor(n, total, size) for size in range(lo, hi + 1))
                dev = model.new_int_var(floor, n * hi, f"dev_{attr}_{value}_{g}")
                model.add(dev >= expr)
                model.add(dev >= -expr)
                terms.append(weight_of[attr] * dev)
    model.minimize(sum(terms))
    model.add_assumptions([lit for lit, _ in labelled])

    solver = budget.solver(seed)
    status = budget.solve(solver, model)
    if status == INFEASIBLE:
        core = set(solver.sufficient_assumptions_for_infeasibility())
        reasons = tuple(expl for lit, expl in labelled if lit.index in core)
        reasons += (
            Explanation(
                "split.group_sizes",
                f"{group_count} groups of {lo} to {hi} people each",
                {"groups": group_count, "size_min": lo, "size_max": hi},
            ),
        )
        raise Infeasible(
            "split.infeasible", "No split satisfies these constraints together:", {}, reasons
        )
    if status not in (OPTIMAL, FEASIBLE):
        raise NoSolutionFound(
            "split.no_solution_in_time",
            f"No split found within {time_limit:g} seconds; allow more time.",
            {"time_limit": time_limit},
        )
    members_of: list[list[str]] = [[] for _ in range(group_count)]
    for i in range(n):
        for g in range(group_count):
            if solver.boolean_value(x[i][g]):
                members_of[g].append(ids[i])
    result_groups = tuple(tuple(m) for m in members_of)
    balance = tuple(measure_balance(people, result_groups, attrs))
    objective = sum(weight_of[b.attribute] * b.deviation for b in balance)
    bound = solver.best_objective_bound / n if n else 0.0
    quality = Quality.of(
        objective,
        min(bound, objective),
        budget.elapsed(),
        "cp-sat",
        proven=status == OPTIMAL,
        time_limit_hit=budget.hit,
    )
    return SplitResult(groups=result_groups, balance=balance, quality=quality)


def measure_balance(
    people: Sequence[Person], groups: Sequence[Sequence[str]], attributes: Sequence[str]
) -> list[AttributeBalance]:
    """Deviation of each group from the proportional target, per attribute (no solving)."""
    n = len(people)
    by_id = {p.id: p for p in people}
    result = []
    for attr in attributes:
        values = sorted({p.attributes.get(attr, "") for p in people})
        overall = tuple(sum(1 for p in people if p.attributes.get(attr, "") == v) for v in values)
        counts = tuple(
            tuple(sum(1 for pid in g if by_id[pid].attributes.get(attr, "") == v) for v in values)
            for g in groups
        )
        targets = tuple(tuple(total * len(g) / n for total in overall) for g in groups)
        diffs = [
            abs(c - t)
            for row_c, row_t in zip(counts, targets, strict=True)
            for c, t in zip(row_c, row_t, strict=True)
        ]
        result.append(
            AttributeBalance(
                attribute=attr,
                values=tuple(values),
                overall=overall,
                counts=counts,
                targets=targets,
                deviation=sum(diffs),
                max_deviation=max(diffs, default=0.0),
            )
        )
    return result


def _rounding_floor(n: int, total: int, size: int) -> int:
    """Smallest ``|n * count - total * size|`` over integer counts."""
    rest = (total * size) % n
    return min(rest, n - rest)


def _check_ids(ids: list[str]) -> None:
    if not ids:
        raise InvalidInput("split.no_people", "There is nobody to split.")
    seen: set[str] = set()
    for pid in ids:
        if pid in seen:
            raise InvalidInput(
                "split.duplicate_person", f"Person {pid!r} appears twice.", {"person": pid}
            )
        seen.add(pid)


def _sizes(
    n: int, groups: int | None, size_min: int | None, size_max: int | None, equal: bool
) -> tuple[int, int, int]:
    """Number of groups and the size bounds each group must respect."""
    smin = 1 if size_min is None else size_min
    smax = n if size_max is None else size_max
    if smin < 1 or smax < smin:
        raise InvalidInput(
            "split.bad_size_bounds",
            f"Group sizes must satisfy 1 <= minimum ({smin}) <= maximum ({smax}).",
            {"size_min": smin, "size_max": smax},
        )
    if groups is None:
        if size_min is None and size_max is None:
            raise InvalidInput(
                "split.no_group_count", "Give either a number of groups or group size bounds."
            )
        groups = -(-n // smax)
    if groups < 1:
        raise InvalidInput(
            "split.bad_group_count", "The number of groups must be at least 1.", {"groups": groups}
        )
    lo, hi = smin, smax
    if equal:
        lo, hi = max(lo, n // groups), min(hi, -(-n // groups))
    if groups * lo > n or groups * hi < n or lo > hi:
        raise Infeasible(
            "split.sizes_impossible",
            f"{n} people cannot form {groups} groups of {smin} to {smax} people"
            + (" of equal size." if equal else "."),
            {"people": n, "groups": groups, "size_min": smin, "size_max": smax},
        )
    return groups, lo, hi


def _all_attributes(people: Sequence[Person]) -> list[str]:
    seen: dict[str, None] = {}
    for p in people:
        for key in p.attributes:
            seen.setdefault(key, None)
    return list(seen)


def _value_members(people: Sequence[Person], attr: str) -> dict[str, list[int]]:
    members: dict[str, list[int]] = {}
    for i, p in enumerate(people):
        members.setdefault(p.attributes.get(attr, ""), []).append(i)
    return dict(sorted(members.items()))


def _pairs(
    pairs: Iterable[tuple[str, str]], index: Mapping[str, int], kind: str
) -> list[tuple[int, int]]:
    result = []
    for a, b in pairs:
        for pid in (a, b):
            if pid not in index:
                raise InvalidInput(
                    "split.unknown_person",
                    f"The {kind} pair ({a}, {b}) names {pid!r}, who is not in the list.",
                    {"person": pid, "kind": kind},
                )
        if a == b:
            raise InvalidInput(
                "split.self_pair", f"The {kind} pair ({a}, {b}) names one person twice.", {}
            )
        result.append((index[a], index[b]))
    return result


def _pair_explanation(kind: str, a: str, b: str) -> Explanation:
    verb = "must be in the same group" if kind == "together" else "must be in different groups"
    return Explanation(f"split.{kind}", f"{a} and {b} {verb}", {"a": a, "b": b})


def _precheck_pairs(
    ids: list[str],
    together: list[tuple[int, int]],
    apart: list[tuple[int, int]],
    group_count: int,
    size_max: int,
) -> None:
    """Cheap contradictions, explained before any solving."""
    parent = list(range(len(ids)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in together:
        parent[find(i)] = find(j)
    components: dict[int, list[int]] = {}
    for i in range(len(ids)):
        components.setdefault(find(i), []).append(i)
    for members in components.values():
        if len(members) > size_max:
            names = [ids[i] for i in members]
            raise Infeasible(
                "split.together_too_large",
                f"{', '.join(names)} must all be together, but a group holds at most "
                f"{size_max} people.",
                {"people": names, "size_max": size_max},
            )
    for i, j in apart:
        if find(i) == find(j):
            raise Infeasible(
                "split.together_and_apart",
                f"{ids[i]} and {ids[j]} must be apart, but the together pairs put them in "
                "the same group.",
                {"a": ids[i], "b": ids[j]},
            )
        if group_count == 1:
            raise Infeasible(
                "split.apart_single_group",
                f"{ids[i]} and {ids[j]} must be apart, but there is only one group.",
                {"a": ids[i], "b": ids[j]},
            )
