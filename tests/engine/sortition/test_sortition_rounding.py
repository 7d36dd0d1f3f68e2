"""The rounding to m panels: the proven bound, the 1/m targets and how they are labelled.

See docs/background/rounding.md: the bound (k + 2)/m is proven and must always hold; the
targets (every person within 1/m, the lottery minimum at most 1/m below the exact one)
are what the window repair aims for, and the lottery must say truthfully whether it
reached them.
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quartier.cli import main
from quartier.engine.sortition import AuditRecord, Person, Quota, make_problem, select, verify
from quartier.engine.sortition.panel_polytope import satisfies
from quartier.engine.sortition.person_types import build_types
from quartier.engine.sortition.rounding import round_to_lottery
from quartier.engine.sortition.rounding_floor import rebuild, window_ranges
from quartier.engine.sortition.rounding_repair import SeatRepair
from quartier.engine.sortition.rounding_windows import Windows
from quartier.engine.sortition.selection import find_distribution
from tests.engine.sortition.sortition_instances import random_problem
from tests.engine.sortition.test_sortition_certificate import (
    exact_quota_problem,
    write_exact_files,
)

FAST = settings(max_examples=30, deadline=None, derandomize=True)


def deviations(lottery, exact: dict[str, float]) -> np.ndarray:  # type: ignore[no-untyped-def]
    return np.array([abs(lottery.probabilities[pid] - exact[pid]) for pid in exact])


@FAST
@given(st.integers(0, 10_000), st.booleans(), st.integers(1, 60))
def test_the_proven_bound_always_holds_and_the_targets_are_labelled_truthfully(
    seed: int, homes: bool, m: int
) -> None:
    problem = random_problem(seed, homes)
    distribution = find_distribution(problem)
    lottery = round_to_lottery(distribution, m)
    exact = distribution.probabilities
    worst = deviations(lottery, exact).max()
    assert worst <= (problem.panel_size + 2) / m + 1e-12
    assert worst == pytest.approx(lottery.max_deviation, abs=1e-12)
    assert lottery.within_one == (worst * m <= 1 + 1e-9)
    active = [p.id for p in problem.active_people()]
    shortfall = distribution.min_probability - min(lottery.probabilities[i] for i in active)
    assert lottery.min_shortfall == pytest.approx(max(0.0, shortfall), abs=1e-12)
    assert lottery.min_clause == (max(0.0, shortfall) * m <= 1 + 1e-9)
    pool = build_types(problem)
    type_of = pool.type_of()
    held = dict.fromkeys(exact, 0)
    for panel in lottery.panels:  # every panel, also the ones the repair made, is feasible
        assert len(set(panel)) == len(panel) == problem.panel_size and list(panel) == sorted(panel)
        counts = np.zeros(pool.count, dtype=np.int64)
        for pid in panel:
            counts[type_of[pid]] += 1
            held[pid] += 1
        assert satisfies(pool, counts)
    assert list(lottery.panels) == sorted(lottery.panels)
    for pid, seats in held.items():
        assert lottery.probabilities[pid] == seats / m
    for ptype in pool.types:  # cyclic hand-out: the first S mod n members hold one seat more
        seats = [held[pid] for pid in ptype.members]
        total, size = sum(seats), len(seats)
        assert seats == [total // size + (i < total % size) for i in range(size)]


def exact_pool(seed: int, n: int, k: int) -> tuple[list[Person], list[Quota]]:
    """Correlated features, exact quotas (min = max) from the pool's own shares."""
    rng = random.Random(seed)
    people = []
    for i in range(n):
        age = rng.choice("abc")
        sex = rng.choice("fm")
        area = rng.choice("nsew" if age != "a" else "ns")
        people.append(Person(f"p{i}", {"age": age, "sex": sex, "area": area}))
    quotas = []
    for category in ("age", "sex", "area"):
        counts: dict[str, int] = {}
        for p in people:
            counts[p.features[category]] = counts.get(p.features[category], 0) + 1
        shares = {v: c * k / n for v, c in sorted(counts.items())}
        seats = {v: int(s) for v, s in shares.items()}
        for v in sorted(shares, key=lambda v: seats[v] - shares[v])[: k - sum(seats.values())]:
            seats[v] += 1
        quotas += [Quota(category, v, s, s) for v, s in seats.items()]
    return people, quotas


