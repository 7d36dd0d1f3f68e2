"""Grids for real programmes: slots, room features, long sessions, soft hosts, tracks."""

from __future__ import annotations

from itertools import product

import pytest

from quartier.engine.grouping import (
    GridProblem,
    GridSession,
    Infeasible,
    InvalidInput,
    Placement,
    Room,
    plan_grid,
    validate_grid,
)
from quartier.engine.grouping.grid import conflicts_of

SLOTS = ("t1", "t2", "t3")
ROOMS = (
    Room("hall", 60, frozenset({"step-free", "hybrid", "projector"})),
    Room("attic", 20),
    Room("lab", 20, frozenset({"projector"})),
)


def by_session(result):
    return {p.session: p for p in result.placements}


def test_sessions_run_only_in_their_allowed_slots_and_never_in_forbidden_ones():
    problem = GridProblem(
        (
            GridSession("early", ("h1",), 10, allowed_slots=frozenset({"t1"})),
            GridSession("not-late", ("h2",), 10, forbidden_slots=frozenset({"t3"})),
            GridSession("any", ("h3",), 10),
        ),
        ROOMS,
        SLOTS,
    )
    placed = by_session(plan_grid(problem, seed=1, time_limit=10))
    assert placed["early"].slot == "t1"
    assert placed["not-late"].slot != "t3"
    assert validate_grid(problem, list(placed.values())) == []


def test_a_session_gets_a_room_with_every_feature_it_needs():
    problem = GridProblem(
        (
            GridSession("wheelchair", ("h1",), 5, needs=frozenset({"step-free"})),
            GridSession("slides", ("h2",), 5, needs=frozenset({"projector"})),
        ),
        ROOMS,
        ("t1",),
    )
    placed = by_session(plan_grid(problem, seed=0, time_limit=10))
    assert placed["wheelchair"].room == "hall"
    assert placed["slides"].room == "lab"


def test_a_two_slot_session_holds_its_room_and_host_for_both_slots():
    problem = GridProblem(
        (
            GridSession("workshop", ("ana",), 15, length=2, pinned_room="attic"),
            GridSession("talk", ("ana",), 10),
            GridSession("other", ("ben",), 10, pinned_room="attic"),
        ),
        ROOMS[1:],
        SLOTS,
    )
    placed = by_session(plan_grid(problem, seed=0, time_limit=10))
    first = SLOTS.index(placed["workshop"].slot)
    held = set(SLOTS[first : first + 2])
    assert len(held) == 2
    assert placed["talk"].slot not in held  # ana cannot be in two places
    assert placed["other"].slot not in held  # the attic is taken


def test_a_long_session_cannot_start_in_the_last_slot():
    problem = GridProblem((GridSession("long", ("h",), 5, length=2),), ROOMS, SLOTS)
    broken = validate_grid(problem, [Placement("long", "attic", "t3")])
    assert [b.code for b in broken] == ["grid.session_slots"]


def test_soft_host_clashes_are_allowed_at_a_cost_and_reported_with_their_reason():
    problem = GridProblem(
        (GridSession("a", ("ana",), 5), GridSession("b", ("ana",), 5)),
        (Room("r1", 10), Room("r2", 10)),
        ("t1",),
        soft_hosts={"ana": 7},
    )
    result = plan_grid(problem, seed=0, time_limit=10)
    assert result.conflict_weight == 7
    [conflict] = result.conflicts
    assert conflict.reasons == ("shared host ana (soft)",)
    hard = GridProblem(problem.sessions, problem.rooms, problem.slots)
    with pytest.raises(Infeasible):
        plan_grid(hard, seed=0, time_limit=10)


def test_sessions_of_one_track_are_kept_apart_and_clashes_name_the_track():
    sessions = (
        GridSession("m1", ("h1",), 5, track="mobility"),
        GridSession("m2", ("h2",), 5, track="mobility"),
        GridSession("x", ("h3",), 5),
        GridSession("y", ("h4",), 5),
    )
    problem = GridProblem(sessions, ROOMS[:2], ("t1", "t2"), interests={"p": frozenset({"x", "y"})})
    result = plan_grid(problem, seed=0, time_limit=10)
    placed = by_session(result)
    assert placed["m1"].slot != placed["m2"].slot
    assert result.conflict_weight == 0
    clash = [Placement("m1", "hall", "t1"), Placement("m2", "attic", "t1")]
    clash += [Placement("x", "hall", "t2"), Placement("y", "attic", "t2")]
    reasons = {(c.session_a, c.session_b): c.reasons for c in conflicts_of(problem, clash)}
    assert reasons == {
        ("m1", "m2"): ("same track mobility",),
        ("x", "y"): ("1 participant wants both",),
    }


