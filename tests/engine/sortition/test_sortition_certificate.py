"""Certificates checked without a solver, the rounding bound, the announced seed, time limits."""

from __future__ import annotations

import copy
import dataclasses
import random
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quartier.cli import main
from quartier.commands import sortition as sortition_command
from quartier.engine.sortition import (
    AuditRecord,
    Person,
    Quota,
    SelectionProblem,
    make_problem,
    select,
    verify,
)
from quartier.engine.sortition.panel_swaps import PairSearch
from quartier.engine.sortition.person_types import build_types
from quartier.engine.sortition.rounding import iterated_rounding
from tests.engine.sortition.sortition_instances import random_problem

FAST = settings(max_examples=25, deadline=None, derandomize=True)


def exact_quota_problem(n: int = 60, k: int = 8, seed: int = 5) -> SelectionProblem:
    """Correlated features and exact quotas (min = max), like a real assembly's pool."""
    rng = random.Random(seed)
    people = []
    for i in range(n):
        age = rng.choice(["young", "middle", "old"])
        sex = rng.choice(["f", "m"])
        district = rng.choice(["n", "s", "e", "w"])
        education = "high" if rng.random() < (0.5 if age == "middle" else 0.3) else "low"
        people.append(
            Person(f"r{i}", {"age": age, "sex": sex, "district": district, "edu": education})
        )
    quotas = []
    for category, seats in (
        ("age", {"young": 3, "middle": 3, "old": 2}),
        ("sex", {"f": 4, "m": 4}),
        ("district", {"n": 2, "s": 2, "e": 2, "w": 2}),
        ("edu", {"high": 3, "low": 5}),
    ):
        for value, count in seats.items():
            quotas.append(Quota(category, value, count, count))
    return make_problem(people, quotas, k)


@pytest.fixture(scope="module")
def exact_result() -> tuple[SelectionProblem, AuditRecord]:
    problem = exact_quota_problem()
    return problem, select(problem, seed="3 14 15 92 65 35", panels=300).audit


def codes(record: AuditRecord, problem: SelectionProblem, **kwargs: str) -> set[str]:
    return {issue.code for issue in verify(record, problem, **kwargs).issues}


def test_an_exact_quota_lottery_verifies_from_its_certificate(
    exact_result: tuple[SelectionProblem, AuditRecord],
) -> None:
    problem, record = exact_result
    outcome = verify(AuditRecord.from_json(record.to_json()), problem)
    assert outcome.ok, outcome.message()
    assert record.certificates and record.distribution["panels"]
    assert any("level certificate" in check for check in outcome.checks)


def test_a_certificate_claiming_a_tighter_bound_is_rejected(
    exact_result: tuple[SelectionProblem, AuditRecord],
) -> None:
    problem, record = exact_result
    certificates = copy.deepcopy(record.certificates)
    certificates[0]["upper"] = certificates[0]["value"] - 0.01
    tampered = dataclasses.replace(record, certificates=certificates)
    assert "certificate_bound" in codes(tampered, problem)


def test_a_certificate_with_changed_weights_is_rejected(
    exact_result: tuple[SelectionProblem, AuditRecord],
) -> None:
    problem, record = exact_result
    certificates = copy.deepcopy(record.certificates)
    weights = certificates[0]["weights"]
    first = min(weights, key=lambda pid: weights[pid])
    weights[first] = -weights[first] - 0.1
    tampered = dataclasses.replace(record, certificates=certificates)
    assert "certificate_invalid" in codes(tampered, problem)


def test_a_gap_or_deviation_that_the_record_misstates_is_rejected(
    exact_result: tuple[SelectionProblem, AuditRecord],
) -> None:
    problem, record = exact_result
    assert "gap_mismatch" in codes(dataclasses.replace(record, gap=record.gap + 1e-3), problem)
    smaller = dataclasses.replace(record, max_deviation=record.max_deviation / 2)
    assert "max_deviation_mismatch" in codes(smaller, problem)


def test_a_distribution_whose_weights_do_not_match_the_probabilities_is_rejected(
    exact_result: tuple[SelectionProblem, AuditRecord],
) -> None:
    problem, record = exact_result
    distribution = copy.deepcopy(record.distribution)
    assert len(distribution["panels"]) >= 2
    distribution["panels"][0]["weight"] += 0.01
    distribution["panels"][1]["weight"] -= 0.01
    tampered = dataclasses.replace(record, distribution=distribution)
    assert codes(tampered, problem) & {"probability_mismatch", "bad_weights"}


def test_verify_checks_the_announced_seed(
    exact_result: tuple[SelectionProblem, AuditRecord],
) -> None:
    problem, record = exact_result
    assert verify(record, problem, seed="3 14 15 92 65 35").ok
    assert "seed_not_announced" in codes(record, problem, seed="3 14 15 92 65 36")


