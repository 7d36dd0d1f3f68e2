"""Wall cards ↔ the topic engine: one shared embedder per process, rows as float16 bytes."""

from __future__ import annotations

import hashlib
import threading

import numpy as np

from quartier.engine.topics.vectors import Embedder

_LOCK = threading.Lock()
_EMBEDDER: list[Embedder] = []


def embedder() -> Embedder:
    """The process-wide embedder (the sentence encoder loads once, on first use)."""
    with _LOCK:
        if not _EMBEDDER:
            _EMBEDDER.append(Embedder())
        return _EMBEDDER[0]


def source_hash(title: str, text: str) -> str:
    return hashlib.blake2b(f"{title}\x00{text}".encode(), digest_size=8).hexdigest()


def to_bytes(row: np.ndarray) -> bytes:
    return np.asarray(row, dtype=np.float16).tobytes()


def from_bytes(blob: bytes | memoryview) -> np.ndarray:
    return np.frombuffer(bytes(blob), dtype=np.float16)