def test_validation_names_a_missing_feature_and_a_forbidden_slot():
    problem = GridProblem(
        (
            GridSession(
                "s", ("h",), 5, needs=frozenset({"hybrid"}), forbidden_slots=frozenset({"t2"})
            ),
        ),
        ROOMS,
        SLOTS,
    )
    broken = validate_grid(problem, [Placement("s", "lab", "t2")])
    messages = " / ".join(b.message for b in broken)
    assert "needs hybrid, which room lab lacks" in messages
    assert "starts in slot t2" in messages


def test_no_room_with_the_needed_feature_is_explained():
    problem = GridProblem(
        (GridSession("s", ("h",), 5, needs=frozenset({"sign-language"})),), ROOMS, SLOTS
    )
    with pytest.raises(Infeasible) as caught:
        plan_grid(problem, seed=0, time_limit=10)
    assert "grid.room_features" in {e.code for e in caught.value.explanations}


def test_unknown_slots_and_impossible_lengths_are_input_errors():
    with pytest.raises(InvalidInput):
        plan_grid(GridProblem((GridSession("s", allowed_slots=frozenset({"t9"})),), ROOMS, SLOTS))
    with pytest.raises(InvalidInput):
        plan_grid(GridProblem((GridSession("s", length=4),), ROOMS, SLOTS))


def test_programme_plans_are_optimal_by_brute_force():
    sessions = (
        GridSession("a", ("h1",), 5, track="t", length=2),
        GridSession("b", ("h2",), 5, track="t"),
        GridSession("c", ("h1",), 5, needs=frozenset({"projector"})),
        GridSession("d", ("h3",), 15),
    )
    rooms = (Room("r1", 20, frozenset({"projector"})), Room("r2", 10))
    problem = GridProblem(
        sessions,
        rooms,
        SLOTS,
        interests={"p1": frozenset({"a", "d"}), "p2": frozenset({"c", "d", "b"})},
        soft_hosts={"h1": 3},
        track_weight=5,
    )
    best = None
    places = list(product([r.id for r in rooms], SLOTS))
    for combo in product(places, repeat=len(sessions)):
        grid = [Placement(s.id, r, t) for s, (r, t) in zip(sessions, combo, strict=True)]
        if not validate_grid(problem, grid):
            weight = sum(c.weight for c in conflicts_of(problem, grid))
            best = weight if best is None else min(best, weight)
    result = plan_grid(problem, seed=0, time_limit=20)
    assert result.conflict_weight == best
    assert result.quality.status.value == "optimal"


def test_the_greedy_programme_grid_is_valid_even_when_rooms_are_tight():
    from quartier.engine.grouping.grid.programme import greedy_programme

    # Three rooms x two slots = six places for six sessions; the projector room must be
    # kept for the two talks that need it, which a cost-first choice would give away.
    sessions = (
        GridSession("open1", ("a",), 5),
        GridSession("open2", ("b",), 5),
        GridSession("open3", ("c",), 5),
        GridSession("open4", ("d",), 5),
        GridSession("talk1", ("e",), 5, needs=frozenset({"projector"})),
        GridSession("talk2", ("f",), 5, needs=frozenset({"projector"})),
    )
    rooms = (Room("lab", 20, frozenset({"projector"})), Room("attic", 20), Room("cellar", 20))
    problem = GridProblem(
        sessions, rooms, ("t1", "t2"), interests={"p": frozenset({"open1", "open2"})}
    )
    grid = greedy_programme(problem, seed=0)
    assert grid is not None and validate_grid(problem, grid) == []
    assert {p.session for p in grid if p.room == "lab"} == {"talk1", "talk2"}