@FAST
@given(st.integers(0, 10_000), st.booleans())
def test_every_lottery_probability_is_within_the_guaranteed_bound(seed: int, homes: bool) -> None:
    problem = random_problem(seed, homes)
    m = 37
    result = select(problem, seed="x", panels=m)
    lottery = result.lottery
    assert lottery.guaranteed_deviation == pytest.approx((problem.panel_size + 2) / m)
    exact = result.distribution.probabilities
    worst = max(abs(lottery.probabilities[pid] - exact[pid]) for pid in exact)
    assert worst == pytest.approx(lottery.max_deviation, abs=1e-12)
    assert worst <= lottery.guaranteed_deviation + 1e-12
    assert lottery.min_shortfall <= lottery.max_deviation + 1e-12
    assert Counter(len(p) for p in lottery.panels) == {problem.panel_size: m}


@FAST
@given(st.integers(0, 10_000))
def test_iterated_rounding_keeps_the_total_and_every_row_within_the_threshold(seed: int) -> None:
    rng = np.random.default_rng(seed)
    panels = int(rng.integers(2, 30))
    rows = rng.random((int(rng.integers(1, 40)), panels)) * (rng.random((1, panels)) < 0.7)
    rows = rows / np.maximum(rows.sum(axis=0, keepdims=True), 1e-9) * 3.0  # column sums <= 3
    y = rng.random(panels) * 5
    y[-1] += np.ceil(y.sum()) - y.sum()  # an integral total
    rounded = iterated_rounding(y, rows, 4.0)
    assert rounded.sum() == round(y.sum())
    assert np.all(np.abs(rounded - y) < 1.0)
    assert np.all(np.abs(rows @ rounded - rows @ y) < 4.0 + 1e-9)


def test_pair_exchanges_keep_exact_quotas() -> None:
    problem = exact_quota_problem()
    pool = build_types(problem)
    search = PairSearch(pool)
    start = np.array(select(problem, seed="s", panels=10).distribution.panels[0])
    rng = np.random.default_rng(1)
    found = 0
    for _ in range(20):
        weights = rng.random(pool.count)
        better = search.improve(start, weights)
        if better is not None:
            found += 1
            assert weights @ better > weights @ start
            for members, quota in zip(pool.quota_members, problem.quotas, strict=True):
                assert quota.min <= better[members].sum() <= quota.max
            assert np.all(better <= pool.sizes) and np.all(better >= 0)
    assert found > 0


def test_a_time_limit_returns_a_certified_distribution_labelled_as_such() -> None:
    problem = exact_quota_problem(n=90, k=8, seed=9)
    result = select(problem, seed="t", panels=50, time_limit=0.0)
    distribution = result.distribution
    assert distribution.time_limited
    assert result.audit.time_limited and "time limit reached" in result.audit.notes[0]
    assert len(distribution.certificates) == 1
    assert 0.0 <= distribution.gap < 1.0
    outcome = verify(result.audit, problem)
    assert outcome.ok, outcome.message()
    full = select(problem, seed="t", panels=50)
    assert not full.distribution.time_limited
    assert full.distribution.min_probability >= distribution.min_probability - 1e-9
    assert distribution.min_probability + distribution.gap >= full.distribution.min_probability


def write_exact_files(tmp_path: Path) -> tuple[Path, Path]:
    problem = exact_quota_problem()
    people = tmp_path / "people.csv"
    columns = ["pool_member_identifier", "age", "sex", "district", "edu"]
    lines = [",".join(columns)]
    for p in problem.people:
        lines.append(",".join([p.id, *(p.features[c] for c in columns[1:])]))
    people.write_text("\n".join(lines) + "\n", encoding="utf-8")
    quotas = tmp_path / "quotas.csv"
    quota_lines = ["feature,value,min,max"]
    quota_lines += [f"{q.category},{q.value},{q.min},{q.max}" for q in problem.quotas]
    quotas.write_text("\n".join(quota_lines) + "\n", encoding="utf-8")
    return people, quotas


def test_the_cli_reports_progress_off_a_terminal_and_checks_the_announced_seed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sortition_command, "PROGRESS_EVERY_S", 0.0)
    people, quotas = write_exact_files(tmp_path)
    out = tmp_path / "out"
    files = ["--people", str(people), "--quotas", str(quotas)]
    options = ["--panel-size", "8", "--seed", "7 7 7", "--id-column", "pool_member_identifier"]
    assert (
        main(["sortition", "select", *files, *options, "--panels", "100", "--out", str(out)]) == 0
    )
    captured = capsys.readouterr()
    assert "leximin: level 1" in captured.err and "types fixed" in captured.err
    assert "certified gap" in captured.out
    header = (out / "probabilities.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == "pool_member_identifier,probability,lottery_probability"
    verify_args = ["sortition", "verify", "--audit", str(out / "audit.json"), *files]
    verify_args += ["--id-column", "pool_member_identifier"]
    assert main([*verify_args, "--seed", "7 7 7"]) == 0
    assert main([*verify_args, "--seed", "7 7 8"]) == 1
    assert "not the announced seed" in capsys.readouterr().err


def test_the_id_column_pool_member_identifier_is_found_by_name(tmp_path: Path) -> None:
    from quartier.engine.sortition import read_people, read_quotas

    people, quotas = write_exact_files(tmp_path)
    pool = read_people(people, read_quotas(quotas))
    assert pool.id_column == "pool_member_identifier"
    assert {p.id for p in pool.people} == {p.id for p in exact_quota_problem().people}
