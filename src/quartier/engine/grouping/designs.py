"""Exact constructions of "everyone meets everyone exactly once" plans.

The lines of the affine geometry AG(m, q) over a field with q elements split the q^m points
into parallel classes: each class is a partition into tables of q, and any two points lie
on exactly one line. Taking one class per round gives (q^m - 1)/(q - 1) rounds in which
every pair meets exactly once, the lower bound (e.g. 9 people at tables of 3 in 4 rounds,
16 at tables of 4 in 5, 25 at tables of 5 in 6, 27 at tables of 3 in 13). We build fields
for primes q and for q = 4, which covers all table sizes up to 7.
"""

from __future__ import annotations

from itertools import product

# GF(4) = {0, 1, a, a + 1} with a^2 = a + 1; addition is XOR of the bit patterns.
_GF4_MUL = (
    (0, 0, 0, 0),
    (0, 1, 2, 3),
    (0, 2, 3, 1),
    (0, 3, 1, 2),
)


def _is_prime(q: int) -> bool:
    return q >= 2 and all(q % d for d in range(2, int(q**0.5) + 1))


def affine_dimension(people: int, table_size: int) -> int | None:
    """m if ``people == table_size ** m`` (m >= 2) and we can build GF(table_size)."""
    q = table_size
    if not (_is_prime(q) or q == 4):
        return None
    m, power = 0, 1
    while power < people:
        power *= q
        m += 1
    return m if power == people and m >= 2 else None


def affine_rounds(people: int, table_size: int) -> list[list[list[int]]] | None:
    """Rounds (lists of tables of point indices) from AG(m, q), or None if not applicable."""
    q = table_size
    m = affine_dimension(people, q)
    if m is None:
        return None

    def add(a: int, b: int) -> int:
        return a ^ b if q == 4 else (a + b) % q

    def mul(a: int, b: int) -> int:
        return _GF4_MUL[a][b] if q == 4 else (a * b) % q

    points = list(product(range(q), repeat=m))
    index = {p: i for i, p in enumerate(points)}
    directions = [d for d in points if any(d) and d[next(i for i, x in enumerate(d) if x)] == 1]
    rounds = []
    for d in directions:
        seen: set[int] = set()
        tables = []
        for p in points:
            if index[p] in seen:
                continue
            line = [index[tuple(add(p[i], mul(t, d[i])) for i in range(m))] for t in range(q)]
            seen.update(line)
            tables.append(line)
        rounds.append(tables)
    return rounds
