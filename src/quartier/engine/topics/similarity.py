"""Lexical similarity between topic cards: token Jaccard blended with character trigrams.

Used while a participant types, to suggest existing cards ("Is your topic already on
the wall?") so people support a card instead of posting a duplicate. Token overlap
catches reordered words; trigrams catch compounds and typos ("Radwege" vs "Radweg
sicher"). A topic-analysis engine will replace this later behind the same functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from quartier.engine.topics.normalize import tokens

TOKEN_WEIGHT = 0.5
DEFAULT_THRESHOLD = 0.3


@dataclass(frozen=True)
class Candidate:
    """An existing card: ``key`` is whatever the caller uses to find it again."""

    key: str
    text: str


@dataclass(frozen=True)
class Match:
    key: str
    score: float


def trigrams(text: str) -> frozenset[str]:
    joined = " ".join(tokens(text))
    if not joined:
        return frozenset()
    padded = f"  {joined} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


def _jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    left, right = set(a), set(b)
    if not left or not right:
        return 0.0
    return len(left & right) / len(left | right)


def similarity(a: str, b: str) -> float:
    """A score in [0, 1]; 1 means the normalised texts are equal."""
    token_score = _jaccard(tokens(a), tokens(b))
    gram_score = _jaccard(trigrams(a), trigrams(b))
    return TOKEN_WEIGHT * token_score + (1 - TOKEN_WEIGHT) * gram_score


def similar(
    text: str,
    candidates: Sequence[Candidate],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    limit: int = 5,
) -> list[Match]:
    """The most similar candidates at or above ``threshold``, best first (ties by key)."""
    if not tokens(text):
        return []
    scored = [Match(c.key, round(similarity(text, c.text), 4)) for c in candidates]
    hits = [m for m in scored if m.score >= threshold]
    hits.sort(key=lambda m: (-m.score, m.key))
    return hits[:limit]
