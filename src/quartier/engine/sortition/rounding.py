"""Round a distribution to a uniform lottery over ``m`` concrete panels.

Flanigan, Gölz, Gupta, Hennig, Procaccia, "Fair sortition made transparent" (NeurIPS
2021): a lottery anyone can check is a list of ``m`` panels, one of which is picked
uniformly. Each type panel ``P`` with probability ``q_P`` gets ``floor(m q_P)`` or
``ceil(m q_P)`` copies (so the list has exactly ``m`` entries); an ILP chooses which
panels are rounded up so that the largest change of any type's selection probability is
as small as possible. The type counts are then turned into people by walking each type's
members cyclically, so within a type everybody's number of seats differs by at most one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import highspy
import numpy as np

from quartier.engine.sortition.distribution import Distribution
from quartier.engine.sortition.panel_polytope import INF, quiet_highs

DEFAULT_PANELS = 1000
ILP_NODE_LIMIT = 20000


@dataclass(frozen=True)
class Lottery:
    """``m`` panels (sorted person ids, canonical order) and the probabilities they realise."""

    panels: tuple[tuple[str, ...], ...]
    probabilities: dict[str, float]
    max_deviation: float

    @property
    def size(self) -> int:
        return len(self.panels)


def _copies(distribution: Distribution, m: int) -> np.ndarray:
    """Copies per type panel: floors plus the ILP's choice of which to round up."""
    q = np.array(distribution.weights) * m
    floors = np.floor(q + 1e-9).astype(np.int64)
    extra = m - int(floors.sum())
    fractional = np.flatnonzero(q - floors > 1e-9)
    if extra <= 0 or len(fractional) == 0:
        floors[np.argmax(q)] += max(0, extra)
        return floors
    matrix = np.array(distribution.panels, dtype=float)  # panels x types
    sizes = distribution.pool.sizes.astype(float)
    target = np.array(distribution.type_probabilities) * m * sizes
    base = floors @ matrix
    h = quiet_highs()
    h.setOptionValue("mip_max_nodes", ILP_NODE_LIMIT)
    nb = len(fractional)
    h.addVars(nb, np.zeros(nb), np.ones(nb))
    h.changeColsIntegrality(
        nb, np.arange(nb, dtype=np.int32), np.full(nb, highspy.HighsVarType.kInteger)
    )
    h.addVar(0.0, INF)  # epsilon, in units of "probability"
    h.changeColCost(nb, 1.0)
    h.addRow(float(extra), float(extra), nb, np.arange(nb, dtype=np.int32), np.ones(nb))
    for t in range(matrix.shape[1]):
        col = matrix[fractional, t]
        nz = np.flatnonzero(col)
        if len(nz) == 0:
            continue
        scale = 1.0 / (m * sizes[t])
        idx = np.concatenate((nz, [nb])).astype(np.int32)
        dev = (target[t] - base[t]) * scale
        # |base + sum b*col - target| * scale <= eps, as two rows
        h.addRow(-INF, dev, len(idx), idx, np.concatenate((col[nz] * scale, [-1.0])))
        h.addRow(-INF, -dev, len(idx), idx, np.concatenate((-col[nz] * scale, [-1.0])))
    h.run()
    sol = h.getSolution()
    if h.getModelStatus() == highspy.HighsModelStatus.kOptimal or sol.value_valid:
        chosen = np.rint(np.array(sol.col_value[:nb])).astype(np.int64)
        if int(chosen.sum()) == extra:
            floors[fractional] += chosen
            return floors
    # fallback: largest remainders
    order = sorted(fractional, key=lambda i: (-(q[i] - floors[i]), i))
    for i in order[:extra]:
        floors[i] += 1
    return floors


def round_to_lottery(distribution: Distribution, panels: int = DEFAULT_PANELS) -> Lottery:
    """Turn the optimal distribution into ``panels`` person panels (deterministic)."""
    if panels < 1:
        raise ValueError("the lottery needs at least one panel")
    pool = distribution.pool
    copies = _copies(distribution, panels)
    cursor = np.zeros(pool.count, dtype=np.int64)
    members = [ptype.members for ptype in pool.types]
    person_panels: list[tuple[str, ...]] = []
    seats: dict[str, int] = {p.id: 0 for p in pool.problem.people}
    for panel, count in zip(distribution.panels, copies, strict=True):
        for _ in range(int(count)):
            chosen: list[str] = []
            for t, x in enumerate(panel):
                if x == 0:
                    continue
                size = len(members[t])
                start = int(cursor[t])
                for j in range(x):
                    chosen.append(members[t][(start + j) % size])
                cursor[t] = (start + x) % size
            for pid in chosen:
                seats[pid] += 1
            person_panels.append(tuple(sorted(chosen)))
    person_panels.sort()
    probabilities = {pid: count / panels for pid, count in seats.items()}
    deviation = max(
        (abs(probabilities[pid] - distribution.probabilities[pid]) for pid in probabilities),
        default=0.0,
    )
    return Lottery(
        panels=tuple(person_panels),
        probabilities=probabilities,
        max_deviation=float(deviation) if math.isfinite(deviation) else 0.0,
    )
