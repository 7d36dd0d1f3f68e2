"""Published results on "everyone meets everyone" rotations, to compare plans against.

``best_known_rounds`` lists only families that are theorems (equal tables of k);
``reference_rounds`` (tables of *at most* k) adds their truncations where they meet the
per-person bound, the round robin for odd n, and a few quoted best-known values. A plan in which every pair meets exactly once,
with all tables of size k, is a *resolvable* 2-(n, k, 1) design; it needs exactly
(n - 1) / (k - 1) rounds, which equals the lower bound, so these plans are optimal:

- k = 2, n even: round-robin tournaments (1-factorizations of K_n), e.g. the circle
  method (Lucas 1883); n - 1 rounds.
- k = 3, n = 3 (mod 6): Kirkman triple systems (Ray-Chaudhuri & Wilson 1971; Kirkman's
  schoolgirl problem, 1850, is n = 15 in 7 rounds).
- k = 4, n = 4 (mod 12): resolvable 2-(n,4,1) designs (Hanani, Ray-Chaudhuri & Wilson 1972).
- n = q^2 with q a prime power, k = q: affine planes AG(2, q), q + 1 rounds.

Related but different (not used by the planner): in the social golfer problem
(CSPLib prob010) the question is how many rounds fit *without any repeat*; the famous
instance of 32 golfers in 8 groups of 4 admits 10 weeks (Aguado 2004), the maximum.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KnownResult:
    """The optimal number of rounds for n people at tables of k, and where it comes from."""

    people: int
    table_size: int
    rounds: int
    source: str


_PRIME_POWERS = (2, 3, 4, 5, 7, 8, 9, 11, 13)

SOCIAL_GOLFER_32_8_4_WEEKS = 10
"""32 golfers, 8 groups of 4: 10 weeks without repeats (Aguado 2004; CSPLib prob010)."""


def best_known_rounds(people: int, table_size: int) -> KnownResult | None:
    """Rounds for everyone to meet everyone at equal tables, when a theorem gives it."""
    n, k = people, table_size
    if k < 2 or n % k or n <= k:
        return None
    rounds = (n - 1) // (k - 1)
    if k == 2:
        return KnownResult(n, k, rounds, "round-robin (circle method)")
    if k == 3 and n % 6 == 3:
        return KnownResult(n, k, rounds, "Kirkman triple system (Ray-Chaudhuri & Wilson 1971)")
    if k == 4 and n % 12 == 4:
        return KnownResult(n, k, rounds, "resolvable (n,4,1) design (Hanani et al. 1972)")
    if k in _PRIME_POWERS and n == k * k:
        return KnownResult(n, k, k + 1, f"affine plane AG(2,{k})")
    return None


# Best-known values for tables of *at most* k seats (sizes may vary per round) that are
# not theorems of the families above. Quoted with their source; they are upper bounds
# someone has published or reported, not proofs of optimality.
_QUOTED: dict[tuple[int, int], tuple[int, str]] = {
    (20, 5): (6, "van Dam, Haemers & Peek 2003, equitable resolvable coverings, Table A.1"),
    (12, 3): (6, "best-known value quoted in issue #14"),
    (20, 4): (7, "best-known value quoted in issue #14"),
    (24, 4): (8, "best-known value quoted in issue #14"),
    (24, 6): (6, "best-known value quoted in issue #14"),
    (30, 6): (7, "best-known value quoted in issue #14"),
    (13, 5): (4, "best-known value quoted in issue #14"),
    (13, 6): (4, "best-known value quoted in issue #14"),
}

# (v, block size, rounds, name): resolvable designs, every pair exactly once.
_DESIGNS = [
    *((v, 3, (v - 1) // 2, f"Kirkman triple system KTS({v})") for v in (9, 15, 21, 27)),
    (16, 4, 5, "affine plane AG(2,4)"),
    (28, 4, 9, "resolvable (28,4,1) design (Hanani, Ray-Chaudhuri & Wilson 1972)"),
    (25, 5, 6, "affine plane AG(2,5)"),
]


def reference_rounds(people: int, table_max: int) -> KnownResult | None:
    """Best-known rounds for ``people`` at tables of at most ``table_max`` (sizes free).

    A design on v >= n people with blocks of k <= table_max serves n people by leaving
    v - n out; when its rounds equal the per-person bound ``ceil((n-1)/(table_max-1))``
    this is the optimum. Pairs: the round robin (n - 1 rounds for even n; n rounds for
    odd n, one person sitting out each round, which is the counting bound).
    """
    n, k = people, table_max
    if k < 2 or n <= 1:
        return None
    if n <= k:
        return KnownResult(n, k, 1, "one table")
    per_person = -(-(n - 1) // (k - 1))
    if k == 2:
        if n % 2 == 0:
            return KnownResult(n, k, n - 1, "round robin (circle method, Lucas 1883)")
        return KnownResult(n, k, n, "round robin on n + 1, one sits out (counting bound)")
    for v, block, rounds, name in _DESIGNS:
        if block == k and v >= n and rounds == per_person:
            source = name if v == n else f"{name} with {v - n} left out (meets per-person bound)"
            return KnownResult(n, k, rounds, source)
    if (n, k) in _QUOTED:
        rounds, source = _QUOTED[n, k]
        return KnownResult(n, k, rounds, source)
    return None