@FAST
@given(st.integers(0, 10_000))
def test_the_repair_never_raises_the_largest_deviation_nor_pushes_anyone_below_the_floor(
    seed: int,
) -> None:
    people, quotas = exact_pool(seed, n=24, k=6)
    problem = make_problem(people, quotas, 6)
    distribution = find_distribution(problem)
    pool = distribution.pool
    m = 41
    panels = np.array(distribution.panels, dtype=np.int64)
    rng = np.random.default_rng(seed)  # a deliberately poor start: random copies
    copies = np.bincount(rng.integers(0, len(panels), m), minlength=len(panels))
    target = m * (np.array(distribution.weights) @ panels)
    windows = Windows.around(target, pool.sizes, m * distribution.min_probability)
    before = copies @ panels
    rows, moved, capped = SeatRepair(pool, windows).run(panels, copies, float("inf"), 10_000)
    after = moved @ rows
    assert not capped and moved.sum() == m
    assert all(satisfies(pool, row) for row in rows)
    sizes = pool.sizes.astype(float)
    exact = target / sizes

    def worst(seats: np.ndarray) -> np.ndarray:
        return np.maximum(
            np.abs(np.floor(seats / sizes + 1e-9) - exact),
            np.abs(np.ceil(seats / sizes - 1e-9) - exact),
        )

    # the largest deviation never grows (so the proven bound holds) ...
    assert worst(after).max() <= max(worst(before).max(), 1.0 + 1e-9) + 1e-9
    # ... and nobody at or above the min-clause floor is pushed below it
    below_before = set(np.flatnonzero(before < windows.floor))
    assert set(np.flatnonzero(after < windows.floor)) <= below_before


def test_an_exact_quota_lottery_reaches_both_targets_and_says_so() -> None:
    problem = exact_quota_problem()
    result = select(problem, seed="s", panels=300)
    lottery = result.lottery
    assert lottery.within_one and lottery.min_clause
    assert lottery.max_deviation * 300 <= 1 + 1e-9
    assert "within 1/m met" in result.audit.notes[-1]
    assert "minimum MISSED" not in result.audit.notes[-1]
    assert verify(result.audit, problem).ok


def test_the_repair_pulls_a_poor_start_into_the_windows() -> None:
    problem = exact_quota_problem(n=90, k=8, seed=9)
    distribution = find_distribution(problem)
    pool = distribution.pool
    m = 200
    panels = np.array(distribution.panels, dtype=np.int64)
    copies = np.zeros(len(panels), dtype=np.int64)
    copies[0] = m  # everything on one panel: far from every window
    target = m * (np.array(distribution.weights) @ panels)
    windows = Windows.around(target, pool.sizes, m * distribution.min_probability)
    start = windows.distance(copies @ panels).sum()
    rows, moved, _ = SeatRepair(pool, windows).run(panels, copies, float("inf"), 50_000)
    assert windows.distance(moved @ rows).sum() < start / 10
    assert len(rows) > 1  # panels outside the support were created


