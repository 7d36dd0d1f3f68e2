"""Stored card vectors and the suggestion query over them.

A card is embedded once, when it is posted: its title alone and its title with the
beginning of its text, each by the sentence encoder (meaning) and by the lexical
encoder (letters). The four unit vectors are concatenated into one row that the web
app stores. A query is the typed title embedded the same way, compared with every
stored row by four matrix products, so 5,000 cards cost a few milliseconds instead of
re-reading every card.

Score of card ``c`` for query ``q`` (all dot products of unit vectors):

    meaning = max(q.title·c.title, q.title·c.head, q.head·c.head)
    letters = max(q.title·c.title, q.title·c.head, q.head·c.head)   (lexical vectors)
    score   = w · meaning + (1 − w) · letters

Taking the maximum over title and head makes an identical or lightly edited title
find its detailed card. Without the sentence encoder ``w = 0``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from quartier.engine.topics.encoders import (
    Encoder,
    LexicalEncoder,
    sentence_encoder,
    single_thread,
)
from quartier.engine.topics.polarity import direction

HEAD_WORDS = 40
SEMANTIC_WEIGHT = 0.5
SAME_THRESHOLD = 0.62  # at or above: "probably the same topic" (tuned on labelled pairs)
SUGGEST_THRESHOLD = 0.42  # at or above: worth showing as a related card


def head(title: str, text: str = "") -> str:
    """The title and the first words of the text: what a reader sees first on a card."""
    words = text.split()[:HEAD_WORDS]
    return " ".join([title.strip(), *words]).strip()


@dataclass(frozen=True)
class Suggestion:
    key: str
    score: float
    same: bool  # close enough to support instead of posting
    opposite: bool  # points the other way ("mehr" vs "weniger"): never the same


class Embedder:
    """Turns (title, text) into one stored row; knows the layout of that row."""

    def __init__(
        self, semantic: Encoder | None = None, lexical: Encoder | None = None, *, auto: bool = True
    ) -> None:
        self.semantic = semantic if semantic is not None or not auto else sentence_encoder()
        self.lexical = lexical or LexicalEncoder(512)
        sem_dim = self.semantic.dim if self.semantic else 0
        self.parts = (sem_dim, sem_dim, self.lexical.dim, self.lexical.dim)
        self.dim = sum(self.parts)

    @property
    def name(self) -> str:
        lexical = f"{self.lexical.name}-{self.lexical.dim}"
        return f"{self.semantic.name}+{lexical}" if self.semantic else lexical

    @property
    def semantic_weight(self) -> float:
        return SEMANTIC_WEIGHT if self.semantic else 0.0

    def embed(self, items: Sequence[tuple[str, str]]) -> np.ndarray:
        """One row per (title, text): [meaning(title), meaning(head), letters(title), letters(head)]."""
        titles = [title for title, _ in items]
        heads = [head(title, text) for title, text in items]
        blocks = []
        if self.semantic:
            both = self.semantic.encode(titles + heads)
            blocks += [both[: len(items)], both[len(items) :]]
        blocks += [self.lexical.encode(titles), self.lexical.encode(heads)]
        return np.hstack(blocks).astype(np.float32) if items else np.zeros((0, self.dim))

    def split(self, rows: np.ndarray) -> list[np.ndarray]:
        out, start = [], 0
        for width in self.parts:
            out.append(rows[:, start : start + width])
            start += width
        return out


class CardIndex:
    """The stored rows of one wall, ready to answer suggestion queries."""

    def __init__(
        self,
        embedder: Embedder,
        keys: Sequence[str],
        rows: np.ndarray,
        directions: Sequence[int],
    ) -> None:
        if rows.shape != (len(keys), embedder.dim):
            raise ValueError(
                f"rows have shape {rows.shape}, expected ({len(keys)}, {embedder.dim})"
            )
        self.embedder = embedder
        self.keys = list(keys)
        self.directions = np.asarray(directions, dtype=np.int8)
        self.rows = np.ascontiguousarray(rows, dtype=np.float32)
        self._parts = embedder.split(self.rows)

    @classmethod
    def build(cls, embedder: Embedder, cards: Sequence[tuple[str, str, str]]) -> CardIndex:
        """From (key, title, text) triples, embedding them now (tests, CLI, benchmarks)."""
        rows = embedder.embed([(title, text) for _, title, text in cards])
        return cls(embedder, [k for k, _, _ in cards], rows, [direction(t) for _, t, _ in cards])

    def scores(self, title: str, text: str = "") -> np.ndarray:
        query = self.embedder.split(self.embedder.embed([(title, text)]))
        starts = np.cumsum([0, *self.embedder.parts])
        # One pass over the stored rows: each column of ``probe`` puts one query vector
        # into one block (title·title, head·title, head·head for meaning, then letters).
        probe = np.zeros((self.embedder.dim, 6), dtype=np.float32)
        for signal, (t, h) in enumerate([(0, 1), (2, 3)]):
            if starts[t + 1] == starts[t]:
                continue
            probe[starts[t] : starts[t + 1], 3 * signal] = query[t][0]
            probe[starts[h] : starts[h + 1], 3 * signal + 1] = query[t][0]
            probe[starts[h] : starts[h + 1], 3 * signal + 2] = query[h][0]
        with single_thread():
            products = self.rows @ probe
        weight = self.embedder.semantic_weight
        meaning = products[:, 0:3].max(axis=1)
        letters = products[:, 3:6].max(axis=1)
        return np.asarray(weight * meaning + (1 - weight) * letters, dtype=np.float32)

    def suggest(
        self,
        title: str,
        text: str = "",
        *,
        limit: int = 5,
        threshold: float = SUGGEST_THRESHOLD,
        allowed: Sequence[bool] | np.ndarray | None = None,
    ) -> list[Suggestion]:
        """The best cards at or above ``threshold``, best first, ties broken by key."""
        if not self.keys or not (title.strip() or text.strip()):
            return []
        scores = self.scores(title, text)
        if allowed is not None:
            scores = np.where(np.asarray(allowed, dtype=bool), scores, -1.0)
        candidates = np.flatnonzero(scores >= threshold)
        if len(candidates) > 4 * limit:
            candidates = candidates[np.argpartition(-scores[candidates], 4 * limit)[: 4 * limit]]
        mine = direction(title)
        found = []
        for i in candidates.tolist():
            score = round(float(scores[i]), 4)
            flipped = int(self.directions[i]) != mine
            found.append(
                Suggestion(self.keys[i], score, not flipped and score >= SAME_THRESHOLD, flipped)
            )
        found.sort(key=lambda s: (-s.score, s.key))
        return found[:limit]

    def neighbours(self, index: int, k: int = 5) -> list[int]:
        """Indices of the ``k`` rows most similar to row ``index`` (itself excluded)."""
        weight = self.embedder.semantic_weight
        total = np.zeros(len(self.keys), dtype=np.float32)
        pairs = [(1, weight), (3, 1 - weight)] if self.embedder.semantic else [(3, 1.0)]
        for part, w in pairs:
            total += w * (self._parts[part] @ self._parts[part][index])
        total[index] = -np.inf
        return np.argsort(-total, kind="stable")[:k].tolist()
