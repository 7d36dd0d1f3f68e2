"""Replacing one cancelled panel member: a re-draw with everybody else fixed.

The candidates are the registered people who were not selected. Filling one seat with the
other k - 1 members fixed, the possible panels are "the others + c" for each candidate c
whose features keep every quota. LEXIMIN over these panels maximises the smallest
selection probability among the candidates who can be chosen at all; with one seat that is
the uniform lottery over the fitting candidates (any other distribution gives someone less
than 1/|F|). So the draw is uniform over the fitting candidates, with the index derived
from the announced seed, the cancellation number and the sorted candidate ids (SHA-256),
so anyone can recompute it.

If no candidate keeps the quotas, the smallest relaxation is proposed: for every
candidate the bounds that would have to move, and by how much; the relaxation with the
fewest extra seats outside the bounds wins (ties: the one that lets the most candidates
in, then the order of the quotas). Accepting it draws uniformly among the candidates that
fit the relaxed quotas. See docs/background/replacement.md.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from quartier.engine.sortition.infeasibility import QuotaChange
from quartier.engine.sortition.model import Person, Quota


@dataclass(frozen=True)
class Replacement:
    """The outcome: the person drawn (None if nobody fits) and how it was drawn."""

    chosen: str | None
    fitting: tuple[str, ...]
    index: int | None
    digest: str
    relaxation: tuple[QuotaChange, ...] = ()


def _counts(people: Sequence[Person], categories: set[str]) -> Counter[tuple[str, str]]:
    counts: Counter[tuple[str, str]] = Counter()
    for person in people:
        for category in categories:
            counts[(category, person.value(category))] += 1
    return counts


def _changes(
    quotas: Sequence[Quota], counts: Mapping[tuple[str, str], int]
) -> tuple[QuotaChange, ...]:
    """The bound moves that would make ``counts`` fit (empty when they fit already)."""
    changes = []
    for quota in quotas:
        have = counts.get((quota.category, quota.value), 0)
        if have < quota.min or have > quota.max:
            changes.append(
                QuotaChange(
                    category=quota.category,
                    value=quota.value,
                    old_min=quota.min,
                    old_max=quota.max,
                    new_min=min(quota.min, have),
                    new_max=max(quota.max, have),
                )
            )
    return tuple(changes)


def _cost(changes: Sequence[QuotaChange]) -> int:
    return sum((c.old_min - c.new_min) + (c.new_max - c.old_max) for c in changes)


def _draw(seed: str, number: int, fitting: Sequence[str]) -> tuple[int, str]:
    material = "\n".join([seed, f"replacement {number}", *sorted(fitting)]).encode()
    digest = hashlib.sha256(material).hexdigest()
    return int(digest, 16) % len(fitting), digest


def relax(quotas: Sequence[Quota], changes: Sequence[QuotaChange]) -> tuple[Quota, ...]:
    """The quotas with the proposed bounds applied."""
    moved = {(c.category, c.value): c for c in changes}
    out = []
    for quota in quotas:
        change = moved.get((quota.category, quota.value))
        if change is None:
            out.append(quota)
        else:
            out.append(Quota(quota.category, quota.value, change.new_min, change.new_max))
    return tuple(out)


def draw_replacement(
    *,
    quotas: Sequence[Quota],
    fixed: Sequence[Person],
    candidates: Sequence[Person],
    seed: str,
    number: int,
) -> Replacement:
    """Draw one replacement among ``candidates`` so that ``fixed`` + them keeps the quotas.

    ``number`` counts the cancellations of this draw (1 for the first), so repeated
    cancellations draw independently yet reproducibly. With nobody fitting, ``chosen`` is
    None and ``relaxation`` holds the smallest change of the quotas that lets someone in.
    """
    categories = {quota.category for quota in quotas}
    base = _counts(fixed, categories)
    needs: dict[str, tuple[QuotaChange, ...]] = {}
    for person in candidates:
        counts = base.copy()
        for category in categories:
            counts[(category, person.value(category))] += 1
        needs[person.id] = _changes(quotas, counts)
    fitting = tuple(sorted(pid for pid, changes in needs.items() if not changes))
    if fitting:
        index, digest = _draw(seed, number, fitting)
        return Replacement(chosen=fitting[index], fitting=fitting, index=index, digest=digest)
    if not needs:
        return Replacement(chosen=None, fitting=(), index=None, digest="")
    groups: dict[tuple[QuotaChange, ...], list[str]] = {}
    for pid, changes in needs.items():
        groups.setdefault(changes, []).append(pid)
    order = {(q.category, q.value): i for i, q in enumerate(quotas)}
    best = min(
        groups,
        key=lambda changes: (
            _cost(changes),
            -len(groups[changes]),
            [order[(c.category, c.value)] for c in changes],
        ),
    )
    return Replacement(chosen=None, fitting=(), index=None, digest="", relaxation=best)
