"""Lower bounds on the conflict weight of any grid, by counting.

*Slot-mates.* With ``N`` session-slots (a session spanning two slots counts twice), ``R``
rooms and ``T`` slots, every slot holds at least ``m = N - (T - 1) * R`` sessions. A
session therefore shares some slot with at least ``m - 1`` others it *can* meet (no
shared hard host, spans that can overlap); half the sum, over sessions, of their
``m - 1`` smallest conflict weights bounds every grid (each clashing pair is counted at
most twice).

*Pigeonhole groups.* ``q`` sessions whose possible first slots lie among ``T'`` slots
cannot all start in different slots when ``q > T'``: at least ``f(q, T')`` pairs (the
balanced split, ``Σ C(n_i, 2)``) start together and so clash, costing at least the
``f`` smallest weights inside the group. Pairs of *disjoint* groups are disjoint, so
the contributions add up. Groups are the tracks first (many sessions, a heavy weight for
each pair), then greedily built groups of heavily conflicting sessions.

CP-SAT's own bound on dense conflict objectives stays near zero for long; the larger of
the bounds is reported.
"""

from __future__ import annotations

from quartier.engine.grouping.grid.problem import GridProblem
from quartier.engine.grouping.grid.programme_checks import possible_starts


def conflict_lower_bound(problem: GridProblem) -> int:
    """Conflict weight that every valid grid reaches (the best of the counting bounds)."""
    return max(slot_mates_bound(problem), pigeonhole_bound(problem))


def slot_mates_bound(problem: GridProblem) -> int:
    rooms, slots = len(problem.rooms), len(problem.slots)
    needed = sum(s.length for s in problem.sessions)
    mates = needed - (slots - 1) * rooms - 1
    if mates <= 0:
        return 0
    weights = problem.conflict_weights()
    reach: dict[str, set[str]] = {}
    for s in problem.sessions:
        reach[s.id] = {u for t in possible_starts(problem, s) for u in problem.session_slots(s, t)}
    hard = {s.id: {h for h in s.hosts if h not in problem.soft_hosts} for s in problem.sessions}
    total = 0
    for a in problem.sessions:
        options = sorted(
            weights.get((min(a.id, b.id), max(a.id, b.id)), 0)
            for b in problem.sessions
            if b.id != a.id and not hard[a.id] & hard[b.id] and reach[a.id] & reach[b.id]
        )
        total += sum(options[:mates])
    return -(-total // 2)


def forced_pairs(q: int, bins: int) -> int:
    """Fewest pairs sharing a bin when ``q`` items go into ``bins`` bins."""
    if bins <= 0:
        return q * (q - 1) // 2
    b, r = divmod(q, bins)
    return r * (b + 1) * b // 2 + (bins - r) * b * (b - 1) // 2


def pigeonhole_bound(problem: GridProblem, max_group: int = 12, max_seeds: int = 200) -> int:
    weights = problem.conflict_weights()
    starts = {s.id: frozenset(possible_starts(problem, s)) for s in problem.sessions}

    def w(a: str, b: str) -> int:
        return weights.get((min(a, b), max(a, b)), 0)

    def value(group: list[str]) -> int:
        bins = len(frozenset().union(*(starts[g] for g in group)))
        f = forced_pairs(len(group), bins)
        if f == 0:
            return 0
        inside = sorted(w(a, b) for i, a in enumerate(group) for b in group[i + 1 :])
        return sum(inside[:f])

    # Groups may share one session (then they share no pair), never two.
    groups: list[set[str]] = []
    total = 0
    tracks: dict[str, list[str]] = {}
    for s in problem.sessions:
        if s.track:
            tracks.setdefault(s.track, []).append(s.id)
    for members in tracks.values():
        gain = value(members)
        if gain > 0:
            total += gain
            groups.append(set(members))

    def free_pair(a: str, b: str) -> bool:
        return not any(a in g and b in g for g in groups)

    ids = [s.id for s in problem.sessions]
    heavy = sorted(
        ((w(a, b), a, b) for i, a in enumerate(ids) for b in ids[i + 1 :] if w(a, b) > 0),
        reverse=True,
    )
    for _, a, b in heavy[:max_seeds]:
        if not free_pair(a, b):
            continue
        group, best_group, best = [a, b], [a, b], 0
        while len(group) < max_group:
            rest = [
                u for u in ids if u not in group and all(len(g & {u, *group}) <= 1 for g in groups)
            ]
            if not rest:
                break
            nxt = max(
                rest, key=lambda u: (min(w(u, g) for g in group), sum(w(u, g) for g in group), u)
            )
            group.append(nxt)
            gain = value(group)
            if gain > best:
                best, best_group = gain, list(group)
        if best > 0:
            total += best
            groups.append(set(best_group))
    return total
