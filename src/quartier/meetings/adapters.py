"""The only place where meetings talk to the grouping engine (plain dataclasses in and out)."""

from __future__ import annotations

from collections.abc import Sequence

from quartier.engine.grouping import Person, split

ENGINE = "quartier.engine.grouping.split (CP-SAT)"


def balanced_split(
    people: Sequence[str],
    *,
    groups: int,
    apart: Sequence[tuple[str, str]] = (),
    attributes: dict[str, dict[str, str]] | None = None,
    seed: int = 0,
) -> list[list[str]]:
    """Split person ids into ``groups`` groups of equal size (within one).

    ``apart`` keeps pairs in different groups (e.g. the givers of the chosen cases, so each
    group gets one case); ``attributes`` per id are balanced across groups.
    """
    if groups <= 1 or len(people) <= 1:
        return [list(people)]
    result = split(
        [Person(id=pid, attributes=(attributes or {}).get(pid, {})) for pid in people],
        groups=min(groups, len(people)),
        apart=list(apart),
        seed=seed,
        time_limit=5.0,
    )
    return [list(group) for group in result.groups]
