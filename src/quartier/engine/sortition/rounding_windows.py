"""Per type, the seat totals that put every member within 1/m, and the min-clause floor.

See ``docs/background/rounding.md`` (Lemma 2): with the cyclic hand-out a member of a type
with ``S`` seats holds ``floor(S/n)`` or ``ceil(S/n)`` copies.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

TOLERANCE = 1e-9
FLOOR_WEIGHT = 1000.0  # the min clause comes first: a floor seat outweighs any window seat


@dataclass(frozen=True)
class Windows:
    """Per type: seat totals within which every member is within 1/m, and the min floor."""

    low: np.ndarray
    high: np.ndarray
    floor: np.ndarray
    sizes: np.ndarray
    exact: np.ndarray  # exact seats per member, target / n

    @classmethod
    def around(cls, target: np.ndarray, sizes: np.ndarray, minimum_seats: float) -> Windows:
        """``target`` = exact seats per type over m panels; ``minimum_seats`` = m * min p.

        A member of a type with ``S`` seats holds ``floor(S/n)`` or ``ceil(S/n)`` copies
        (cyclic hand-out), so ``|copies - target/n| <= 1`` for all members exactly when
        ``n * ceil(target/n - 1) <= S <= n * floor(target/n + 1)``.
        """
        n = sizes.astype(float)
        exact = target / n
        low = n * np.ceil(exact - 1.0 - TOLERANCE)
        high = n * np.floor(exact + 1.0 + TOLERANCE)
        floor = n * math.ceil(minimum_seats - 1.0 - TOLERANCE)
        return cls(np.maximum(low, 0.0), high, np.minimum(floor, low), n, exact)

    def deviation(self, t: int, seats: float) -> float:
        """The largest |copies - exact copies| of a member of type ``t`` (cyclic hand-out)."""
        n, e = self.sizes[t], self.exact[t]
        low = math.floor(seats / n + TOLERANCE)
        high = math.ceil(seats / n - TOLERANCE)
        return max(abs(low - e), abs(high - e))

    def distance(self, seats: np.ndarray, types: np.ndarray | slice = slice(None)) -> np.ndarray:
        """How far (in members' copies, the floor weighted first) each type is outside."""
        n = self.sizes[types]
        out = np.maximum(self.low[types] - seats, 0.0) + np.maximum(seats - self.high[types], 0.0)
        under = np.maximum(self.floor[types] - seats, 0.0)
        return np.asarray((out + FLOOR_WEIGHT * under) / n, dtype=float)
