"""Local search over rounds of tables, shared by both rotation objectives.

A greedy round-by-round construction, then seeded simulated annealing over swaps of two
people at different tables of the same round, half of them aimed at a defect (an unmet
or repeated pair). The schedule counts moves, not seconds, so a seed gives the same plan;
the wall clock is a safety net whose cut is reported (``Quality.time_limit_hit``).
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence

from quartier.engine.grouping.quality import Quality
from quartier.engine.grouping.rotation.plan import (
    _MAX_ROUNDS,
    Encounters,
    RotationPlan,
    Round,
    summarize,
)
from quartier.engine.grouping.solving import Deadline


def _repeat_cost(c: int) -> int:
    return c * (c - 1) // 2


def _uncovered_cost(c: int) -> int:
    return 1 if c == 0 else 0


class _Search:
    """Meeting counts over integer ids, rounds of tables, and the moves on them."""

    def __init__(
        self,
        people: Sequence[str],
        sizes: Sequence[int],
        history: Encounters | None,
        cost_of: Callable[[int], int],
        seed: int,
    ) -> None:
        self.people = list(people)
        self.n = len(people)
        self.sizes = list(sizes)
        self.rng = random.Random(seed)
        index = {p: i for i, p in enumerate(self.people)}
        self.meet = [[0] * self.n for _ in range(self.n)]
        self.history = history or {}
        for (a, b), c in self.history.items():
            if a in index and b in index and a != b:
                # Clamped so the cost table stays small; beyond 100 meetings nothing changes.
                i, j = index[a], index[b]
                self.meet[i][j] = self.meet[j][i] = min(100, self.meet[i][j] + c)
        table = [int(cost_of(c)) for c in range(100 + _MAX_ROUNDS + 2)]
        self.cost_table = table
        self.rounds: list[list[list[int]]] = []
        self.start_temperature = 0.6
        self.method = "local-search"
        self.cost = sum(table[self.meet[i][j]] for i in range(self.n) for j in range(i + 1, self.n))
        self.base_cost = self.cost

    def history_pairs(self) -> int:
        return sum(1 for i in range(self.n) for j in range(i + 1, self.n) if self.meet[i][j])

    def _change(self, i: int, j: int, step: int) -> int:
        c = self.meet[i][j]
        return self.cost_table[c + step] - self.cost_table[c]

    def _apply(self, table: Sequence[int], who: int, step: int) -> None:
        for o in table:
            if o != who:
                self.cost += self._change(who, o, step)
                self.meet[who][o] += step
                self.meet[o][who] += step

    def add_round(self, tables: list[list[int]]) -> None:
        for table in tables:
            for k, a in enumerate(table):
                for b in table[k + 1 :]:
                    self.cost += self._change(a, b, 1)
                    self.meet[a][b] += 1
                    self.meet[b][a] += 1
        self.rounds.append(tables)

    def set_rounds(self, rounds: Sequence[Sequence[Sequence[int]]]) -> None:
        for tables in rounds:
            self.add_round([list(t) for t in tables])

    def add_greedy_round(self, polish: int = 0) -> None:
        """Seat people one by one where they add least cost, then polish this round."""
        order = list(range(self.n))
        self.rng.shuffle(order)
        tables: list[list[int]] = [[] for _ in self.sizes]
        for who in order:
            best_key: tuple[int, float] | None = None
            best_t = 0
            for t, table in enumerate(tables):
                if len(table) >= self.sizes[t]:
                    continue
                added = sum(self._change(who, o, 1) for o in table)
                key = (added, self.rng.random())
                if best_key is None or key < best_key:
                    best_key, best_t = key, t
            tables[best_t].append(who)
        self.add_round(tables)
        if polish:
            self._anneal_rounds([len(self.rounds) - 1], polish, None)

    def anneal(self, moves: int, deadline: Deadline, target: int = 0) -> None:
        self._anneal_rounds(list(range(len(self.rounds))), moves, deadline, target)

    def _anneal_rounds(
        self, which: list[int], moves: int, deadline: Deadline | None, target: int = 0
    ) -> None:
        if len(self.sizes) < 2 or not which:
            return
        start_t = self.start_temperature
        best_cost = self.cost
        best = [[list(t) for t in r] for r in self.rounds]
        where = {(r, p): t for r in which for t, table in enumerate(self.rounds[r]) for p in table}
        for step in range(1, moves + 1):
            if self.cost <= target:
                break
            if step % 512 == 0 and deadline is not None and deadline.expired():
                break
            temperature = start_t * 0.02 ** (step / moves)
            move = self._directed_move(which, where) if self.rng.random() < 0.5 else None
            if move is None:
                r = which[self.rng.randrange(len(which))]
                a = self.rng.randrange(self.n)
                b = self.rng.randrange(self.n)
            else:
                r, a, b = move
            tables = self.rounds[r]
            ta, tb = where[r, a], where[r, b]
            if ta == tb:
                continue
            table_a, table_b = tables[ta], tables[tb]
            delta = 0
            meet, cost_table = self.meet, self.cost_table
            for o in table_a:
                if o != a:
                    ca, cb = meet[a][o], meet[b][o]
                    delta += (
                        cost_table[ca - 1] - cost_table[ca] + cost_table[cb + 1] - cost_table[cb]
                    )
            for o in table_b:
                if o != b:
                    cb, ca = meet[b][o], meet[a][o]
                    delta += (
                        cost_table[cb - 1] - cost_table[cb] + cost_table[ca + 1] - cost_table[ca]
                    )
            if delta > 0 and self.rng.random() >= math.exp(-delta / temperature):
                continue
            self._apply(table_a, a, -1)
            self._apply(table_b, b, -1)
            table_a.remove(a)
            table_b.remove(b)
            self._apply(table_a, b, 1)
            self._apply(table_b, a, 1)
            table_a.append(b)
            table_b.append(a)
            where[r, a], where[r, b] = tb, ta
            if self.cost < best_cost:
                best_cost = self.cost
                best = [[list(t) for t in rr] for rr in self.rounds]
        if self.cost > best_cost:
            self._restore(best)

    def _directed_move(
        self, which: list[int], where: dict[tuple[int, int], int]
    ) -> tuple[int, int, int] | None:
        """A swap aimed at a defect (as in conflict-directed local search for golfers).

        Covering: take a pair (a, u) that never met and move a to u's table in some round.
        Repeats: take a pair that met twice or more and move a away from u in one of the
        rounds they shared.
        """
        a = self.rng.randrange(self.n)
        row = self.meet[a]
        if self.cost_table[0] > 0:
            partners = [u for u in range(self.n) if u != a and row[u] == 0]
            if not partners:
                return None
            u = partners[self.rng.randrange(len(partners))]
            r = which[self.rng.randrange(len(which))]
            table = self.rounds[r][where[r, u]]
            b = table[self.rng.randrange(len(table))]
            return None if b == u else (r, a, b)
        partners = [u for u in range(self.n) if u != a and row[u] >= 2]
        if not partners:
            return None
        u = partners[self.rng.randrange(len(partners))]
        shared = [r for r in which if where[r, a] == where[r, u]]
        if not shared:
            return None
        r = shared[self.rng.randrange(len(shared))]
        b = self.rng.randrange(self.n)
        return (r, a, b)

    def _restore(self, rounds: list[list[list[int]]]) -> None:
        history, kept = self.history, rounds
        fresh = _Search(self.people, self.sizes, history, lambda c: self.cost_table[c], 0)
        fresh.set_rounds(kept)
        self.meet, self.cost, self.rounds = fresh.meet, fresh.cost, fresh.rounds

    def snapshot(self) -> list[list[list[int]]]:
        return [[list(t) for t in r] for r in self.rounds]

    def plan(
        self, bound: float, deadline: Deadline, *, proven: bool, time_limit_hit: bool = False
    ) -> RotationPlan:
        rounds = tuple(
            Round(tuple(tuple(self.people[i] for i in sorted(t)) for t in tables))
            for tables in self.rounds
        )
        return summarize(
            self.people,
            rounds,
            self.history,
            Quality.of(
                float(self.cost - (0 if self.cost_table[0] else self.base_cost)),
                bound,
                deadline.elapsed(),
                self.method,
                proven=proven,
                time_limit_hit=time_limit_hit,
            ),
        )
