"""The LEXIMIN master LP copes with fixed values its tolerance cannot quite reach."""

from __future__ import annotations

import numpy as np

from quartier.engine.sortition.column_generation import PanelSet, cover_types
from quartier.engine.sortition.master_lp import MasterLP as _Master
from quartier.engine.sortition.panel_polytope import PanelPolytope
from quartier.engine.sortition.person_types import build_types
from tests.engine.sortition.test_sortition_certificate import exact_quota_problem


def test_the_master_recovers_when_fixed_values_are_missed_by_a_rounding_error() -> None:
    pool = build_types(exact_quota_problem())
    polytope = PanelPolytope(pool)
    panels = PanelSet()
    first = polytope.any_panel()
    assert first is not None
    panels.add(first)
    selectable = cover_types(polytope, panels)
    master = _Master(pool, selectable)
    for counts in panels.panels:
        master.add_panel(counts)
    _, _, _, weights = master.solve()
    attained = sum(w * p / pool.sizes for w, p in zip(weights, master.panels, strict=True))
    # every type asks for 5e-9 more than it has: impossible (seats sum to k) at the LP's
    # 1e-9 tolerance, within the 1e-8 the master may loosen fixed rows by
    for t in np.flatnonzero(selectable):
        master.fix(int(t), float(attained[t]) + 5e-9)
    _, _, _, weights = master.solve()
    assert np.all(weights >= -1e-12) and abs(weights.sum() - 1.0) < 1e-9
    probabilities = sum(w * p / pool.sizes for w, p in zip(weights, master.panels, strict=True))
    assert np.all(probabilities[selectable] >= attained[selectable] - 2e-8)
