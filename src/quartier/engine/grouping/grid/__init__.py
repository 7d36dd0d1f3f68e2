"""Open-space grid: sessions into rooms x time slots.

Hard rules are *labelled constraints* (in the spirit of PyCon UK's conference-scheduler),
so planning, explaining infeasibility and validating a hand-edited grid share one
definition of each rule. Modules: ``problem`` (inputs and outputs), ``constraints`` (the
labelled rules and :func:`validate_grid`), ``explanations`` (why no grid exists),
``result`` (scoring), ``search`` (greedy and annealing) and ``solver`` (CP-SAT).
"""

from quartier.engine.grouping.grid.constraints import validate_grid
from quartier.engine.grouping.grid.explanations import explain_infeasibility
from quartier.engine.grouping.grid.problem import (
    Conflict,
    GridProblem,
    GridResult,
    GridSession,
    Placement,
    Room,
)
from quartier.engine.grouping.grid.result import conflicts_of
from quartier.engine.grouping.grid.search import greedy_grid
from quartier.engine.grouping.grid.solver import plan_grid

__all__ = [
    "Conflict",
    "GridProblem",
    "GridResult",
    "GridSession",
    "Placement",
    "Room",
    "conflicts_of",
    "explain_infeasibility",
    "greedy_grid",
    "plan_grid",
    "validate_grid",
]
