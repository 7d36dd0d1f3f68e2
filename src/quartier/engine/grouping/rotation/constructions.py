"""Exact constructions, used before any search because they are optimal and instant.

Circle method for pairs; affine geometry when n = q^m at tables of q (see ``designs``).
"""

from __future__ import annotations

from collections.abc import Sequence

from quartier.engine.grouping.designs import affine_rounds
from quartier.engine.grouping.rotation.search import _Search


def _design(n: int, sizes: Sequence[int], search: _Search) -> list[list[list[int]]] | None:
    """Affine-geometry rounds when all tables have q people and n = q^m, relabelled by seed."""
    if len(set(sizes)) != 1:
        return None
    rounds = affine_rounds(n, sizes[0])
    if rounds is None:
        return None
    label = list(range(n))
    search.rng.shuffle(label)
    return [[[label[p] for p in table] for table in tables] for tables in rounds]


def _circle_rounds(n: int) -> list[list[list[int]]]:
    """Round-robin pairs by the circle method: n - 1 rounds, every pair exactly once."""
    rounds = []
    others = list(range(1, n))
    for _ in range(n - 1):
        line = [0, *others]
        rounds.append([[line[k], line[n - 1 - k]] for k in range(n // 2)])
        others = others[-1:] + others[:-1]
    return rounds
