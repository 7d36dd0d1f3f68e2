"""Programme grids: greedy and annealing with long sessions, counting explanations, and
lower bounds that hold for every grid (checked by brute force)."""

from __future__ import annotations

from itertools import product

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quartier.engine.grouping import (
    GridProblem,
    GridSession,
    Infeasible,
    Placement,
    Room,
    plan_grid,
    validate_grid,
)
from quartier.engine.grouping.grid import conflicts_of
from quartier.engine.grouping.grid.lower_bound import (
    conflict_lower_bound,
    forced_pairs,
    pigeonhole_bound,
    slot_mates_bound,
)
from quartier.engine.grouping.grid.programme_search import greedy_programme, improve_programme
from quartier.engine.grouping.grid.search import greedy_grid

SLOTS = ("t1", "t2", "t3")


def weight(problem, grid):
    return sum(c.weight for c in conflicts_of(problem, grid))


def brute_force_optimum(problem):
    """The least conflict weight over every valid grid (None when there is none)."""
    places = list(product([r.id for r in problem.rooms], problem.slots))
    best = None
    for combo in product(places, repeat=len(problem.sessions)):
        grid = [Placement(s.id, r, t) for s, (r, t) in zip(problem.sessions, combo, strict=True)]
        if not validate_grid(problem, grid):
            w = weight(problem, grid)
            best = w if best is None else min(best, w)
    return best


def test_the_greedy_grid_keeps_a_long_session_in_one_room_for_all_its_slots():
    sessions = (
        GridSession("workshop", ("ana",), 10, length=2, needs=frozenset({"hybrid"})),
        GridSession("talk", ("ana",), 10),
        GridSession("walk", ("bo",), 10, allowed_slots=frozenset({"t1", "t2"})),
        GridSession("film", ("cy",), 30, length=2),
    )
    rooms = (Room("hall", 40), Room("studio", 15, frozenset({"hybrid"})))
    problem = GridProblem(sessions, rooms, SLOTS)
    result = greedy_grid(problem, seed=0)
    assert result is not None
    assert validate_grid(problem, list(result.placements)) == []
    placed = {p.session: p for p in result.placements}
    assert placed["workshop"].room == "studio" and placed["workshop"].slot in ("t1", "t2")
    # ana hosts both: the talk runs in the slot the two-slot workshop leaves free
    workshop_slots = set(problem.session_slots(sessions[0], placed["workshop"].slot))
    assert placed["talk"].slot not in workshop_slots


def test_annealing_moves_long_sessions_out_of_clashes_and_stays_valid():
    sessions = (
        GridSession("long", ("a",), 5, length=2),
        GridSession("x", ("b",), 5),
        GridSession("y", ("c",), 5),
        GridSession("z", ("d",), 5, track="green"),
        GridSession("w", ("e",), 5, track="green"),
    )
    interests = {f"p{i}": frozenset({"long", "x"}) for i in range(5)}
    interests |= {f"q{i}": frozenset({"x", "y"}) for i in range(3)}
    problem = GridProblem(
        sessions, (Room("r1", 10), Room("r2", 10)), SLOTS, interests=interests, track_weight=7
    )
    # a bad but valid start: the long session runs next to x, the track sessions together
    start = [
        Placement("long", "r1", "t1"),
        Placement("x", "r2", "t1"),
        Placement("y", "r2", "t2"),
        Placement("z", "r1", "t3"),
        Placement("w", "r2", "t3"),
    ]
    assert validate_grid(problem, start) == []
    better = improve_programme(problem, start, seed=0, moves=5_000)
    assert validate_grid(problem, better) == []
    assert weight(problem, better) == brute_force_optimum(problem) == 0


