"""Open-space grid: validity, conflict objective, labelled explanations, validation."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quartier.engine.grouping import (
    GridProblem,
    GridSession,
    Infeasible,
    InvalidInput,
    Placement,
    Room,
    SolveStatus,
    explain_infeasibility,
    plan_grid,
    validate_grid,
)
from quartier.engine.grouping.grid import conflicts_of

ROOMS = (Room("hall", 40), Room("kitchen", 25), Room("garden", 10))


def problem(sessions, slots=("1", "2"), rooms=ROOMS, availability=None, interests=None):
    return GridProblem(
        tuple(sessions),
        tuple(rooms),
        tuple(slots),
        availability or {},
        {p: frozenset(s) for p, s in (interests or {}).items()},
    )


def codes(explanations):
    return {e.code for e in explanations}


def test_it_keeps_sessions_wanted_by_the_same_people_in_different_slots():
    sessions = [GridSession(s, interest=5) for s in "abcd"]
    interests = {"ann": {"a", "b"}, "bob": {"a", "b"}, "cy": {"c", "d"}}
    result = plan_grid(problem(sessions, interests=interests), seed=0, time_limit=5)
    slot = {p.session: p.slot for p in result.placements}
    assert slot["a"] != slot["b"] and slot["c"] != slot["d"]
    assert result.conflict_weight == 0
    assert result.quality.status is SolveStatus.OPTIMAL


def test_it_honours_pins_hosts_and_availability():
    sessions = [
        GridSession("a", hosts=("h",), pinned_slot="2"),
        GridSession("b", hosts=("h",)),
        GridSession("c", hosts=("k",), pinned_room="garden"),
        GridSession("d", hosts=("k",), interest=30),
    ]
    prob = problem(sessions, availability={"k": frozenset({"1", "2"})})
    result = plan_grid(prob, seed=0, time_limit=5)
    assert validate_grid(prob, result.placements) == []
    place = {p.session: p for p in result.placements}
    assert place["a"].slot == "2" and place["b"].slot == "1"
    assert place["c"].room == "garden"
    assert place["d"].room == "hall"


def test_it_explains_a_session_too_big_for_every_room():
    prob = problem([GridSession("fair", interest=80)])
    with pytest.raises(Infeasible) as caught:
        plan_grid(prob, seed=0, time_limit=5)
    [reason] = caught.value.explanations
    assert reason.code == "grid.room_capacity"
    assert reason.message == "session fair needs a room for 80, but the largest room holds 40"


def test_it_explains_a_pinned_slot_whose_big_room_is_taken():
    sessions = [
        GridSession("keynote", interest=35, pinned_room="hall", pinned_slot="2"),
        GridSession("panel", interest=30, pinned_slot="2"),
    ]
    with pytest.raises(Infeasible) as caught:
        plan_grid(problem(sessions), seed=0, time_limit=5)
    messages = [e.message for e in caught.value.explanations]
    assert "session panel needs a room for 30, but the largest free room in slot 2 holds 25" in (
        messages
    )


def test_it_explains_a_host_with_too_few_available_slots():
    sessions = [GridSession("A", hosts=("H",)), GridSession("B", hosts=("H",))]
    prob = problem(sessions, availability={"H": frozenset({"1"})})
    with pytest.raises(Infeasible) as caught:
        plan_grid(prob, seed=0, time_limit=5)
    messages = [e.message for e in caught.value.explanations]
    assert "host H is in sessions A and B but is available in only 1 slot" in messages


def test_it_finds_the_labelled_constraints_behind_a_hidden_conflict():
    # Three sessions whose hosts pairwise overlap need three slots; counting checks miss it.
    sessions = [
        GridSession("A", hosts=("h1", "h3")),
        GridSession("B", hosts=("h1", "h2")),
        GridSession("C", hosts=("h2", "h3")),
    ]
    prob = problem(sessions)
    with pytest.raises(Infeasible) as caught:
        plan_grid(prob, seed=0, time_limit=5)
    found = caught.value.explanations
    assert codes(found) <= {"grid.host_once_per_slot", "grid.session_placed"}
    hosts = {e.params["host"] for e in found if e.code == "grid.host_once_per_slot"}
    assert hosts == {"h1", "h2", "h3"}
    assert explain_infeasibility(prob, seed=0, time_limit=5) == found


def test_it_reports_every_broken_rule_of_a_hand_edited_grid():
    sessions = [
        GridSession("a", hosts=("h",), interest=30),
        GridSession("b", hosts=("h",), pinned_slot="1"),
        GridSession("c"),
        GridSession("d", hosts=("k",)),
    ]
    prob = problem(sessions, availability={"k": frozenset({"1"})})
    grid = [
        Placement("a", "kitchen", "2"),
        Placement("b", "kitchen", "2"),
        Placement("d", "hall", "2"),
    ]
    found = validate_grid(prob, grid)
    assert codes(found) == {
        "grid.session_placed",
        "grid.room_once_per_slot",
        "grid.room_capacity",
        "grid.host_once_per_slot",
        "grid.host_availability",
        "grid.pinned",
    }
    assert "session a expects 30 people but room kitchen holds 25" in [e.message for e in found]
    assert "host h is in a and b at the same time (slot 2)" in [e.message for e in found]


def test_it_accepts_a_valid_hand_made_grid():
    prob = problem([GridSession("a"), GridSession("b")])
    assert validate_grid(prob, [Placement("a", "hall", "1"), Placement("b", "hall", "2")]) == []


def test_it_rejects_pins_to_unknown_rooms():
    with pytest.raises(InvalidInput) as caught:
        plan_grid(problem([GridSession("a", pinned_room="attic")]))
    assert caught.value.code == "grid.unknown_room"


def brute_force_conflicts(prob):
    """Least conflict weight over all valid grids (tiny problems only)."""
    places = [(r.id, t) for r in prob.rooms for t in prob.slots]
    best = None
    for combo in itertools.permutations(places, len(prob.sessions)):
        grid = [Placement(s.id, r, t) for s, (r, t) in zip(prob.sessions, combo, strict=True)]
        if validate_grid(prob, grid):
            continue
        weight = sum(c.weight for c in conflicts_of(prob, grid))
        best = weight if best is None else min(best, weight)
    return best


@st.composite
def grids(draw):
    n = draw(st.integers(1, 4))
    slots = ("1", "2", "3")[: draw(st.integers(1, 3))]
    rooms = (Room("big", 30), Room("small", 10))[: draw(st.integers(1, 2))]
    hosts = ["h1", "h2", "h3"]
    sessions = []
    for i in range(n):
        pinned = draw(st.sampled_from([None, *slots])) if draw(st.booleans()) else None
        sessions.append(
            GridSession(
                f"s{i}",
                hosts=tuple(draw(st.lists(st.sampled_from(hosts), max_size=1))),
                interest=draw(st.sampled_from([0, 8, 20])),
                pinned_slot=pinned,
            )
        )
    ids = [s.id for s in sessions]
    interests = {
        f"p{k}": draw(st.sets(st.sampled_from(ids), max_size=3))
        for k in range(draw(st.integers(0, 4)))
    }
    availability = {
        h: frozenset(draw(st.sets(st.sampled_from(slots), min_size=1)))
        for h in draw(st.sets(st.sampled_from(hosts), max_size=2))
    }
    return problem(sessions, slots, rooms, availability, interests), draw(st.integers(0, 50))


@given(grids())
def test_every_grid_is_valid_and_optimal_on_small_problems(instance):
    prob, seed = instance
    expected = brute_force_conflicts(prob)
    try:
        result = plan_grid(prob, seed=seed, time_limit=5)
    except Infeasible as exc:
        assert expected is None
        assert exc.explanations, "an infeasible grid must be explained"
        return
    assert expected is not None
    assert validate_grid(prob, result.placements) == []
    again = conflicts_of(prob, result.placements)
    assert tuple(again) == result.conflicts
    assert sum(c.weight for c in again) == result.conflict_weight == result.quality.objective
    assert result.quality.status is SolveStatus.OPTIMAL
    assert result.conflict_weight == expected


def test_it_gives_the_same_grid_for_the_same_seed():
    sessions = [GridSession(f"s{i}", hosts=(f"h{i % 3}",), interest=i) for i in range(9)]
    interests = {f"p{k}": {f"s{k % 9}", f"s{(k * 4) % 9}", f"s{(k + 2) % 9}"} for k in range(20)}
    prob = problem(sessions, slots=("1", "2", "3"), interests=interests)
    first = plan_grid(prob, seed=4, time_limit=5)
    second = plan_grid(prob, seed=4, time_limit=5)
    assert first.placements == second.placements


def test_it_explains_too_many_sessions_and_double_pins():
    sessions = [GridSession(f"s{i}") for i in range(7)]
    sessions.append(GridSession("x", pinned_room="hall", pinned_slot="1"))
    sessions.append(GridSession("y", pinned_room="hall", pinned_slot="1"))
    with pytest.raises(Infeasible) as caught:
        plan_grid(problem(sessions), seed=0, time_limit=5)
    found = {e.code: e for e in caught.value.explanations}
    assert found["grid.too_many_sessions"].params == {"sessions": 9, "places": 6}
    assert found["grid.pinned"].message == "sessions x and y are both pinned to room hall in slot 1"


def test_it_explains_when_too_many_sessions_need_big_rooms():
    sessions = [GridSession(f"big{i}", interest=35) for i in range(3)]
    with pytest.raises(Infeasible) as caught:
        plan_grid(problem(sessions), seed=0, time_limit=5)
    [reason] = caught.value.explanations
    assert reason.message == (
        "3 sessions need a room for at least 35, but only 1 room(s) are that large, giving 2 places"
    )
