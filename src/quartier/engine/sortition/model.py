"""The selection problem as plain data: a pool of people, quotas and a panel size.

Everything downstream (types, solvers, audit) reads only these dataclasses, so the web
app, the CLI and the benchmarks describe a lottery the same way.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from quartier.engine.sortition.errors import InputError
from quartier.engine.sortition.households import household_columns, household_key

ALGORITHMS: tuple[str, ...] = ("leximin", "maximin", "nash", "legacy")


@dataclass(frozen=True)
class Person:
    """One respondent: an id and the values of every column of the pool file."""

    id: str
    features: Mapping[str, str]

    def value(self, category: str) -> str:
        return self.features.get(category, "")


@dataclass(frozen=True)
class Quota:
    """How many seats people with ``category = value`` may take.

    ``min_flex``/``max_flex`` bound how far the relaxation proposal may move ``min``
    down and ``max`` up when the quotas are infeasible (Sortition Foundation format).
    """

    category: str
    value: str
    min: int
    max: int
    min_flex: int | None = None
    max_flex: int | None = None
    # where the quota was read, for messages; not part of the quota's identity
    file: str | None = field(default=None, compare=False)
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class SelectionProblem:
    """A pool, its quotas and the panel size, plus the optional household/include/exclude rules."""

    people: tuple[Person, ...]
    quotas: tuple[Quota, ...]
    panel_size: int
    household_column: str | None = None  # one column, or several joined by commas
    include: frozenset[str] = field(default_factory=frozenset)
    exclude: frozenset[str] = field(default_factory=frozenset)

    @property
    def categories(self) -> tuple[str, ...]:
        """Quota categories in the order they first appear."""
        seen: dict[str, None] = {}
        for quota in self.quotas:
            seen.setdefault(quota.category, None)
        return tuple(seen)

    def values(self, category: str) -> tuple[str, ...]:
        return tuple(q.value for q in self.quotas if q.category == category)

    def quota(self, category: str, value: str) -> Quota:
        for q in self.quotas:
            if q.category == category and q.value == value:
                return q
        raise KeyError((category, value))

    @property
    def household_columns(self) -> tuple[str, ...]:
        """The columns of ``household_column``: one name or several, comma-separated."""
        return household_columns(self.household_column)

    def household_of(self, person: Person) -> str | None:
        """The normalised household key, or ``None`` when not checked or the cells are empty.

        See :mod:`households`: "Hauptstr. 5a" and "hauptstraße 5 A" are one household.
        """
        if self.household_column is None:
            return None
        return household_key(person.features, self.household_columns)

    def active_people(self) -> tuple[Person, ...]:
        """People who may be drawn: everybody who is not excluded."""
        return tuple(p for p in self.people if p.id not in self.exclude)


def make_problem(
    people: Iterable[Person],
    quotas: Iterable[Quota],
    panel_size: int,
    *,
    household_column: str | None = None,
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
) -> SelectionProblem:
    """Build a problem and check it is well-formed (not that it is feasible)."""
    problem = SelectionProblem(
        people=tuple(people),
        quotas=tuple(quotas),
        panel_size=int(panel_size),
        household_column=household_column,
        include=frozenset(include),
        exclude=frozenset(exclude),
    )
    validate(problem)
    return problem


def validate(problem: SelectionProblem) -> None:
    """Reject malformed problems with coded errors; feasibility is checked elsewhere."""
    if problem.panel_size < 1:
        raise InputError(
            "bad_panel_size",
            f"the panel size must be at least 1, not {problem.panel_size}",
            value=str(problem.panel_size),
        )
    if not problem.quotas:
        raise InputError("no_quotas", "there are no quotas")
    if not problem.people:
        raise InputError("no_people", "the pool is empty")
    seen_quotas: set[tuple[str, str]] = set()
    for q in problem.quotas:
        key = (q.category, q.value)
        if key in seen_quotas:
            raise InputError(
                "duplicate_quota",
                f"the quota for {q.category}={q.value} is given twice",
                category=q.category,
                value=q.value,
            )
        seen_quotas.add(key)
        if q.min < 0 or q.max < 0:
            raise InputError(
                "negative_quota",
                f"the quota for {q.category}={q.value} is negative",
                category=q.category,
                value=q.value,
            )
        if q.min > q.max:
            raise InputError(
                "min_above_max",
                f"the minimum {q.min} for {q.category}={q.value} is above its maximum {q.max}",
                category=q.category,
                value=q.value,
                min=q.min,
                max=q.max,
            )
    ids = Counter(p.id for p in problem.people)
    duplicates = sorted(i for i, c in ids.items() if c > 1)
    if duplicates:
        raise InputError(
            "duplicate_id",
            f"the id {duplicates[0]!r} appears more than once",
            value=duplicates[0],
            ids=duplicates,
        )
    allowed = {c: set(problem.values(c)) for c in problem.categories}
    for p in problem.people:
        for category, values in allowed.items():
            if category not in p.features:
                raise InputError(
                    "missing_category",
                    f"person {p.id!r} has no value for category '{category}'",
                    column=category,
                    person=p.id,
                )
            value = p.features[category]
            if value not in values:
                raise InputError(
                    "unknown_value",
                    f"person {p.id!r} has {category}={value!r}, which has no quota",
                    column=category,
                    value=value,
                    person=p.id,
                )
    known = set(ids)
    for label, group in (("include", problem.include), ("exclude", problem.exclude)):
        unknown = sorted(group - known)
        if unknown:
            raise InputError(
                "unknown_person",
                f"cannot {label} {unknown[0]!r}: no such person in the pool",
                value=unknown[0],
                rule=label,
            )
    both = sorted(problem.include & problem.exclude)
    if both:
        raise InputError(
            "included_and_excluded",
            f"person {both[0]!r} is both included and excluded",
            value=both[0],
        )
