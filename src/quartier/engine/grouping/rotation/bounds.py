"""Table sizes and lower bounds, so a plan can say how far from optimal it may be.

Rounds until everyone has met everyone, for tables of at most m: each person meets at
most m - 1 new people per round, so ``ceil((n-1)/(m-1))``; and a round covers at most P
pairs (the best partition allowed), so ``ceil(C(n,2)/P)``. For a fixed number of rounds,
counting and pigeonhole floors bound the repeated meetings.
"""

from __future__ import annotations

from collections.abc import Sequence

from quartier.engine.grouping.errors import InvalidInput


def table_sizes(
    people: int, table_min: int, table_max: int, *, odd_trio: bool = False
) -> tuple[int, ...]:
    """Fewest tables within bounds, sizes as equal as possible (largest first).

    Bounds are never bent: 7 people at tables of exactly 2 is an error. ``odd_trio`` is
    the one exception, asked for explicitly by pair interviews (:func:`plan_pairs`): with
    ``table_max == 2`` and an odd count, one table of 3 is used.
    """
    if table_min < 1 or table_max < table_min:
        raise InvalidInput(
            "rotation.bad_table_bounds",
            f"Table sizes must satisfy 1 <= minimum ({table_min}) <= maximum ({table_max}).",
            {"table_min": table_min, "table_max": table_max},
        )
    n = people
    if n < 2:
        raise InvalidInput("rotation.too_few_people", "A rotation needs at least 2 people.", {})
    for count in range(-(-n // table_max), n // table_min + 1):
        small, extra = divmod(n, count)
        if table_min <= small and small + (extra > 0) <= table_max:
            return tuple([small + 1] * extra + [small] * (count - extra))
    if odd_trio and table_max == 2 and n % 2 == 1 and n >= 3:
        return (3,) + (2,) * ((n - 3) // 2)
    raise InvalidInput(
        "rotation.table_sizes_impossible",
        f"{n} people cannot sit at tables of {table_min} to {table_max}"
        + (" (an odd number cannot sit in pairs only)." if table_min == table_max == 2 else "."),
        {"people": n, "table_min": table_min, "table_max": table_max},
    )


def all_meet_bounds(people: int, table_min: int, table_max: int) -> tuple[int, int]:
    """(per-person bound, counting bound) on rounds until everyone has met everyone.

    Both hold for every seating within the bounds, whatever pattern each round uses.
    """
    n = people
    biggest = max(table_sizes(n, table_min, table_max))
    per_person = -(-(n - 1) // (biggest - 1))
    best_pairs = _max_pairs_per_round(n, table_min, table_max)
    counting = -(-(n * (n - 1) // 2) // best_pairs)
    return per_person, counting


def _repeat_floor(n: int, sizes: Sequence[int], rounds: int, history_pairs: int) -> int:
    """Meetings beyond the number of pairs still unmet must repeat (a lower bound)."""
    meetings = rounds * sum(s * (s - 1) // 2 for s in sizes)
    fresh = n * (n - 1) // 2 - history_pairs
    return max(0, meetings - fresh)


def _overlap_floor(sizes: Sequence[int], rounds: int) -> int:
    """Pigeonhole bound on the objective sum of c(c-1)/2: a table of s people drawn from the
    T tables of any other round puts at least the evenly spread number of pairs back
    together, and every two rounds are compared (a pair meeting c times is counted
    c(c-1)/2 times, exactly its cost)."""
    tables = len(sizes)

    def spread(s: int) -> int:
        small, extra = divmod(s, tables)
        return extra * (small + 1) * small // 2 + (tables - extra) * small * (small - 1) // 2

    return rounds * (rounds - 1) // 2 * sum(spread(s) for s in sizes)


def _max_pairs_per_round(n: int, table_min: int, table_max: int) -> int:
    """Most pairs one round can seat, over all partitions allowed (dynamic programming)."""
    best = [-1] * (n + 1)
    best[0] = 0
    for m in range(1, n + 1):
        for s in range(table_min, min(table_max, m) + 1):
            if best[m - s] >= 0:
                best[m] = max(best[m], best[m - s] + s * (s - 1) // 2)
    if best[n] < 0:
        return max(1, sum(s * (s - 1) // 2 for s in table_sizes(n, table_min, table_max)))
    return best[n]


def deficit_bound(people: int, table_min: int, table_max: int, start: int) -> int:
    """The fewest rounds R >= ``start`` that survive a per-person deficit count.

    In R rounds at tables of at most k, a person meets at most R(k-1) others, so the slack
    S = R(k-1) - (n-1) is the most any one person can lose to smaller tables: whoever sits
    at a table of s people loses k - s. Hence every table in every round has at least
    k - S people, and the losses of one round, sum over tables of s(k - s), at least the
    least D over such partitions, add up to R * D <= n * S. Example: 10 people at tables
    of 1-3 need 6 rounds, not 5 (S = 1 forces tables of 2 and 3, D = 4, 20 > 10).
    """
    n, k = people, table_max
    rounds = max(1, start)
    while True:
        slack = rounds * (k - 1) - (n - 1)
        if slack >= 0:
            smallest = max(table_min, k - slack)
            least = _least_loss(n, smallest, k)
            if least is not None and rounds * least <= n * slack:
                return rounds
        rounds += 1


def _least_loss(n: int, smallest: int, k: int) -> int | None:
    """Least sum of s(k - s) over partitions of n into sizes smallest..k (None if none)."""
    inf = 10**9
    best = [inf] * (n + 1)
    best[0] = 0
    for m in range(1, n + 1):
        for s in range(max(1, smallest), min(k, m) + 1):
            if best[m - s] < inf:
                best[m] = min(best[m], best[m - s] + s * (k - s))
    return None if best[n] >= inf else best[n]
