"""Fixtures for the sortition tests (helpers live in ``sortition_instances``)."""

from __future__ import annotations

import pytest

from quartier.engine.sortition import SelectionProblem
from tests.engine.sortition.sortition_instances import build_problem


@pytest.fixture
def small_problem() -> SelectionProblem:
    rows = (
        [{"gender": "f", "age": "young", "home": f"a{i}"} for i in range(4)]
        + [{"gender": "f", "age": "old", "home": f"b{i}"} for i in range(3)]
        + [{"gender": "m", "age": "young", "home": f"c{i}"} for i in range(2)]
        + [{"gender": "m", "age": "old", "home": f"d{i}"} for i in range(6)]
    )
    quotas = [
        ("gender", "f", 2, 3),
        ("gender", "m", 2, 3),
        ("age", "young", 2, 3),
        ("age", "old", 2, 3),
    ]
    return build_problem(rows, quotas, 5)


@pytest.fixture(autouse=True)
def english_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """CLI messages follow the locale: tests speak English unless they set a language."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
