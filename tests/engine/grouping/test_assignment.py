"""Preference assignment: lexicographic optimum, cancellation, slots, explanations."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quartier.engine.grouping import (
    Infeasible,
    InvalidInput,
    Participant,
    SolveStatus,
    TopicGroup,
    assign,
)
from quartier.engine.grouping.assignment import summarize


def check_hard_constraints(result, participants, groups, attendance, slot_capacity=None):
    by_id = {g.id: g for g in groups}
    for pid, gids in result.assignments.items():
        assert len(gids) == attendance
        slots = [by_id[g].slot for g in gids]
        assert len(set(slots)) == len(slots), f"{pid} is twice in one slot"
    sizes = {g.id: 0 for g in groups}
    for gids in result.assignments.values():
        for g in gids:
            sizes[g] += 1
    for g in groups:
        assert sizes[g.id] <= g.capacity
        assert sizes[g.id] == 0 or sizes[g.id] >= g.minimum
    for slot, cap in (slot_capacity or {}).items():
        assert sum(sizes[g.id] for g in groups if g.slot == slot) <= cap
    assert sizes == dict(result.group_sizes)
    assert set(result.cancelled_groups) == {g for g, s in sizes.items() if s == 0}


def recomputed(result, participants, groups, attendance):
    index = {p.id: i for i, p in enumerate(participants)}
    gindex = {g.id: k for k, g in enumerate(groups)}
    chosen = {(index[p], gindex[g]) for p, gs in result.assignments.items() for g in gs}
    return summarize(participants, groups, chosen, attendance, result.max_rank)


def brute_force(participants, groups):
    """Best (worst rank, rank sum) over all single-group assignments, None if impossible."""
    max_rank = max((r for p in participants for r in p.ranks.values()), default=0)
    best = None
    for choice in itertools.product(range(len(groups)), repeat=len(participants)):
        sizes = [choice.count(k) for k in range(len(groups))]
        if any(
            s > g.capacity or (0 < s < max(g.minimum, 1))
            for s, g in zip(sizes, groups, strict=True)
        ):
            continue
        ranks = [
            p.ranks.get(groups[k].id, max_rank + 1)
            for p, k in zip(participants, choice, strict=True)
        ]
        key = (max(ranks), sum(ranks))
        best = key if best is None else min(best, key)
    return best


def test_it_cancels_a_group_below_its_minimum():
    groups = [TopicGroup("bikes", 10, minimum=3), TopicGroup("trees", 10, minimum=3)]
    people = [Participant.ranked(f"p{i}", ["trees", "bikes"]) for i in range(4)]
    people.append(Participant.ranked("fan", ["bikes", "trees"]))
    result = assign(people, groups, seed=0, time_limit=5)
    assert result.cancelled_groups == ("bikes",)
    assert result.assignments["fan"] == ("trees",)
    assert result.distribution == (4, 1)
    assert result.worst_rank == 2 and result.worst_rank_proven


def test_it_minimizes_the_worst_rank_before_total_satisfaction():
    # Giving a and b their first choice leaves c with its third; fairness prefers two 2nds.
    groups = [TopicGroup("x", 1), TopicGroup("y", 1), TopicGroup("z", 1)]
    people = [
        Participant.ranked("a", ["x", "y", "z"]),
        Participant.ranked("b", ["y", "z", "x"]),
        Participant.ranked("c", ["y", "x", "z"]),
    ]
    result = assign(people, groups, seed=0, time_limit=5)
    assert result.worst_rank == 2
    assert result.quality.status is SolveStatus.OPTIMAL
    assert result.total_rank == brute_force(people, groups)[1]


def test_it_gives_one_group_per_slot_when_people_attend_several():
    groups = [
        TopicGroup(f"{slot}-{k}", 3, slot=slot) for slot in ("morning", "afternoon") for k in "ab"
    ]
    people = [Participant.ranked(f"p{i}", ["morning-a", "morning-b"]) for i in range(6)]
    result = assign(people, groups, attendance=2, seed=0, time_limit=5)
    check_hard_constraints(result, people, groups, 2)
    assert result.unranked == 6  # afternoon groups were not ranked by anyone


def test_it_respects_slot_capacity():
    groups = [TopicGroup("a", 5, slot="s1"), TopicGroup("b", 5, slot="s2")]
    people = [Participant.ranked(f"p{i}", ["a", "b"]) for i in range(6)]
    result = assign(people, groups, slot_capacity={"s1": 2}, seed=0, time_limit=5)
    assert result.group_sizes == {"a": 2, "b": 4}


def test_it_treats_approvals_as_equal_first_choices():
    groups = [TopicGroup("a", 2), TopicGroup("b", 2)]
    people = [Participant.approving(f"p{i}", {"a", "b"}) for i in range(4)]
    result = assign(people, groups, seed=0, time_limit=5)
    assert result.distribution == (4,)
    assert result.worst_rank == 1


def test_it_explains_when_places_run_out():
    groups = [TopicGroup("a", 2), TopicGroup("b", 2)]
    people = [Participant.ranked(f"p{i}", ["a"]) for i in range(5)]
    with pytest.raises(Infeasible) as caught:
        assign(people, groups, seed=0, time_limit=5)
    assert caught.value.code == "assign.infeasible"
    capacity = [e for e in caught.value.explanations if e.code == "assign.capacity"]
    assert capacity and capacity[0].params == {
        "participants": 5,
        "places_needed": 5,
        "places": 4,
    }


def test_it_can_leave_places_empty_when_allowed():
    groups = [TopicGroup("a", 2), TopicGroup("b", 2)]
    people = [Participant.ranked(f"p{i}", ["a"]) for i in range(5)]
    result = assign(people, groups, allow_unassigned=True, seed=0, time_limit=5)
    assert result.unassigned == 1
    assert result.worst_rank == result.max_rank + 2


def test_it_rejects_wishes_for_unknown_groups():
    with pytest.raises(InvalidInput) as caught:
        assign([Participant.ranked("p", ["nope"])], [TopicGroup("a", 1)])
    assert caught.value.code == "assign.unknown_group"
    assert caught.value.params == {"participant": "p", "group": "nope"}


@pytest.mark.parametrize("solver", ["highs", "cp-sat"])
def test_it_gives_the_same_assignment_for_the_same_seed(solver):
    groups = [TopicGroup(f"g{k}", 4, minimum=2) for k in range(5)]
    people = [
        Participant.ranked(f"p{i}", [f"g{(i * 7 + j) % 5}" for j in range(3)]) for i in range(15)
    ]
    first = assign(people, groups, seed=5, time_limit=5, solver=solver)
    second = assign(people, groups, seed=5, time_limit=5, solver=solver)
    assert first.assignments == second.assignments


@st.composite
def instances(draw):
    group_count = draw(st.integers(2, 4))
    groups = [
        TopicGroup(
            f"g{k}",
            capacity=draw(st.integers(1, 4)),
            minimum=draw(st.integers(0, 2)),
        )
        for k in range(group_count)
    ]
    groups = [TopicGroup(g.id, g.capacity, minimum=min(g.minimum, g.capacity)) for g in groups]
    n = draw(st.integers(1, 5))
    people = []
    for i in range(n):
        ranking = draw(st.permutations([g.id for g in groups]))
        length = draw(st.integers(0, group_count))
        people.append(Participant.ranked(f"p{i}", ranking[:length]))
    return people, groups, draw(st.integers(0, 100))


@pytest.mark.parametrize("solver", ["highs", "cp-sat"])
@given(instance=instances())
def test_every_assignment_is_valid_and_lexicographically_optimal(solver, instance):
    people, groups, seed = instance
    expected = brute_force(people, groups)
    try:
        result = assign(people, groups, seed=seed, time_limit=5, solver=solver)
    except Infeasible:
        assert expected is None
        return
    assert expected is not None
    check_hard_constraints(result, people, groups, 1)
    again = recomputed(result, people, groups, 1)
    assert again.distribution == result.distribution
    assert again.total_rank == result.total_rank == result.quality.objective
    assert again.worst_rank == result.worst_rank
    assert again.unranked == result.unranked
    assert (result.worst_rank, result.total_rank) == expected
    assert result.quality.status is SolveStatus.OPTIMAL
    assert result.worst_rank_proven


def brute_force_slots(participants, groups, attendance, slot_capacity):
    """Best (worst, rank sum) when people attend several slots (tiny instances only)."""
    max_rank = max((r for p in participants for r in p.ranks.values()), default=0)
    options = [
        combo
        for combo in itertools.combinations(range(len(groups)), attendance)
        if len({groups[k].slot for k in combo}) == attendance
    ]
    best = None
    for choice in itertools.product(options, repeat=len(participants)):
        sizes = [sum(k in combo for combo in choice) for k in range(len(groups))]
        if any(
            s > g.capacity or (0 < s < max(g.minimum, 1))
            for s, g in zip(sizes, groups, strict=True)
        ):
            continue
        if any(
            sum(sizes[k] for k, g in enumerate(groups) if g.slot == slot) > cap
            for slot, cap in slot_capacity.items()
        ):
            continue
        ranks = [
            p.ranks.get(groups[k].id, max_rank + 1)
            for p, combo in zip(participants, choice, strict=True)
            for k in combo
        ]
        key = (max(ranks), sum(ranks))
        best = key if best is None else min(best, key)
    return best


@st.composite
def slotted_instances(draw):
    groups = [
        TopicGroup(
            f"g{k}",
            capacity=draw(st.integers(1, 3)),
            slot=draw(st.sampled_from(["am", "pm"])),
            minimum=draw(st.integers(0, 1)),
        )
        for k in range(draw(st.integers(2, 4)))
    ]
    attendance = draw(st.integers(1, len({g.slot for g in groups})))
    people = [
        Participant.ranked(f"p{i}", draw(st.permutations([g.id for g in groups]))[:2])
        for i in range(draw(st.integers(1, 3)))
    ]
    slot_capacity = {"am": draw(st.integers(1, 4))} if draw(st.booleans()) else {}
    return people, groups, attendance, slot_capacity


@pytest.mark.parametrize("solver", ["highs", "cp-sat"])
@given(instance=slotted_instances())
def test_every_multi_slot_assignment_is_valid_and_optimal(solver, instance):
    people, groups, attendance, slot_capacity = instance
    expected = brute_force_slots(people, groups, attendance, slot_capacity)
    try:
        result = assign(
            people,
            groups,
            attendance=attendance,
            slot_capacity=slot_capacity,
            seed=1,
            time_limit=5,
            solver=solver,
        )
    except Infeasible as exc:
        assert expected is None
        assert exc.explanations
        return
    assert expected is not None
    check_hard_constraints(result, people, groups, attendance, slot_capacity)
    assert (result.worst_rank, result.total_rank) == expected
    again = recomputed(result, people, groups, attendance)
    assert (again.worst_rank, again.total_rank, again.distribution) == (
        result.worst_rank,
        result.total_rank,
        result.distribution,
    )


def test_errors_carry_a_code_params_and_a_readable_message():
    with pytest.raises(InvalidInput) as caught:
        assign([Participant.ranked("p", ["a"])], [TopicGroup("a", 1, minimum=3)])
    error = caught.value
    assert error.code == "assign.bad_group_size"
    assert error.params == {"group": "a", "minimum": 3, "capacity": 1}
    assert str(error) == "Group 'a' needs 0 <= minimum (3) <= capacity (1)."
