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
        semantic = 2 * embedder.parts[0]
        rows = np.asarray(rows, dtype=np.float32)
        # Meaning is dense: kept row by row for one matrix product. Letters are sparse
        # (a title has a few dozen n-grams): kept column by column, so a query reads only
        # the columns its own n-grams hit.
        self._meaning = np.ascontiguousarray(rows[:, :semantic])
        self._letters = np.ascontiguousarray(rows[:, semantic:].T)
        self._lexical_dim = embedder.parts[2]

    @property
    def rows(self) -> np.ndarray:
        """The stored rows as given (for clustering the same cards into themes)."""
        return np.hstack([self._meaning, self._letters.T])

    @classmethod
    def build(cls, embedder: Embedder, cards: Sequence[tuple[str, str, str]]) -> CardIndex:
        """From (key, title, text) triples, embedding them now (tests, CLI, benchmarks)."""
        rows = embedder.embed([(title, text) for _, title, text in cards])
        return cls(embedder, [k for k, _, _ in cards], rows, [direction(t) for _, t, _ in cards])

    def scores(self, title: str, text: str = "") -> np.ndarray:
        query = self.embedder.split(self.embedder.embed([(title, text)]))
        n = len(self.keys)
        meaning = np.zeros(n, dtype=np.float32)
        if self.embedder.semantic:
            width = self.embedder.parts[0]
            # One pass over the rows: title·title, head·title, head·head.
            probe = np.zeros((2 * width, 3), dtype=np.float32)
            probe[:width, 0] = query[0][0]
            probe[width:, 1] = query[0][0]
            probe[width:, 2] = query[1][0]
            with single_thread():
                meaning = (self._meaning @ probe).max(axis=1)
        titles = self._letters[: self._lexical_dim]
        heads = self._letters[self._lexical_dim :]

        def sparse(columns: np.ndarray, vector: np.ndarray) -> np.ndarray:
            hit = np.flatnonzero(vector)
            return np.asarray(vector[hit] @ columns[hit]) if len(hit) else np.zeros(n)

        q_title, q_head = query[2][0], query[3][0]
        letters = np.maximum(
            np.maximum(sparse(titles, q_title), sparse(heads, q_title)), sparse(heads, q_head)
        )
        weight = self.embedder.semantic_weight
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
