"""Summaries for ``quartier group``: standard output carries the CSV, so they go to stderr."""

from __future__ import annotations

import sys


def _report(*lines: str) -> None:
    for line in lines:
        print(line, file=sys.stderr)