@st.composite
def small_programmes(draw):
    count = draw(st.integers(2, 4))
    sessions = []
    for k in range(count):
        sessions.append(
            GridSession(
                f"s{k}",
                (draw(st.sampled_from(["h1", "h2", "h3", "h4"])),),
                draw(st.integers(0, 20)),
                length=draw(st.integers(1, 2)),
                needs=draw(st.sampled_from([frozenset(), frozenset({"hybrid"})])),
                track=draw(st.sampled_from([None, "t"])),
                forbidden_slots=draw(st.sampled_from([frozenset(), frozenset({"t1"})])),
            )
        )
    rooms = (Room("r1", 20, frozenset({"hybrid"})), Room("r2", 10))
    people = {
        f"p{i}": frozenset(draw(st.sets(st.sampled_from([s.id for s in sessions]), max_size=3)))
        for i in range(draw(st.integers(0, 6)))
    }
    soft = draw(st.sampled_from([{}, {"h1": 2}]))
    return GridProblem(
        tuple(sessions), rooms, SLOTS, interests=people, soft_hosts=soft, track_weight=3
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_programmes(), st.integers(0, 3))
def test_every_bound_holds_and_annealing_stays_valid_on_small_programmes(problem, seed):
    best = brute_force_optimum(problem)
    start = greedy_programme(problem, seed=seed)
    if best is None:
        assert start is None
        return
    assert conflict_lower_bound(problem) <= best
    assert slot_mates_bound(problem) <= best and pigeonhole_bound(problem) <= best
    if start is not None:
        better = improve_programme(problem, start, seed=seed, moves=2_000)
        assert validate_grid(problem, better) == []
        assert best <= weight(problem, better) <= weight(problem, start)


def test_forced_pairs_is_the_balanced_split():
    assert forced_pairs(5, 5) == 0
    assert forced_pairs(7, 5) == 2
    assert forced_pairs(11, 5) == 3 + 4 * 1  # 3+2+2+2+2
    assert forced_pairs(3, 1) == 3


def test_seven_sessions_of_one_track_in_five_slots_cost_at_least_two_track_clashes():
    sessions = tuple(GridSession(f"m{k}", (f"h{k}",), 5, track="mobility") for k in range(7))
    slots = tuple(f"t{k}" for k in range(1, 6))
    problem = GridProblem(sessions, (Room("a", 10), Room("b", 10)), slots, track_weight=40)
    result = plan_grid(problem, seed=0, time_limit=10)
    assert pigeonhole_bound(problem) == 80
    assert result.conflict_weight == 80
    assert result.quality.bound >= 80 and result.quality.is_optimal


def explained(problem):
    with pytest.raises(Infeasible) as caught:
        plan_grid(problem, seed=0, time_limit=10)
    return caught.value.explanations


def test_a_long_session_without_two_consecutive_allowed_slots_is_explained_by_counting():
    problem = GridProblem(
        (GridSession("lab", ("h",), 5, length=2, allowed_slots=frozenset({"t1", "t3"})),),
        (Room("r", 10),),
        SLOTS,
    )
    (reason,) = explained(problem)
    assert reason.code == "grid.session_slots"
    assert "spans 2 consecutive slots" in reason.message and "t1 and t3" in reason.message


def test_too_few_rooms_with_a_feature_are_explained_by_counting():
    sessions = tuple(
        GridSession(f"hybrid{k}", (f"h{k}",), 5, needs=frozenset({"hybrid"})) for k in range(4)
    )
    rooms = (Room("studio", 10, frozenset({"hybrid"})), Room("attic", 30))
    (reason,) = explained(GridProblem(sessions, rooms, SLOTS))
    assert reason.code == "grid.room_features"
    assert "can only use room(s) studio" in reason.message
    assert reason.params["needed"] == 4 and reason.params["places"] == 3


def test_session_slots_beyond_all_places_are_explained_by_counting():
    sessions = tuple(GridSession(f"s{k}", (f"h{k}",), 5, length=2) for k in range(4))
    reasons = explained(GridProblem(sessions, (Room("a", 10), Room("b", 10)), SLOTS))
    assert [r.code for r in reasons] == ["grid.too_many_sessions"]
    assert reasons[0].params == {"session_slots": 8, "places": 6}


def test_a_host_whose_long_sessions_need_more_slots_than_they_have_is_explained():
    sessions = (
        GridSession("day", ("ana",), 5, length=2),
        GridSession("evening", ("ana",), 5, length=2),
    )
    (reason,) = explained(GridProblem(sessions, (Room("a", 10), Room("b", 10)), SLOTS))
    assert reason.code == "grid.host_availability"
    assert "need 4 slots" in reason.message


def test_a_session_no_room_can_seat_with_its_features_is_explained_with_the_largest_room():
    sessions = (GridSession("big", ("h",), 50, needs=frozenset({"hybrid"}), track="x"),)
    rooms = (Room("studio", 20, frozenset({"hybrid"})), Room("hall", 80))
    (reason,) = explained(GridProblem(sessions, rooms, SLOTS))
    assert reason.code == "grid.room_features"
    assert "50 seats and hybrid" in reason.message and "holds 20" in reason.message
