"""Tabu search for "R rounds in which every pair meets", with the seating pattern free.

Each round partitions the people into at most ``T`` tables whose sizes lie within the
organizer's bounds (an empty table is simply not used). The cost is the number of pairs
that never meet. As in Triska and Musliu's local search for the social golfer problem,
every step repairs a *conflict*: it takes a pair (a, u) that has not met and picks, over
all rounds, the best way to seat a with u (or u with a): move a to u's table when the
sizes allow it, otherwise swap a with one of u's tablemates. Recently moved people are
tabu for a few steps; a move that beats the best cost so far is always allowed. A fixed
number of steps and of evaluated moves (not seconds) keeps runs reproducible for a given
seed; the wall clock is only a safety net, and hitting it is remembered.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from quartier.engine.grouping.solving import Deadline


class CoverSearch:
    """Rounds of tables over people 0..n-1 and the meeting counts they produce."""

    def __init__(
        self,
        n: int,
        rounds: Sequence[Sequence[Sequence[int]]],
        table_min: int,
        table_max: int,
        tables: int,
        seed: int,
    ) -> None:
        self.n, self.lo, self.hi, self.tables = n, table_min, table_max, tables
        self.rng = random.Random(seed)
        self.R = len(rounds)
        self.seat = [[0] * n for _ in range(self.R)]
        self.members: list[list[list[int]]] = []
        for r, tables_ in enumerate(rounds):
            padded = [list(t) for t in tables_] + [[] for _ in range(tables - len(tables_))]
            self.members.append(padded)
            for t, table in enumerate(padded):
                for p in table:
                    self.seat[r][p] = t
        self.meet = [[0] * n for _ in range(n)]
        for r in range(self.R):
            for table in self.members[r]:
                for i, a in enumerate(table):
                    for b in table[i + 1 :]:
                        self.meet[a][b] += 1
                        self.meet[b][a] += 1
        self.uncovered = sum(1 for a in range(n) for b in range(a + 1, n) if self.meet[a][b] == 0)
        self.evaluations = 0  # moves whose gain was computed: the deterministic work done

    # -- moves ---------------------------------------------------------------------------
    def _leave_gain(self, p: int, table: list[int], skip: int = -1) -> int:
        """Pairs that become uncovered when p leaves ``table`` (``skip`` leaves too)."""
        row = self.meet[p]
        return sum(1 for o in table if o != p and o != skip and row[o] == 1)

    def _join_gain(self, p: int, table: list[int], skip: int = -1) -> int:
        """Pairs newly covered when p joins ``table`` (without ``skip``)."""
        row = self.meet[p]
        return sum(1 for o in table if o != skip and row[o] == 0)

    def relocate_delta(self, r: int, p: int, target: int) -> int:
        home = self.members[r][self.seat[r][p]]
        return self._leave_gain(p, home) - self._join_gain(p, self.members[r][target])

    def swap_delta(self, r: int, a: int, b: int) -> int:
        ta, tb = self.members[r][self.seat[r][a]], self.members[r][self.seat[r][b]]
        return (
            self._leave_gain(a, ta)
            - self._join_gain(a, tb, skip=b)
            + self._leave_gain(b, tb)
            - self._join_gain(b, ta, skip=a)
        )

    def _shift(self, p: int, table: list[int], step: int) -> None:
        row = self.meet[p]
        for o in table:
            if o != p:
                before = row[o]
                row[o] += step
                self.meet[o][p] += step
                if before == 0 and step > 0:
                    self.uncovered -= 1
                elif before == 1 and step < 0:
                    self.uncovered += 1

    def relocate(self, r: int, p: int, target: int) -> None:
        home = self.members[r][self.seat[r][p]]
        home.remove(p)
        self._shift(p, home, -1)
        self._shift(p, self.members[r][target], 1)
        self.members[r][target].append(p)
        self.seat[r][p] = target

    def swap(self, r: int, a: int, b: int) -> None:
        ta, tb = self.seat[r][a], self.seat[r][b]
        self.relocate_unchecked(r, a, tb)
        self.relocate_unchecked(r, b, ta)

    relocate_unchecked = relocate

    def _can_relocate(self, r: int, p: int, target: int) -> bool:
        home = len(self.members[r][self.seat[r][p]])
        size = len(self.members[r][target])
        return size < self.hi and (home - 1 >= self.lo or home == 1) and (size + 1 >= self.lo)

    # -- search --------------------------------------------------------------------------
    def run(self, steps: int, deadline: Deadline | None = None, work: int | None = None) -> bool:
        """Repair unmet pairs for at most ``steps`` steps and ``work`` evaluated moves;
        True when every pair has met."""
        n, rng = self.n, self.rng
        tabu: dict[tuple[int, int], int] = {}
        best = self.uncovered
        best_state = self.snapshot()
        tenure = 2 + n // 6
        for step in range(steps):
            if self.uncovered == 0:
                return True
            if work is not None and self.evaluations >= work:
                break
            if step % 32 == 0 and deadline is not None and deadline.expired():
                break
            a, u = self._random_unmet()
            moves: list[tuple[int, float, int, int, int, int]] = []
            for r in range(self.R):
                for x, y in ((a, u), (u, a)):
                    target = self.seat[r][y]
                    if self._can_relocate(r, x, target):
                        delta = self.relocate_delta(r, x, target)
                        moves.append((delta, rng.random(), 0, r, x, target))
                    for b in self.members[r][target]:
                        if b != y:
                            delta = self.swap_delta(r, x, b)
                            moves.append((delta, rng.random(), 1, r, x, b))
            self.evaluations += len(moves)
            moves.sort()
            chosen = None
            for move in moves:
                delta, _, kind, r, x, other = move
                is_tabu = tabu.get((r, x), -1) > step or (
                    kind == 1 and tabu.get((r, other), -1) > step
                )
                if not is_tabu or self.uncovered + delta < best:
                    chosen = move
                    break
            if chosen is None:
                chosen = moves[rng.randrange(len(moves))] if moves else None
            if chosen is None:
                continue
            _, _, kind, r, x, other = chosen
            if kind == 0:
                self.relocate(r, x, other)
            else:
                self.swap(r, x, other)
                tabu[r, other] = step + tenure + rng.randrange(3)
            tabu[r, x] = step + tenure + rng.randrange(3)
            if self.uncovered < best:
                best = self.uncovered
                best_state = self.snapshot()
        if self.uncovered > best:
            done = self.evaluations
            self.__init__(n, best_state, self.lo, self.hi, self.tables, 0)  # type: ignore[misc]
            self.evaluations = done
        return self.uncovered == 0

    def _random_unmet(self) -> tuple[int, int]:
        n, rng, meet = self.n, self.rng, self.meet
        while True:
            a = rng.randrange(n)
            row = meet[a]
            unmet = [u for u in range(n) if u != a and row[u] == 0]
            if unmet:
                return a, unmet[rng.randrange(len(unmet))]

    def snapshot(self) -> list[list[list[int]]]:
        return [[sorted(t) for t in tables if t] for tables in self.members]


def seed_rounds(
    n: int, sizes: Sequence[int], rounds: int, rng: random.Random
) -> list[list[list[int]]]:
    """Random rounds in one seating pattern, the starting point of the search."""
    plan = []
    for _ in range(rounds):
        order = list(range(n))
        rng.shuffle(order)
        tables, start = [], 0
        for s in sizes:
            tables.append(order[start : start + s])
            start += s
        plan.append(tables)
    return plan


def search_cover(
    n: int,
    sizes: Sequence[int],
    rounds: int,
    table_min: int,
    table_max: int,
    *,
    seed: int,
    steps: int,
    deadline: Deadline | None = None,
    start: Sequence[Sequence[Sequence[int]]] | None = None,
    work: int | None = None,
) -> tuple[list[list[list[int]]] | None, int]:
    """``rounds`` rounds covering every pair found by tabu search (or None), and the
    number of moves evaluated (the work spent, counted against a caller's budget)."""
    rng = random.Random(seed)
    plan = [list(map(list, r)) for r in start] if start else []
    plan += seed_rounds(n, sizes, rounds - len(plan), rng)
    tables = max(len(sizes), max(len(r) for r in plan)) + (1 if table_min <= 1 else 0)
    search = CoverSearch(n, plan[:rounds], table_min, table_max, tables, seed)
    if search.run(steps, deadline, work):
        return search.snapshot(), search.evaluations
    return None, search.evaluations
