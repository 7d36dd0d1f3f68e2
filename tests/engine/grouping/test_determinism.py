"""The same seed gives the same plan however busy the machine is.

Searches are cut by counted work (tabu moves evaluated, annealing moves, CP-SAT's
deterministic time), never by the seconds left; the wall clock is only a safety net, and
when it cuts, the result says so. Each test runs a plan twice: once normally, once with
the engine's clock running five times fast (as on a machine five times slower) while a
busy thread competes for the interpreter, and compares the plans.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from typing import TypeVar

import pytest

from quartier.engine.grouping import (
    GridProblem,
    GridSession,
    Person,
    Room,
    plan_grid,
    plan_rotation,
    rounds_until_all_met,
    solving,
    split,
)

T = TypeVar("T")


@contextmanager
def slowed_down(monkeypatch: pytest.MonkeyPatch, factor: float = 5.0) -> Iterator[None]:
    """The engine's clock runs ``factor`` times fast and a thread keeps the CPU busy."""
    start = time.perf_counter()
    clock = SimpleNamespace(perf_counter=lambda: start + factor * (time.perf_counter() - start))
    monkeypatch.setattr(solving, "time", clock)
    stop = threading.Event()

    def spin() -> None:
        x = 0
        while not stop.is_set():
            x = (x * 31 + 7) % 1_000_003

    busy = threading.Thread(target=spin, daemon=True)
    busy.start()
    try:
        yield
    finally:
        stop.set()
        busy.join()
        monkeypatch.setattr(solving, "time", time)


def twice(monkeypatch: pytest.MonkeyPatch, run: Callable[[], T]) -> tuple[T, T]:
    calm = run()
    with slowed_down(monkeypatch):
        busy = run()
    return calm, busy


def test_rounds_until_all_met_ignore_machine_load(monkeypatch):
    # 13 people at tables of 2-3 have no construction: the tabu search decides, round by
    # round downwards from twice the lower bound, within its counted work.
    calm, busy = twice(
        monkeypatch,
        lambda: rounds_until_all_met(13, table_min=2, table_max=3, seed=4, time_limit=60),
    )
    assert calm.plan is not None and busy.plan is not None
    assert calm.plan.quality.method == "local-search (tabu)"
    assert not calm.plan.quality.time_limit_hit and not busy.plan.quality.time_limit_hit
    assert busy.plan.rounds == calm.plan.rounds
    assert busy.rounds_found == calm.rounds_found


def test_cp_sat_covering_proofs_ignore_machine_load(monkeypatch):
    # Eight people at tables of 1-3: the bounds say 4 rounds, CP-SAT proves 4 impossible
    # within its deterministic work and the plan has 5 (exhaustive search agrees).
    calm, busy = twice(
        monkeypatch,
        lambda: rounds_until_all_met(8, table_min=2, table_max=3, seed=1, time_limit=60),
    )
    assert (calm.rounds_found, calm.lower_bound) == (busy.rounds_found, busy.lower_bound)
    assert calm.search_bound == busy.search_bound
    assert busy.plan.rounds == calm.plan.rounds
    assert not busy.plan.quality.time_limit_hit


def test_a_fixed_number_of_rounds_ignores_machine_load(monkeypatch):
    calm, busy = twice(
        monkeypatch,
        lambda: plan_rotation(22, 6, table_min=3, table_max=4, seed=2, time_limit=60, moves=30_000),
    )
    assert busy.rounds == calm.rounds
    assert busy.repeats == calm.repeats
    assert not busy.quality.time_limit_hit


def test_grid_annealing_and_cp_sat_ignore_machine_load(monkeypatch):
    sessions = tuple(GridSession(f"s{k}", interest=5 + k) for k in range(9))
    interests = {f"p{i}": frozenset(f"s{(i * j) % 9}" for j in range(1, 4)) for i in range(1, 30)}
    problem = GridProblem(
        sessions, (Room("a", 20), Room("b", 15), Room("c", 12)), ("1", "2", "3"), {}, interests
    )
    calm, busy = twice(monkeypatch, lambda: plan_grid(problem, seed=3, time_limit=60))
    assert busy.placements == calm.placements
    assert busy.conflict_weight == calm.conflict_weight
    assert not busy.quality.time_limit_hit


def test_group_splits_ignore_machine_load(monkeypatch):
    people = [Person(f"p{i}", {"age": str(i % 3), "area": str(i % 4)}) for i in range(24)]
    calm, busy = twice(monkeypatch, lambda: split(people, groups=4, seed=5, time_limit=2))
    assert busy.groups == calm.groups


def test_it_reports_when_the_wall_clock_cut_the_search(monkeypatch):
    # A clock running 10 000 times fast exhausts a one-second limit at the first check.
    with slowed_down(monkeypatch, factor=10_000):
        answer = rounds_until_all_met(13, table_min=2, table_max=3, seed=4, time_limit=1)
        plan = plan_rotation(22, 6, table_min=3, table_max=4, seed=2, time_limit=1)
    assert answer.time_limit_hit
    assert plan.quality.time_limit_hit
    calm = rounds_until_all_met(13, table_min=2, table_max=3, seed=4, time_limit=60)
    assert not calm.time_limit_hit
