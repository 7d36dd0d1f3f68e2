"""Fill ``data/schedules.json``: ``python -m quartier.engine.grouping.rotation.build_library``.

Offline and slow on purpose (minutes): cyclic CP-SAT constructions of designs that direct
formulas do not give (Kirkman triple system on 21 people, resolvable (28,4,1) design,
resolvable coverings with several fixed points such as 24 people at tables of 4 in 8
rounds), exact CP-SAT coverings of small open cells (12 people at tables of 3 in 6
rounds), affine planes, then for every cell n <= 30, tables of at most k = 2..6, a long tabu search
for the lower bound and upwards while it beats the shortest schedule known so far (from
the library, truncated). Only schedules that pass :func:`library.verified` are written.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from quartier.engine.grouping.covering import cover_within_bounds
from quartier.engine.grouping.designs import affine_rounds
from quartier.engine.grouping.rotation.bounds import all_meet_bounds, table_sizes
from quartier.engine.grouping.rotation.cover_search import search_cover
from quartier.engine.grouping.rotation.cyclic import cyclic_cover
from quartier.engine.grouping.rotation.library import _PATH, entries, truncate, verified
from quartier.engine.grouping.solving import Budget, Deadline

CYCLIC = [
    # (m, orbits, fixed people, invariant rounds, table_min, table_max, tables, source)
    (7, 3, 0, 3, 3, 3, 7, "Kirkman triple system KTS(21), cyclic over Z_7"),
    (9, 3, 1, 0, 4, 4, 7, "resolvable (28,4,1) design, 1-rotational over Z_9"),
    (11, 2, 2, 1, 1, 3, 9, "resolvable covering, Z_11 with 2 fixed people"),
    (7, 3, 2, 1, 1, 4, 7, "resolvable covering, Z_7 with 2 fixed people"),
    (7, 3, 3, 1, 1, 4, 7, "resolvable covering, Z_7 with 3 fixed people"),
    (7, 4, 2, 0, 1, 6, 6, "resolvable covering, Z_7 with 2 fixed people"),
]
EXACT = [
    # (people, table_max, rounds, deterministic CP-SAT seconds)
    (12, 3, 6, 60.0),
]


def _store(items: list[dict[str, object]]) -> None:
    items.sort(key=lambda e: (e["table_max"], e["people"], len(e["rounds"])))  # type: ignore[arg-type]
    _PATH.parent.mkdir(exist_ok=True)
    _PATH.write_text(json.dumps(items, separators=(",", ":")) + "\n", encoding="utf-8")
    entries.cache_clear()


def cyclic_options(n: int, k: int, rounds: int) -> list[tuple[int, int, int, int, int]]:
    """Every (m, orbits, fixed people, base rounds, invariant rounds) with
    ``bases * m + invariant == rounds`` that seats ``n`` people at tables of 1..k, the
    fewest base rounds and the largest group first (smallest models)."""
    out = []
    for m in range(2, rounds + 1):
        for invariant in range(3):
            bases, rest = divmod(rounds - invariant, m)
            if rest or bases < 1:
                continue
            for fixed in range(k + 1):
                c, left = divmod(n - fixed, m)
                if left or c < 1 or (invariant and (c > k or fixed > k)):
                    continue
                out.append((m, c, fixed, bases, invariant))
    return sorted(out, key=lambda o: (o[3], -o[0]))


def _cyclic_for(n: int, k: int, rounds: int, seconds: float) -> list[list[list[int]]] | None:
    """Try the first few cyclic developments with ``rounds`` rounds that fit n people."""
    for m, c, fixed, bases, invariant in cyclic_options(n, k, rounds)[:6]:
        found = cyclic_cover(
            m,
            c,
            fixed=fixed,
            bases=bases,
            invariant=invariant,
            table_min=1,
            table_max=k,
            tables=-(-n // k) + 1,
            time_limit=seconds,
        )
        if found is not None and verified(n, found, 1, k):
            return found
    return None


def _best_rounds(items: list[dict[str, object]], n: int, k: int) -> list[list[list[int]]] | None:
    best = None
    for e in items:
        if e["people"] >= n and e["table_max"] <= k:  # type: ignore[operator]
            rounds = truncate(e["rounds"], n)  # type: ignore[arg-type]
            if verified(n, rounds, 1, k) and (best is None or len(rounds) < len(best)):
                best = rounds
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60.0, help="tabu time per cell")
    parser.add_argument("--steps", type=int, default=400_000)
    parser.add_argument("--only", help="comma-separated n/k cells")
    parser.add_argument(
        "--cyclic", action="store_true", help="only try cyclic constructions on open cells"
    )
    parser.add_argument(
        "--constructions-only",
        action="store_true",
        help="only the affine, cyclic and exact constructions, no tabu runs per cell",
    )
    args = parser.parse_args(argv)
    items: list[dict[str, object]] = [
        {"people": e.people, "table_max": e.table_max, "rounds": e.rounds, "source": e.source}
        for e in entries()
    ]

    def add(n: int, k: int, rounds: list[list[list[int]]], source: str) -> None:
        if not verified(n, rounds, 1, k):
            print(f"  rejected {n}/{k}: not a valid covering", file=sys.stderr)
            return
        items[:] = [e for e in items if not (e["people"] == n and e["table_max"] == k)]
        items.append({"people": n, "table_max": k, "rounds": rounds, "source": source})
        _store(items)
        print(f"  stored {n}/{k} in {len(rounds)} rounds ({source})", flush=True)

    def best_known(n: int, k: int) -> int | None:
        best = None
        for e in items:
            if e["people"] >= n and e["table_max"] <= k:  # type: ignore[operator]
                rounds = truncate(e["rounds"], n)  # type: ignore[arg-type]
                if verified(n, rounds, 1, k) and (best is None or len(rounds) < best):
                    best = len(rounds)
        return best

    if not args.only:
        for q, m in [(3, 2), (4, 2), (5, 2), (3, 3)]:
            rounds = affine_rounds(q**m, q)
            if rounds and (best_known(q**m, q) or 99) > len(rounds):
                add(q**m, q, rounds, f"affine geometry AG({m},{q})")
        for m, c, fixed, inv, lo, hi, tables, source in CYCLIC:
            n = m * c + fixed
            if (best_known(n, hi) or 99) <= m + inv:
                continue
            rounds = cyclic_cover(
                m,
                c,
                fixed=fixed,
                invariant=inv,
                table_min=lo,
                table_max=hi,
                tables=tables,
                time_limit=600,
            )
            if rounds:
                add(n, hi, rounds, source)
        for n, k, rounds_wanted, work in EXACT:
            if (best_known(n, k) or 99) <= rounds_wanted:
                continue
            outcome = cover_within_bounds(
                n, 1, k, rounds_wanted, seed=0, time_limit=50 * work, budget=Budget(50 * work, work)
            )
            if outcome.rounds is not None:
                add(n, k, outcome.rounds, "cp-sat covering (library build)")
    if args.constructions_only:
        return 0
    cells = [(n, k) for k in range(3, 7) for n in range(k + 1, 31)]
    if args.only:
        cells = [tuple(map(int, c.split("/"))) for c in args.only.split(",")]  # type: ignore[misc]
    if args.cyclic:
        for n, k in cells:
            lower = max(all_meet_bounds(n, 1, k))
            known = best_known(n, k)
            for target in range(lower, known or lower + 2):
                found = _cyclic_for(n, k, target, args.seconds)
                if found is not None:
                    add(n, k, found, f"cyclic CP-SAT construction ({len(found)} rounds)")
                    break
            print(f"{n}/{k}: lower {lower}, best {best_known(n, k)}", flush=True)
        return 0
    for n, k in cells:
        lower = max(all_meet_bounds(n, 1, k))
        known = best_known(n, k)
        if known is not None and known <= lower:
            continue
        sizes = table_sizes(n, 1, k)
        rounds_try = lower
        start = time.perf_counter()
        while n <= 11 and (known is None or rounds_try < known):
            outcome = cover_within_bounds(n, 1, k, rounds_try, seed=0, time_limit=20)
            if outcome.rounds is not None:
                add(n, k, outcome.rounds, "cp-sat covering (library build)")
                known = rounds_try
            elif outcome.impossible:
                print(f"  {n}/{k}: {rounds_try} rounds proven impossible", flush=True)
                rounds_try += 1
                continue
            break
        current = _best_rounds(items, n, k)
        if current is None:
            current, _ = search_cover(n, sizes, 2 * lower, 1, k, seed=0, steps=args.steps)
        while current is not None and len(current) > rounds_try:
            found, _ = search_cover(
                n,
                sizes,
                len(current) - 1,
                1,
                k,
                seed=len(current),
                steps=args.steps,
                deadline=Deadline(args.seconds),
                start=current[:-1],
            )
            if found is None:
                break
            add(n, k, found, "tabu search (library build)")
            current = found
        known = len(current) if current else None
        print(
            f"{n}/{k}: lower {lower}, best {known}, {time.perf_counter() - start:.0f} s", flush=True
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
