"""Rotations: several rounds of tables (or pairs) so that people meet new people.

A plan is a list of rounds; a round partitions the participants into tables. Meetings
are counted per pair, including meetings from earlier sessions (``previous_encounters``).
Two objectives share one local search:

- *fewest repeats* for a fixed number of rounds: minimize the sum over pairs of
  ``c * (c - 1) / 2`` where ``c`` counts their meetings (0 for pairs meeting at most once;
  a third meeting costs more than a second). We report ``repeats`` = sum of ``max(0, c-1)``.
- *everyone meets everyone*: minimize the number of pairs that never meet.

Search: exact constructions where they exist (circle method for pairs, affine geometry
when n = q^m at tables of q, see ``designs``); otherwise a greedy round-by-round
construction, then seeded simulated annealing over swaps of two people at different
tables of the same round, half of them aimed at a defect (an unmet or repeated pair).
The schedule counts moves, not seconds, so a seed gives the same plan unless the time
limit cuts it short.

Lower bounds on the rounds until everyone has met everyone, for tables of at most m:
each person meets at most m - 1 new people per round, so ``ceil((n-1)/(m-1))``; and a
round covers at most P pairs (the best partition allowed), so ``ceil(C(n,2)/P)``.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from quartier.engine.grouping.covering import cover_all_pairs
from quartier.engine.grouping.designs import affine_rounds
from quartier.engine.grouping.errors import InvalidInput
from quartier.engine.grouping.known_results import KnownResult, best_known_rounds
from quartier.engine.grouping.quality import Quality
from quartier.engine.grouping.solving import Deadline

Encounters = Mapping[tuple[str, str], int]
_MAX_ROUNDS = 1000
_EXACT_MAX_PEOPLE = 20  # CP-SAT covering checks beyond this size rarely finish in time


@dataclass(frozen=True)
class Round:
    tables: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class RotationPlan:
    """Rounds plus meeting statistics (history included).

    ``repeats`` sums ``max(0, meetings - 1)`` over pairs; ``new_repeats`` only counts those
    created by these rounds. ``all_met_after`` is the first round after which every pair
    has met (None if never). ``quality.objective`` is the search objective (see module).
    """

    rounds: tuple[Round, ...]
    repeats: int
    new_repeats: int
    pairs_met: int
    pairs_total: int
    all_met_after: int | None
    quality: Quality


@dataclass(frozen=True)
class AllMeetAnswer:
    """How many rounds until everyone has met everyone: best found vs lower bound.

    ``lower_bound`` is the largest of the per-person bound, the counting bound and
    ``search_bound``, set when CP-SAT proved that every smaller number of rounds fails.
    """

    rounds_found: int | None
    lower_bound: int
    per_person_bound: int
    counting_bound: int
    best_known: KnownResult | None
    plan: RotationPlan | None
    search_bound: int | None = None

    @property
    def proven_optimal(self) -> bool:
        return self.rounds_found is not None and self.rounds_found == self.lower_bound


def table_sizes(people: int, table_min: int, table_max: int) -> tuple[int, ...]:
    """Fewest tables within bounds, sizes as equal as possible (largest first).

    Exception, so pair interviews work with odd numbers: with ``table_max == 2`` and an
    odd count, one table of 3 is used.
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
    if table_max == 2 and n % 2 == 1:
        return (3,) + (2,) * ((n - 3) // 2)
    raise InvalidInput(
        "rotation.table_sizes_impossible",
        f"{n} people cannot sit at tables of {table_min} to {table_max}.",
        {"people": n, "table_min": table_min, "table_max": table_max},
    )


def plan_rotation(
    participants: Sequence[str] | int,
    rounds: int,
    *,
    table_min: int = 2,
    table_max: int = 4,
    previous_encounters: Encounters | None = None,
    seed: int = 0,
    time_limit: float = 10.0,
    moves: int = 200_000,
) -> RotationPlan:
    """``rounds`` rounds with as few repeated meetings as the search finds."""
    people = _people(participants)
    if not 1 <= rounds <= _MAX_ROUNDS:
        raise InvalidInput(
            "rotation.bad_rounds",
            f"Plan between 1 and {_MAX_ROUNDS} rounds.",
            {"rounds": rounds, "max_rounds": _MAX_ROUNDS},
        )
    sizes = table_sizes(len(people), table_min, table_max)
    search = _Search(people, sizes, previous_encounters, _repeat_cost, seed)
    deadline = Deadline(time_limit)
    met_before = search.history_pairs()
    bound = float(
        max(_repeat_floor(len(people), sizes, rounds, met_before), _overlap_floor(sizes, rounds))
    )
    design = _design(len(people), sizes, search) if met_before == 0 else None
    if design:
        search.set_rounds(design[:rounds])
        search.method = "construction (affine geometry)"
    while len(search.rounds) < rounds:
        search.add_greedy_round()
    # Stop as soon as the lower bound is reached: the plan is then provably optimal.
    search.anneal(moves, deadline, target=search.base_cost + int(bound))
    return search.plan(bound, deadline, proven=search.cost - search.base_cost <= bound)


def plan_next_round(
    participants: Sequence[str],
    previous_encounters: Encounters | None = None,
    *,
    table_min: int = 2,
    table_max: int = 4,
    seed: int = 0,
    time_limit: float = 2.0,
) -> RotationPlan:
    """One more round given who already met whom (live events: plan as you go)."""
    return plan_rotation(
        participants,
        1,
        table_min=table_min,
        table_max=table_max,
        previous_encounters=previous_encounters,
        seed=seed,
        time_limit=time_limit,
        moves=20_000,
    )


def plan_pairs(
    participants: Sequence[str],
    previous_encounters: Encounters | None = None,
    *,
    seed: int = 0,
    time_limit: float = 2.0,
) -> RotationPlan:
    """Next round of pair interviews avoiding earlier partners; one trio if the count is odd."""
    return plan_next_round(
        participants,
        previous_encounters,
        table_min=2,
        table_max=2,
        seed=seed,
        time_limit=time_limit,
    )


def rounds_until_all_met(
    participants: Sequence[str] | int,
    *,
    table_min: int = 2,
    table_max: int = 4,
    seed: int = 0,
    time_limit: float = 10.0,
    max_rounds: int | None = None,
) -> AllMeetAnswer:
    """Fewest rounds found after which every pair has met, with lower bounds."""
    people = _people(participants)
    n = len(people)
    sizes = table_sizes(n, table_min, table_max)
    per_person, counting = all_meet_bounds(n, table_min, table_max)
    lower = max(per_person, counting)
    equal = len(set(sizes)) == 1
    known = best_known_rounds(n, sizes[0]) if equal else None
    deadline = Deadline(time_limit)
    if equal and sizes[0] == 2:  # the circle method is optimal and instant
        search = _Search(people, sizes, None, _uncovered_cost, seed)
        search.set_rounds(_circle_rounds(n))
        search.method = "construction (circle method)"
        plan = search.plan(0.0, deadline, proven=True)
        return AllMeetAnswer(n - 1, lower, per_person, counting, known, plan)
    search = _Search(people, sizes, None, _uncovered_cost, seed)
    design = _design(n, sizes, search)
    if design:  # exact: every pair meets once, in as many rounds as the lower bound
        search.set_rounds(design)
        search.method = "construction (affine geometry)"
        return AllMeetAnswer(
            len(design), lower, per_person, counting, known, search.plan(0.0, deadline, proven=True)
        )
    cap = min(_MAX_ROUNDS, max_rounds or 4 * lower + 10)
    search = _Search(people, sizes, None, _uncovered_cost, seed)
    while search.cost > 0 and len(search.rounds) < cap and not deadline.expired():
        search.add_greedy_round(polish=2_000)
    if search.cost > 0:
        return AllMeetAnswer(None, lower, per_person, counting, known, None)
    best = search.snapshot()
    # Try one round fewer each time, starting from the best plan minus its last round.
    exact = n <= _EXACT_MAX_PEOPLE  # leave 40 % of the time to the exact check
    search_deadline = Deadline(time_limit * (0.6 if exact else 1.0) - deadline.elapsed())
    while len(best) > lower and not search_deadline.expired():
        found = None
        for attempt in range(3):  # a fixed number of restarts keeps runs reproducible
            trial = _Search(people, sizes, None, _uncovered_cost, seed + 7919 * attempt)
            trial.set_rounds(best[:-1])
            trial.anneal(60_000 * len(best) * (attempt + 1), search_deadline)
            if trial.cost == 0:
                found = trial.snapshot()
                break
        if found is None:
            break
        best = found
    # Close the gap from below with exact checks: CP-SAT either proves that R rounds cannot
    # work (raising the bound) or finds such a plan.
    proven_bound = None
    while len(best) > lower and exact and not deadline.expired():
        outcome = cover_all_pairs(
            n, sizes, lower, seed=seed, time_limit=deadline.remaining() / (len(best) - lower)
        )
        if outcome.rounds is not None:
            best = outcome.rounds
            break
        if not outcome.impossible:
            break
        lower += 1
        proven_bound = lower
    final = _Search(people, sizes, None, _uncovered_cost, seed)
    final.set_rounds(best)
    plan = final.plan(0.0, deadline, proven=True)
    return AllMeetAnswer(
        len(best), lower, per_person, counting, known, plan, search_bound=proven_bound
    )


def all_meet_bounds(people: int, table_min: int, table_max: int) -> tuple[int, int]:
    """(per-person bound, counting bound) on rounds until everyone has met everyone."""
    n = people
    sizes = table_sizes(n, table_min, table_max)
    biggest = max(sizes)
    per_person = -(-(n - 1) // (biggest - 1))
    best_pairs = _max_pairs_per_round(n, table_min, max(table_max, biggest))
    counting = -(-(n * (n - 1) // 2) // best_pairs)
    return per_person, counting


def encounters(
    rounds: Sequence[Round], previous: Encounters | None = None
) -> dict[tuple[str, str], int]:
    """Meetings per unordered pair (keys sorted), history included."""
    counts: dict[tuple[str, str], int] = {}
    for (a, b), c in (previous or {}).items():
        key = (a, b) if a < b else (b, a)
        counts[key] = counts.get(key, 0) + c
    for r in rounds:
        for table in r.tables:
            for i, a in enumerate(table):
                for b in table[i + 1 :]:
                    key = (a, b) if a < b else (b, a)
                    counts[key] = counts.get(key, 0) + 1
    return counts


# --- search -----------------------------------------------------------------------------


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

    def plan(self, bound: float, deadline: Deadline, *, proven: bool) -> RotationPlan:
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
            ),
        )


def summarize(
    people: Sequence[str], rounds: Sequence[Round], history: Encounters | None, quality: Quality
) -> RotationPlan:
    """Recompute the meeting statistics of a plan from its rounds."""
    before = encounters((), history)
    after = encounters(rounds, history)
    people_set = set(people)
    total = len(people) * (len(people) - 1) // 2
    met = sum(1 for (a, b), c in after.items() if c and a in people_set and b in people_set)
    repeats = sum(max(0, c - 1) for c in after.values())
    old = sum(max(0, c - 1) for c in before.values())
    all_met_after = None
    for k in range(1, len(rounds) + 1):
        counts = encounters(rounds[:k], history)
        if (
            sum(1 for (a, b), c in counts.items() if c and a in people_set and b in people_set)
            == total
        ):
            all_met_after = k
            break
    return RotationPlan(tuple(rounds), repeats, repeats - old, met, total, all_met_after, quality)


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


def _people(participants: Sequence[str] | int) -> list[str]:
    if isinstance(participants, int):
        width = len(str(participants))
        return [f"P{k:0{width}d}" for k in range(1, participants + 1)]
    people = [str(p) for p in participants]
    if len(set(people)) != len(people):
        dup = next(p for p in people if people.count(p) > 1)
        raise InvalidInput(
            "rotation.duplicate_person", f"Person {dup!r} appears twice.", {"person": dup}
        )
    return people
