"""Turning what someone typed into a safe full-text query.

Only word characters survive, so FTS5 operators and quotes (``"``, ``*``, ``(``, ``AND``)
are searched as plain words instead of breaking the query; every word matches as a prefix
("Mül" finds "Müller").
"""

from __future__ import annotations

import re

MAX_TERMS = 8
OPERATORS = {"AND", "OR", "NOT", "NEAR"}
MAX_TERM_LENGTH = 40
WORD = re.compile(r"\w+", re.UNICODE)


def terms(query: str) -> list[str]:
    words = [w[:MAX_TERM_LENGTH] for w in WORD.findall(query or "") if w.replace("_", "")]
    plain = [word for word in words if word not in OPERATORS]
    # "Müller AND Schmidt" means both names; a lone "AND" is searched as a word.
    return (plain or words)[:MAX_TERMS]


def fts5_match(words: list[str]) -> str:
    """``"mül"* AND "straße"*``: quoted, so keywords like AND are just words."""
    return " AND ".join(f'"{word}"*' for word in words)


def tsquery(words: list[str]) -> str:
    """PostgreSQL raw tsquery with prefix matching; words hold only word characters."""
    return " & ".join(f"{word}:*" for word in words)