def test_a_rounding_time_cap_is_reported_in_german_and_english(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    problem = exact_quota_problem()
    result = select(problem, seed="s", panels=100, rounding_time_limit=0.0)
    assert result.lottery.time_capped
    assert result.lottery.max_deviation <= result.lottery.guaranteed_deviation + 1e-12
    assert "rounding time cap of 0 s reached" in result.audit.notes[0]
    assert verify(result.audit, problem).ok
    people, quotas = write_exact_files(tmp_path)
    args = ["sortition", "select", "--people", str(people), "--quotas", str(quotas)]
    args += ["--panel-size", "8", "--id-column", "pool_member_identifier", "--seed", "1"]
    args += ["--panels", "100", "--rounding-time-limit", "0"]
    assert main([*args, "--out", str(tmp_path / "en"), "--lang", "en"]) == 0
    english = capsys.readouterr().out
    assert "ROUNDING TIME CAP of 0 s reached: the lottery keeps the proven bound" in english
    assert main([*args, "--out", str(tmp_path / "de"), "--lang", "de"]) == 0
    german = capsys.readouterr().out
    assert "ZEITGRENZE DER RUNDUNG von 0 s erreicht" in german


def test_the_cli_summary_states_whether_the_targets_were_met(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    people, quotas = write_exact_files(tmp_path)
    args = ["sortition", "select", "--people", str(people), "--quotas", str(quotas)]
    args += ["--panel-size", "8", "--id-column", "pool_member_identifier", "--seed", "1"]
    assert main([*args, "--panels", "300", "--out", str(tmp_path / "a"), "--lang", "de"]) == 0
    assert "jede Person liegt höchstens 1/m neben" in capsys.readouterr().out
    # with three panels the summary follows what the record measured, either way
    assert main([*args, "--panels", "3", "--out", str(tmp_path / "b"), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    record = AuditRecord.load(tmp_path / "b" / "audit.json")
    missed = "MISSED" in record.notes[-1]
    assert ("target missed" in out) == missed
    assert ("every person is within 1/m" in out) == (not missed)


def test_the_floor_rebuild_finds_the_nearest_feasible_panel_with_one_more_seat() -> None:
    problem = exact_quota_problem()
    distribution = find_distribution(problem)
    pool = distribution.pool
    panel = np.array(distribution.panels[0], dtype=np.int64)
    absent = [t for t in range(pool.count) if panel[t] == 0]
    free = np.full(pool.count, 3, dtype=np.int64)
    rebuilt = 0
    for target in absent:
        new = rebuild(pool, panel, target, free, free)
        if new is None:
            continue
        rebuilt += 1
        assert satisfies(pool, new)
        assert new[target] == panel[target] + 1
        assert np.abs(new - panel).max() <= 3
    assert rebuilt > 0
    # nobody may give up a seat: then no panel of the same size can seat the target
    nobody = np.zeros(pool.count, dtype=np.int64)
    assert rebuild(pool, panel, absent[0], nobody, free) is None


def test_window_ranges_never_let_a_type_move_away_from_its_window() -> None:
    seats = np.array([2.0, 5.0, 9.0, 5.0])
    low = np.array([4.0, 4.0, 4.0, 4.0])
    high = np.array([6.0, 6.0, 6.0, 6.0])
    down, up = window_ranges(seats, low, high, target=3, direction=-1)
    # below its window: may only rise (up to the top of the window); inside: within it;
    # above: may only fall (down to the bottom); the target only in its direction
    assert (down[0], up[0]) == (0, 3)
    assert (down[1], up[1]) == (1, 1)
    assert (down[2], up[2]) == (3, 0)
    assert up[3] == 0 and down[3] > 0


def test_the_rebuild_can_also_take_a_seat_away() -> None:
    problem = exact_quota_problem()
    pool = find_distribution(problem).pool
    panel = np.array(find_distribution(problem).panels[0], dtype=np.int64)
    target = int(np.flatnonzero(panel)[0])
    free = np.full(pool.count, 3, dtype=np.int64)
    new = rebuild(pool, panel, target, free, free, direction=-1)
    assert new is not None and satisfies(pool, new)
    assert new[target] == panel[target] - 1


@FAST
@given(st.integers(0, 10_000), st.booleans())
def test_the_fallback_check_of_new_panels_agrees_with_satisfies(seed: int, homes: bool) -> None:
    from quartier.engine.sortition.rounding import _all_feasible

    distribution = find_distribution(random_problem(seed, homes))
    pool = distribution.pool
    panels = np.array(distribution.panels, dtype=np.int64).reshape(-1, pool.count)
    rng = np.random.default_rng(seed)
    rows = [panels[0]]
    for _ in range(6):  # one seat moved from one type to another: often breaks a rule
        row = panels[rng.integers(len(panels))].copy()
        a, c = rng.integers(pool.count, size=2)
        row[a] -= 1
        row[c] += 1
        rows.append(row)
    for row in rows:
        assert _all_feasible(pool, row[None, :]) == satisfies(pool, row)
    assert _all_feasible(pool, np.array(rows)) == all(satisfies(pool, row) for row in rows)
