"""Rotations: valid rounds, fewer repeats, pairs from history, all-meet bounds."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quartier.engine.grouping import (
    InvalidInput,
    SolveStatus,
    all_meet_bounds,
    best_known_rounds,
    encounters,
    plan_next_round,
    plan_pairs,
    plan_rotation,
    rounds_until_all_met,
    table_sizes,
)
from quartier.engine.grouping.rotation import summarize


def check_rounds(plan, people, table_min, table_max):
    sizes = sorted(table_sizes(len(people), table_min, table_max))
    for rnd in plan.rounds:
        seated = [p for table in rnd.tables for p in table]
        assert sorted(seated) == sorted(people), "everyone sits exactly once per round"
        assert sorted(len(t) for t in rnd.tables) == sizes


def test_it_sizes_tables_with_as_few_tables_as_possible():
    assert table_sizes(14, 3, 4) == (4, 4, 3, 3)
    assert table_sizes(12, 3, 6) == (6, 6)
    assert table_sizes(7, 2, 2, odd_trio=True) == (3, 2, 2)  # pair interviews: one trio
    with pytest.raises(InvalidInput) as caught:
        table_sizes(5, 4, 4)
    assert caught.value.code == "rotation.table_sizes_impossible"


def test_it_pairs_people_who_have_not_met_yet():
    people = ["ana", "ben", "cem", "dia"]
    history = {("ana", "ben"): 1, ("cem", "dia"): 1}
    plan = plan_pairs(people, history, seed=3)
    [rnd] = plan.rounds
    assert {frozenset(t) for t in rnd.tables}.isdisjoint(
        {frozenset(("ana", "ben")), frozenset(("cem", "dia"))}
    )
    assert plan.new_repeats == 0
    assert plan.quality.status is SolveStatus.OPTIMAL


def test_it_puts_one_trio_in_pair_rounds_with_an_odd_count():
    plan = plan_pairs([f"p{i}" for i in range(9)], seed=1)
    assert sorted(len(t) for t in plan.rounds[0].tables) == [2, 2, 2, 3]


def test_successive_pair_rounds_never_repeat_while_new_partners_remain():
    people = [f"p{i}" for i in range(8)]
    history: dict[tuple[str, str], int] = {}
    for round_number in range(5):
        plan = plan_pairs(people, history, seed=round_number)
        assert plan.new_repeats == 0
        history = encounters(plan.rounds, history)


def test_it_finds_kirkman_like_plans_for_nine_people_in_threes():
    answer = rounds_until_all_met(9, table_min=3, table_max=3, seed=0, time_limit=10)
    assert answer.lower_bound == 4
    assert answer.best_known is not None and answer.best_known.rounds == 4
    assert answer.rounds_found == 4 and answer.proven_optimal
    assert answer.plan is not None and answer.plan.all_met_after == 4


def test_it_uses_the_circle_method_for_pairs():
    answer = rounds_until_all_met(10, table_min=2, table_max=2, seed=0, time_limit=5)
    assert answer.rounds_found == 9 == answer.lower_bound
    assert answer.plan is not None
    assert answer.plan.repeats == 0 and answer.plan.pairs_met == 45


def test_it_reports_both_lower_bounds():
    # 13 people at tables of 3-4: per person ceil(12/3) = 4; best round seats 4+3+3+3 = 15
    # pairs, so the counting bound is ceil(78/15) = 6.
    assert all_meet_bounds(13, 3, 4) == (4, 6)


def test_known_results_cover_the_classic_designs():
    assert best_known_rounds(15, 3).rounds == 7  # Kirkman's schoolgirls
    assert best_known_rounds(16, 4).rounds == 5
    assert best_known_rounds(25, 5).rounds == 6
    assert best_known_rounds(12, 3) is None


def test_it_gives_the_same_rotation_for_the_same_seed():
    # A small move budget finishes far inside the time limit, so nothing is cut short.
    first = plan_rotation(14, 4, table_min=3, table_max=4, seed=9, time_limit=30, moves=20_000)
    second = plan_rotation(14, 4, table_min=3, table_max=4, seed=9, time_limit=30, moves=20_000)
    assert first.rounds == second.rounds


@given(
    n=st.integers(3, 16),
    rounds=st.integers(1, 4),
    bounds=st.sampled_from([(2, 2), (2, 3), (3, 4), (3, 6)]),
    seed=st.integers(0, 1000),
    with_history=st.booleans(),
)
def test_every_rotation_seats_everyone_and_reports_true_figures(
    n, rounds, bounds, seed, with_history
):
    table_min, table_max = bounds
    people = [f"p{i}" for i in range(n)]
    try:
        table_sizes(n, table_min, table_max)
    except InvalidInput:
        return
    history = {("p0", "p1"): 2, ("p1", "p2"): 1} if with_history else None
    plan = plan_rotation(
        people,
        rounds,
        table_min=table_min,
        table_max=table_max,
        previous_encounters=history,
        seed=seed,
        time_limit=3,
        moves=3_000,
    )
    check_rounds(plan, people, table_min, table_max)
    again = summarize(people, plan.rounds, history, plan.quality)
    assert again == plan
    counts = encounters(plan.rounds, history)
    assert plan.repeats == sum(max(0, c - 1) for c in counts.values())
    assert plan.pairs_met == sum(1 for c in counts.values() if c)
    assert plan.quality.objective >= plan.quality.bound


def test_next_round_of_tables_avoids_earlier_tablemates():
    people = [f"p{i}" for i in range(12)]
    first = plan_rotation(people, 1, table_min=3, table_max=3, seed=0, time_limit=3)
    history = encounters(first.rounds)
    second = plan_next_round(people, history, table_min=3, table_max=3, seed=1)
    assert second.new_repeats == 0
    check_rounds(second, people, 3, 3)


def test_it_rejects_duplicate_people():
    with pytest.raises(InvalidInput) as caught:
        plan_pairs(["a", "b", "a"])
    assert caught.value.code == "rotation.duplicate_person"


@pytest.mark.parametrize(("people", "table"), [(9, 3), (16, 4), (25, 5), (27, 3), (8, 2)])
def test_affine_designs_let_every_pair_meet_exactly_once(people, table):
    from quartier.engine.grouping.designs import affine_rounds

    rounds = affine_rounds(people, table)
    assert rounds is not None and len(rounds) == (people - 1) // (table - 1)
    met: dict[frozenset[int], int] = {}
    for tables in rounds:
        assert sorted(p for t in tables for p in t) == list(range(people))
        for t in tables:
            assert len(t) == table
            for i, a in enumerate(t):
                for b in t[i + 1 :]:
                    met[frozenset((a, b))] = met.get(frozenset((a, b)), 0) + 1
    assert len(met) == people * (people - 1) // 2 and set(met.values()) == {1}


def test_tabu_search_solves_kirkmans_schoolgirls():
    from quartier.engine.grouping.rotation.cover_search import search_cover
    from quartier.engine.grouping.rotation.library import verified

    plan, _ = search_cover(15, (3,) * 5, 7, 3, 3, seed=0, steps=100_000)
    assert plan is not None and verified(15, plan, 3, 3)
    answer = rounds_until_all_met(15, table_min=3, table_max=3, seed=0, time_limit=60)
    assert answer.rounds_found == 7 == answer.best_known.rounds


def test_cp_sat_proves_that_four_rounds_of_three_fours_cannot_cover_twelve_people():
    from quartier.engine.grouping.covering import cover_all_pairs

    outcome = cover_all_pairs(12, (4, 4, 4), 4, seed=0, time_limit=60)
    assert outcome.impossible and outcome.rounds is None


def test_cp_sat_finds_a_covering_plan_when_one_exists():
    from quartier.engine.grouping.covering import cover_all_pairs

    outcome = cover_all_pairs(9, (3, 3, 3), 4, seed=0, time_limit=60)
    assert outcome.rounds is not None
    met = {
        frozenset((a, b))
        for tables in outcome.rounds
        for t in tables
        for a in t
        for b in t
        if a != b
    }
    assert len(met) == 36
