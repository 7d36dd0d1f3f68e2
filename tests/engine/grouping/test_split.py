"""Balanced split: hard constraints, exact optimum on small cases, explanations."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quartier.engine.grouping import Infeasible, InvalidInput, Person, SolveStatus, split
from quartier.engine.grouping.split import measure_balance


def people_from(rows: list[tuple[str, str]]) -> list[Person]:
    return [Person(f"p{i}", {"age": a, "gender": g}) for i, (a, g) in enumerate(rows)]


def brute_force_best(people: list[Person], groups: int, lo: int, hi: int, apart=(), together=()):
    """Smallest weighted deviation over every labelled assignment (None if none is valid)."""
    best = None
    ids = [p.id for p in people]
    for labels in itertools.product(range(groups), repeat=len(people)):
        sizes = [labels.count(g) for g in range(groups)]
        if any(s < lo or s > hi for s in sizes):
            continue
        where = dict(zip(ids, labels, strict=True))
        if any(where[a] == where[b] for a, b in apart):
            continue
        if any(where[a] != where[b] for a, b in together):
            continue
        members = [[ids[i] for i in range(len(ids)) if labels[i] == g] for g in range(groups)]
        value = sum(b.deviation for b in measure_balance(people, members, ["age", "gender"]))
        best = value if best is None else min(best, value)
    return best


def test_it_splits_fourteen_people_into_two_groups_of_seven():
    rows = [("young", "f"), ("old", "m")] * 7
    result = split(people_from(rows), groups=2, seed=1, time_limit=5)
    assert sorted(len(g) for g in result.groups) == [7, 7]
    assert result.quality.status is SolveStatus.OPTIMAL


def test_it_mirrors_the_population_when_that_is_possible():
    rows = [("young", "f")] * 4 + [("young", "m")] * 4 + [("old", "f")] * 4 + [("old", "m")] * 4
    result = split(people_from(rows), groups=4, seed=3, time_limit=5)
    assert result.quality.objective == pytest.approx(0.0)
    for balance in result.balance:
        assert balance.deviation == pytest.approx(0.0)
        assert all(c == 2 for row in balance.counts for c in row)


def test_it_keeps_apart_pairs_apart_and_together_pairs_together():
    people = people_from([("a", "f"), ("b", "m")] * 5)
    result = split(
        people,
        groups=2,
        apart=[("p0", "p1"), ("p2", "p4")],
        together=[("p0", "p2"), ("p5", "p7")],
        seed=0,
        time_limit=5,
    )
    assert result.group_of("p0") != result.group_of("p1")
    assert result.group_of("p2") != result.group_of("p4")
    assert result.group_of("p0") == result.group_of("p2")
    assert result.group_of("p5") == result.group_of("p7")


def test_it_uses_the_fewest_groups_the_size_bounds_allow_for_tables():
    people = [Person(f"p{i}", {"x": str(i % 3)}) for i in range(100)]
    result = split(people, size_min=6, size_max=8, seed=0, time_limit=10)
    assert len(result.groups) == 13
    assert all(7 <= len(g) <= 8 for g in result.groups)
    assert sorted(pid for g in result.groups for pid in g) == sorted(p.id for p in people)


def test_it_explains_a_together_and_apart_contradiction():
    people = people_from([("a", "f")] * 6)
    with pytest.raises(Infeasible) as caught:
        split(people, groups=2, together=[("p0", "p1"), ("p1", "p2")], apart=[("p0", "p2")])
    assert caught.value.code == "split.together_and_apart"
    assert "p0" in str(caught.value) and "p2" in str(caught.value)


def test_it_explains_an_apart_triangle_with_two_groups_by_naming_the_pairs():
    people = people_from([("a", "f")] * 6)
    apart = [("p0", "p1"), ("p1", "p2"), ("p0", "p2")]
    with pytest.raises(Infeasible) as caught:
        split(people, groups=2, apart=apart, seed=0, time_limit=5)
    codes = {e.code for e in caught.value.explanations}
    assert "split.apart" in codes
    named = {
        (e.params["a"], e.params["b"]) for e in caught.value.explanations if e.code == "split.apart"
    }
    assert named >= set(apart)


def test_it_refuses_impossible_sizes_with_a_code():
    with pytest.raises(Infeasible) as caught:
        split(people_from([("a", "f")] * 10), groups=3, size_min=4, size_max=4)
    assert caught.value.code == "split.sizes_impossible"
    assert caught.value.params["people"] == 10


def test_it_rejects_unknown_people_in_pairs():
    with pytest.raises(InvalidInput) as caught:
        split(people_from([("a", "f")] * 4), groups=2, apart=[("p0", "nobody")])
    assert caught.value.code == "split.unknown_person"
    assert caught.value.params == {"person": "nobody", "kind": "apart"}


def test_it_gives_the_same_split_for_the_same_seed():
    rows = [(a, g) for a in "abc" for g in "fm"] * 3
    first = split(people_from(rows), groups=3, seed=11, time_limit=5)
    second = split(people_from(rows), groups=3, seed=11, time_limit=5)
    assert first.groups == second.groups


@st.composite
def small_instances(draw):
    n = draw(st.integers(2, 8))
    rows = draw(
        st.lists(st.tuples(st.sampled_from("xyz"), st.sampled_from("fm")), min_size=n, max_size=n)
    )
    groups = draw(st.integers(1, min(3, n)))
    ids = [f"p{i}" for i in range(n)]
    pair = st.tuples(st.sampled_from(ids), st.sampled_from(ids)).filter(lambda p: p[0] != p[1])
    apart = draw(st.lists(pair, max_size=2))
    together = draw(st.lists(pair, max_size=1))
    seed = draw(st.integers(0, 1000))
    return people_from(rows), groups, apart, together, seed


@given(small_instances())
def test_every_split_respects_all_constraints_and_is_optimal(instance):
    people, groups, apart, together, seed = instance
    n = len(people)
    lo, hi = n // groups, -(-n // groups)
    expected = brute_force_best(people, groups, lo, hi, apart, together)
    try:
        result = split(
            people, groups=groups, apart=apart, together=together, seed=seed, time_limit=5
        )
    except Infeasible as exc:
        assert expected is None, f"solver said infeasible ({exc}) but a split exists"
        assert exc.explanations or exc.code != "split.infeasible"
        return
    assert expected is not None
    assert sorted(p for g in result.groups for p in g) == sorted(p.id for p in people)
    assert all(lo <= len(g) <= hi for g in result.groups)
    for a, b in apart:
        assert result.group_of(a) != result.group_of(b)
    for a, b in together:
        assert result.group_of(a) == result.group_of(b)
    recomputed = measure_balance(people, result.groups, ["age", "gender"])
    assert [b.deviation for b in recomputed] == pytest.approx([b.deviation for b in result.balance])
    assert result.quality.objective == pytest.approx(sum(b.deviation for b in recomputed))
    assert result.quality.status is SolveStatus.OPTIMAL
    assert result.quality.objective == pytest.approx(expected)


def test_it_explains_a_together_chain_larger_than_a_group():
    people = people_from([("a", "f")] * 6)
    with pytest.raises(Infeasible) as caught:
        split(people, groups=2, together=[("p0", "p1"), ("p1", "p2"), ("p2", "p3")])
    assert caught.value.code == "split.together_too_large"
    assert caught.value.params == {"people": ["p0", "p1", "p2", "p3"], "size_max": 3}


def test_it_allows_unequal_sizes_when_asked():
    people = people_from([("a", "f")] * 6)
    result = split(
        people,
        groups=2,
        size_min=2,
        size_max=4,
        equal_sizes=False,
        together=[("p0", "p1"), ("p1", "p2"), ("p2", "p3")],
        seed=0,
        time_limit=5,
    )
    assert sorted(len(g) for g in result.groups) == [2, 4]


def test_weights_make_an_attribute_count_more():
    # Six people; age and gender cannot both be perfect in 2 groups of 3. Weight decides.
    rows = [("y", "f"), ("y", "f"), ("y", "m"), ("o", "m"), ("o", "m"), ("o", "f")]
    people = people_from(rows)
    for heavy in ("age", "gender"):
        result = split(people, groups=2, weights={heavy: 10}, seed=0, time_limit=5)
        balance = {b.attribute: b for b in result.balance}
        assert balance[heavy].deviation == pytest.approx(
            min(
                b.deviation
                for b in (split(people, groups=2, attributes=[heavy], seed=0, time_limit=5).balance)
            )
        )
