"""Summaries for ``quartier group``: standard output carries the CSV, so they go to stderr."""

from __future__ import annotations

import sys


def _report(*lines: str) -> None:
    for line in lines:
        print(line, file=sys.stderr)


def _report_clock(hit: bool) -> None:
    """Say so when the wall clock, not the work budget, ended a search: only then can the
    same seed give another plan (on a machine with more or less load)."""
    if hit:
        _report(
            "note: the time limit cut the search before its work budget was spent, so the "
            "same seed may give another plan on a less busy machine; allow more time "
            "(--time-limit) for a reproducible plan"
        )
