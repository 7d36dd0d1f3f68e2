"""Builders for small selection problems shared by the sortition tests."""

from __future__ import annotations

import random
from collections import Counter

from quartier.engine.sortition import Person, Quota, SelectionProblem, make_problem


def build_problem(
    rows: list[dict[str, str]],
    quotas: list[tuple[str, str, int, int]],
    panel_size: int,
    household_column: str | None = None,
) -> SelectionProblem:
    people = [Person(str(i + 1), row) for i, row in enumerate(rows)]
    return make_problem(
        people,
        [Quota(c, v, lo, hi) for c, v, lo, hi in quotas],
        panel_size,
        household_column=household_column,
    )


def random_problem(seed: int, households: bool = False) -> SelectionProblem:
    """A random small instance that is feasible by construction (quotas around a panel)."""
    rng = random.Random(seed)
    n = rng.randint(5, 9)
    categories = {
        f"c{j}": [f"v{i}" for i in range(rng.randint(2, 3))] for j in range(rng.randint(1, 3))
    }
    rows = []
    for i in range(n):
        row = {c: rng.choice(values) for c, values in categories.items()}
        row["home"] = f"h{rng.randrange(n)}" if households else f"h{i}"
        rows.append(row)
    homes = len({r["home"] for r in rows})
    k = rng.randint(1, min(homes, n - 1))
    order = list(range(n))
    rng.shuffle(order)
    panel, used = [], set()
    for i in order:
        if rows[i]["home"] not in used and len(panel) < k:
            panel.append(i)
            used.add(rows[i]["home"])
    quotas = []
    for c, values in categories.items():
        counts = Counter(rows[i][c] for i in panel)
        for v in values:
            quotas.append(
                (c, v, max(0, counts[v] - rng.randint(0, 1)), counts[v] + rng.randint(0, 2))
            )
    return build_problem(rows, quotas, k, "home" if households else None)
