"""Rounding to m panels, seeded draws, the audit record and its verification."""

from __future__ import annotations

import dataclasses
import hashlib
import json

from quartier.engine.sortition import (
    AuditRecord,
    SelectionProblem,
    draw_index,
    make_problem,
    select,
    verify,
)
from tests.engine.sortition.sortition_instances import random_problem


def test_the_draw_index_is_sha256_of_the_seed_modulo_m() -> None:
    seed = "7 12 19 23 38 44"
    expected = int(hashlib.sha256(seed.encode()).hexdigest(), 16) % 1000
    assert draw_index(seed, 1000) == expected


def test_the_same_seed_reproduces_the_draw_exactly(small_problem: SelectionProblem) -> None:
    first = select(small_problem, seed="lotto 2026-11-21", panels=200)
    second = select(small_problem, seed="lotto 2026-11-21", panels=200)
    assert first.selected == second.selected
    assert first.lottery.panels == second.lottery.panels
    assert first.audit.input_hash == second.audit.input_hash


def test_different_seeds_pick_from_the_same_published_panels(
    small_problem: SelectionProblem,
) -> None:
    a = select(small_problem, seed="a", panels=200)
    b = select(small_problem, seed="b", panels=200)
    assert a.lottery.panels == b.lottery.panels
    assert a.selected in a.lottery.panels and b.selected in b.lottery.panels


def test_the_lottery_has_m_panels_close_to_the_optimal_probabilities(
    small_problem: SelectionProblem,
) -> None:
    result = select(small_problem, seed="x", panels=1000)
    assert result.lottery.size == 1000
    assert result.lottery.max_deviation <= 0.01
    for pid, p in result.lottery.probabilities.items():
        assert (
            abs(p - result.distribution.probabilities[pid]) <= result.lottery.max_deviation + 1e-12
        )


def test_the_audit_record_survives_json_and_verifies(small_problem: SelectionProblem) -> None:
    result = select(small_problem, seed="42", panels=100)
    record = AuditRecord.from_json(result.audit.to_json())
    data = json.loads(result.audit.to_json())
    for key in ("algorithm", "min_probability", "runtime_s", "panels", "seed", "input_hash"):
        assert key in data
    outcome = verify(record, small_problem)
    assert outcome.ok, outcome.message()


def test_verify_detects_a_changed_chosen_panel(small_problem: SelectionProblem) -> None:
    result = select(small_problem, seed="42", panels=100)
    record = result.audit
    other = next(p for p in record.panels if p != record.chosen_panel)
    tampered = dataclasses.replace(record, chosen_panel=list(other))
    outcome = verify(tampered, small_problem)
    assert not outcome.ok
    assert "chosen_panel_mismatch" in {i.code for i in outcome.issues}


def test_verify_detects_a_swapped_panel_in_the_list(small_problem: SelectionProblem) -> None:
    record = select(small_problem, seed="42", panels=100).audit
    panels = [list(p) for p in record.panels]
    panels[0] = list(panels[-1])
    panels.sort()
    outcome = verify(dataclasses.replace(record, panels=panels), small_problem)
    assert not outcome.ok


def test_verify_detects_changed_probabilities(small_problem: SelectionProblem) -> None:
    record = select(small_problem, seed="42", panels=100).audit
    probabilities = dict(record.probabilities)
    first = next(iter(probabilities))
    probabilities[first] += 0.05
    outcome = verify(dataclasses.replace(record, probabilities=probabilities), small_problem)
    assert not outcome.ok
    assert "probability_mismatch" in {i.code for i in outcome.issues}


def test_verify_detects_changed_inputs(small_problem: SelectionProblem) -> None:
    record = select(small_problem, seed="42", panels=100).audit
    quotas = list(small_problem.quotas)
    quotas[0] = dataclasses.replace(quotas[0], max=quotas[0].max + 1)
    changed = make_problem(small_problem.people, quotas, small_problem.panel_size)
    outcome = verify(record, changed)
    assert not outcome.ok
    assert "input_hash_mismatch" in {i.code for i in outcome.issues}


def test_verify_detects_a_different_seed(small_problem: SelectionProblem) -> None:
    record = select(small_problem, seed="42", panels=100).audit
    outcome = verify(dataclasses.replace(record, seed="43"), small_problem)
    assert not outcome.ok


def test_every_algorithm_produces_a_verifiable_record() -> None:
    problem = random_problem(3, households=True)
    for algorithm in ("leximin", "maximin", "nash", "legacy"):
        result = select(problem, algorithm=algorithm, seed="s", panels=50)
        assert verify(result.audit, problem).ok, algorithm


def test_the_input_hash_ignores_row_order_and_extra_columns(
    small_problem: SelectionProblem,
) -> None:
    from quartier.engine.sortition import Person, input_hash

    shuffled = tuple(
        Person(p.id, {**p.features, "email": "x@example.org"})
        for p in reversed(small_problem.people)
    )
    other = make_problem(shuffled, small_problem.quotas, small_problem.panel_size)
    assert input_hash(other, "leximin", 1000) == input_hash(small_problem, "leximin", 1000)
