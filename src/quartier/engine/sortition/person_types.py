"""Group interchangeable people into *types* so the solvers work on a few variables.

Two people with the same quota values, neither of whom shares a household with anybody
in the pool and neither of whom must be included, can swap places in any panel. Every
fair objective used here (leximin, maximin, Nash) is symmetric and concave, so an
optimal distribution can give them the same probability; the solvers therefore decide
only *how many* members of each type sit on a panel. People in a shared household (or
forced in) stay singleton types because the household rule tells them apart.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np

from quartier.engine.sortition.model import SelectionProblem


@dataclass(frozen=True)
class PersonType:
    """People that are interchangeable for the quotas; ``members`` are sorted ids."""

    values: tuple[str, ...]
    members: tuple[str, ...]
    household: str | None = None
    forced: bool = False

    @property
    def size(self) -> int:
        return len(self.members)


@dataclass(frozen=True)
class TypedPool:
    """The pool as types plus the index structures the ILPs need."""

    problem: SelectionProblem
    types: tuple[PersonType, ...]
    sizes: np.ndarray  # members per type (int64)
    lower: np.ndarray  # 1 for forced types, else 0
    quota_members: tuple[np.ndarray, ...]  # per quota: indices of types with that value
    households: tuple[np.ndarray, ...]  # per shared household: indices of its types

    @property
    def count(self) -> int:
        return len(self.types)

    def type_of(self) -> dict[str, int]:
        return {pid: t for t, ptype in enumerate(self.types) for pid in ptype.members}


def build_types(problem: SelectionProblem) -> TypedPool:
    """Collapse the active pool into types (deterministic order: sorted by values, then ids)."""
    categories = problem.categories
    people = problem.active_people()
    household_sizes = Counter(h for h in (problem.household_of(p) for p in people) if h is not None)
    grouped: dict[tuple[str, ...], list[str]] = defaultdict(list)
    singles: list[PersonType] = []
    for p in people:
        values = tuple(p.features[c] for c in categories)
        household = problem.household_of(p)
        shared = household is not None and household_sizes[household] > 1
        forced = p.id in problem.include
        if shared or forced:
            singles.append(PersonType(values, (p.id,), household if shared else None, forced))
        else:
            grouped[values].append(p.id)
    types = [PersonType(values, tuple(sorted(ids))) for values, ids in grouped.items()]
    types.extend(singles)
    types.sort(key=lambda t: (t.values, t.members))
    sizes = np.array([t.size for t in types], dtype=np.int64)
    lower = np.array([1 if t.forced else 0 for t in types], dtype=np.int64)
    quota_members = []
    for q in problem.quotas:
        position = categories.index(q.category)
        quota_members.append(
            np.array(
                [i for i, t in enumerate(types) if t.values[position] == q.value],
                dtype=np.int32,
            )
        )
    by_household: dict[str, list[int]] = defaultdict(list)
    for i, t in enumerate(types):
        if t.household is not None:
            by_household[t.household].append(i)
    households = tuple(
        np.array(idx, dtype=np.int32) for _, idx in sorted(by_household.items()) if len(idx) > 1
    )
    return TypedPool(
        problem=problem,
        types=tuple(types),
        sizes=sizes,
        lower=lower,
        quota_members=tuple(quota_members),
        households=households,
    )
