"""Stored card vectors and the suggestion query over them.

A card is embedded once, when it is posted: its title alone and its title with the
beginning of its text, each by the sentence encoder (meaning) and by the lexical
encoder (letters). The four unit vectors are concatenated into one row that the web
app stores. A query is the typed title embedded the same way, compared with every
stored row by one matrix-vector product (and a sparse read of the letter columns the
query hits), so 5,000 cards cost a millisecond instead of re-reading every card.

Score of card ``c`` for query ``q`` (all dot products of unit vectors):

    meaning = max(q.title·c.title, q.title·c.head, q.head·c.head)
    letters = max(q.title·c.title, q.title·c.head, q.head·c.head)   (lexical vectors)
    score   = w · meaning + (1 − w) · letters

Taking the maximum over title and head makes an identical or lightly edited title
find its detailed card. Without the sentence encoder ``w = 0``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

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
COMPACT_AFTER = 64  # masked rows an index keeps before it copies its live rows once


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


class _Buffers:
    """The arrays behind one or more :class:`CardIndex` objects, with room to grow.

    Rows are appended in the spare capacity and never rewritten, so an index made
    earlier (which sees only its own first ``n`` rows) stays valid while a newer one
    shares the same memory. Only the index that wrote last may append (``tail``).
    """

    def __init__(self, embedder: Embedder, capacity: int) -> None:
        width, lexical = embedder.parts[0], embedder.parts[2]
        self.meaning = np.zeros((2, capacity, width), dtype=np.float32)  # titles, heads
        self.letters = np.zeros((2 * lexical, capacity), dtype=np.float32)  # column-wise
        self.directions = np.zeros(capacity, dtype=np.int8)
        self.tail = 0

    @property
    def capacity(self) -> int:
        return len(self.directions)

    def write(self, embedder: Embedder, start: int, rows: np.ndarray, directions: Any) -> None:
        width = embedder.parts[0]
        end = start + len(rows)
        self.meaning[0, start:end] = rows[:, :width]
        self.meaning[1, start:end] = rows[:, width : 2 * width]
        self.letters[:, start:end] = rows[:, 2 * width :].T
        self.directions[start:end] = directions
        self.tail = end


class CardIndex:
    """The stored rows of one wall, ready to answer suggestion queries.

    Laid out once so that a query costs one matrix-vector product: the meaning vectors
    of every card's title and of its head sit in one float32 array, so the typed title
    is scored against both in a single pass; the letters are sparse (a title hits a few
    dozen of 512 columns) and kept column by column, so a query reads only the columns
    its own n-grams hit. (A product with a three-column probe instead took 11 ms at
    5,000 cards here, the single vector 1–2 ms.)

    A wall that changes by a few cards is updated with :meth:`changed`: new rows go into
    spare capacity, removed ones are masked, and the arrays are compacted only once a
    quarter of the rows are masked, so an update never copies the whole wall.
    """

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
        buffers = _Buffers(embedder, len(keys))
        buffers.write(embedder, 0, np.asarray(rows, dtype=np.float32), directions)
        self._set(embedder, buffers, list(keys), None)

    def _set(
        self,
        embedder: Embedder,
        buffers: _Buffers,
        positions: list[str],
        alive: np.ndarray | None,
    ) -> None:
        self.embedder = embedder
        self._buffers = buffers
        self._positions = positions  # the key of every row written, masked ones included
        self._alive = alive  # None: every row counts
        self._lexical_dim = embedder.parts[2]

    def __len__(self) -> int:
        return len(self._positions) if self._alive is None else int(self._alive.sum())

    @property
    def keys(self) -> list[str]:
        if self._alive is None:
            return self._positions
        return [key for key, alive in zip(self._positions, self._alive, strict=True) if alive]

    def _live(self, values: np.ndarray) -> np.ndarray:
        """Values per written row → values per current card (last axis)."""
        return values if self._alive is None else values[..., self._alive]

    @property
    def directions(self) -> np.ndarray:
        return self._live(self._buffers.directions[: len(self._positions)])

    @property
    def rows(self) -> np.ndarray:
        """The rows as given (for clustering the same cards into themes)."""
        n = len(self._positions)
        meaning = self._live(self._buffers.meaning[:, :n].transpose(0, 2, 1))
        letters = self._live(self._buffers.letters[:, :n])
        return np.hstack([meaning[0].T, meaning[1].T, letters.T])

    @property
    def nbytes(self) -> int:
        b = self._buffers
        return int(b.meaning.nbytes + b.letters.nbytes + b.directions.nbytes)

    def changed(
        self,
        *,
        drop: Iterable[str] = (),
        keys: Sequence[str] = (),
        rows: np.ndarray | None = None,
        directions: Sequence[int] = (),
    ) -> CardIndex:
        """A new index without the cards ``drop`` and with ``rows`` added (same layout as
        the constructor's). This index stays valid and unchanged."""
        n = len(self._positions)
        added = (
            np.zeros((0, self.embedder.dim), dtype=np.float32)
            if rows is None
            else np.asarray(rows, dtype=np.float32).reshape(len(keys), self.embedder.dim)
        )
        gone = set(drop)
        alive = np.ones(n, dtype=bool) if self._alive is None else self._alive.copy()
        if gone:
            alive &= np.fromiter((key not in gone for key in self._positions), bool, count=n)
        total = n + len(keys)
        masked = int(n - alive.sum())
        if masked > max(COMPACT_AFTER, total // 4):  # compact: copy the live rows once
            live_keys = [key for key, kept in zip(self._positions, alive, strict=True) if kept]
            current = self._changed_view(alive)
            return CardIndex(
                self.embedder,
                [*live_keys, *keys],
                np.vstack([current.rows, added]),
                [*current.directions.tolist(), *directions],
            )
        buffers = self._buffers
        if buffers.tail != n or total > buffers.capacity:  # another index appended, or full
            grown = _Buffers(self.embedder, max(total, n + n // 2 + 16))
            grown.meaning[:, :n] = buffers.meaning[:, :n]
            grown.letters[:, :n] = buffers.letters[:, :n]
            grown.directions[:n] = buffers.directions[:n]
            buffers = grown
        buffers.write(self.embedder, n, added, np.asarray(directions, dtype=np.int8))
        fresh = object.__new__(CardIndex)
        all_alive = bool(alive.all())
        fresh._set(
            self.embedder,
            buffers,
            [*self._positions, *keys],
            None if all_alive else np.concatenate([alive, np.ones(len(keys), dtype=bool)]),
        )
        return fresh

    def _changed_view(self, alive: np.ndarray) -> CardIndex:
        view = object.__new__(CardIndex)
        view._set(self.embedder, self._buffers, self._positions, alive)
        return view

    @classmethod
    def build(cls, embedder: Embedder, cards: Sequence[tuple[str, str, str]]) -> CardIndex:
        """From (key, title, text) triples, embedding them now (tests, CLI, benchmarks)."""
        rows = embedder.embed([(title, text) for _, title, text in cards])
        return cls(embedder, [k for k, _, _ in cards], rows, [direction(t) for _, t, _ in cards])

    def scores(self, title: str, text: str = "") -> np.ndarray:
        """One score per card of :attr:`keys`."""
        return self._live(self._scores(title, text))

    def _scores(self, title: str, text: str) -> np.ndarray:
        """One score per written row (masked ones included)."""
        query = self.embedder.split(self.embedder.embed([(title, text)]))
        n = len(self._positions)
        meaning = np.zeros(n, dtype=np.float32)
        letters_by_column = self._buffers.letters
        titles = letters_by_column[: self._lexical_dim]
        heads = letters_by_column[self._lexical_dim :]

        def sparse(columns: np.ndarray, vector: np.ndarray) -> np.ndarray:
            hit = np.flatnonzero(vector)
            return np.asarray(vector[hit] @ columns[hit, :n]) if len(hit) else np.zeros(n)

        l_title, l_head = query[2][0], query[3][0]
        with single_thread():
            if self.embedder.semantic:
                q_title, q_head = query[0][0], query[1][0]
                stored = self._buffers.meaning[:, :n]
                both = stored @ q_title  # (2, n): title·title and head·title
                meaning = np.maximum(both[0], both[1])
                if not np.array_equal(q_head, q_title):  # details typed too: head·head
                    meaning = np.maximum(meaning, stored[1] @ q_head)
            letters = np.maximum(sparse(titles, l_title), sparse(heads, l_title))
            if not np.array_equal(l_head, l_title):
                letters = np.maximum(letters, sparse(heads, l_head))
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
        if not len(self) or not (title.strip() or text.strip()):
            return []
        scores = self._scores(title, text)  # by written row: keys and directions below too
        keys, directions = self._positions, self._buffers.directions
        usable = np.ones(len(keys), dtype=bool) if self._alive is None else self._alive.copy()
        if allowed is not None:
            usable[usable] = np.asarray(allowed, dtype=bool)
        scores = np.where(usable, scores, -1.0)
        candidates = np.flatnonzero(scores >= threshold)
        if len(candidates) > 4 * limit:
            candidates = candidates[np.argpartition(-scores[candidates], 4 * limit)[: 4 * limit]]
        mine = direction(title)
        found = []
        for i in candidates.tolist():
            score = round(float(scores[i]), 4)
            flipped = int(directions[i]) != mine
            found.append(
                Suggestion(keys[i], score, not flipped and score >= SAME_THRESHOLD, flipped)
            )
        found.sort(key=lambda s: (-s.score, s.key))
        return found[:limit]
