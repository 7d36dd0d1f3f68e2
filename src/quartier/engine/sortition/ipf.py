"""Iterative proportional fitting: a joint table that matches several published margins.

Official statistics publish margins (age bands, sex, migration background, and some
two-way tables) but not the full cross-table a synthetic population needs. IPF starts
from a seed table and rescales it to each margin in turn; it converges to the table
closest to the seed (in Kullback-Leibler divergence) that meets all margins.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Margin:
    """Target sums of the table over every axis *not* in ``axes`` (axis 0 is the batch)."""

    axes: tuple[int, ...]
    target: np.ndarray


def fit(seed: np.ndarray, margins: Sequence[Margin], iterations: int = 100) -> np.ndarray:
    """Scale ``seed`` (batch axis first) until every margin is met; zeros stay zero."""
    table = np.array(seed, dtype=float)
    all_axes = tuple(range(1, table.ndim))
    for _ in range(iterations):
        worst = 0.0
        for margin in margins:
            summed = tuple(a for a in all_axes if a not in margin.axes)
            current = table.sum(axis=summed, keepdims=True)
            target = margin.target.reshape(current.shape)
            with np.errstate(divide="ignore", invalid="ignore"):
                factor = np.where(current > 0, target / current, 0.0)
            table *= factor
            worst = max(worst, float(np.max(np.abs(current - target), initial=0.0)))
        if worst < 1e-6:
            break
    return table
