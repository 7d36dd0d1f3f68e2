"""Grouping engine: balanced splits, preference assignment, open-space grids, rotations.

Plain Python on OR-Tools CP-SAT and HiGHS (no Django). Every entry point takes a ``seed`` and a
``time_limit``, returns frozen dataclasses with a :class:`Quality` report, and raises
:class:`GroupingError` subclasses carrying a ``code`` and ``params`` for translation.

Entry points for the web apps:

- collegial consultation: :func:`split` (e.g. ``split(people, groups=2, apart=...)``)
- live-event topic groups: :func:`assign`
- pair interviews: :func:`plan_pairs` (one next round given earlier encounters)

See ``docs/background/grouping.md`` for the models and guarantees.
"""

from quartier.engine.grouping.assignment import (
    AssignmentResult,
    Participant,
    TopicGroup,
    assign,
)
from quartier.engine.grouping.errors import (
    Explanation,
    GroupingError,
    Infeasible,
    InvalidInput,
    NoSolutionFound,
)
from quartier.engine.grouping.grid import (
    Conflict,
    GridProblem,
    GridResult,
    GridSession,
    Placement,
    Room,
    explain_infeasibility,
    greedy_grid,
    plan_grid,
    validate_grid,
)
from quartier.engine.grouping.known_results import KnownResult, best_known_rounds
from quartier.engine.grouping.quality import Quality, SolveStatus
from quartier.engine.grouping.rotation import (
    AllMeetAnswer,
    RotationPlan,
    Round,
    all_meet_bounds,
    encounters,
    plan_next_round,
    plan_pairs,
    plan_rotation,
    rounds_until_all_met,
    table_sizes,
)
from quartier.engine.grouping.split import AttributeBalance, Person, SplitResult, split

__all__ = [
    "AllMeetAnswer",
    "AssignmentResult",
    "AttributeBalance",
    "Conflict",
    "Explanation",
    "GridProblem",
    "GridResult",
    "GridSession",
    "GroupingError",
    "Infeasible",
    "InvalidInput",
    "KnownResult",
    "NoSolutionFound",
    "Participant",
    "Person",
    "Placement",
    "Quality",
    "Room",
    "RotationPlan",
    "Round",
    "SolveStatus",
    "SplitResult",
    "TopicGroup",
    "all_meet_bounds",
    "assign",
    "best_known_rounds",
    "encounters",
    "explain_infeasibility",
    "greedy_grid",
    "plan_grid",
    "plan_next_round",
    "plan_pairs",
    "plan_rotation",
    "rounds_until_all_met",
    "split",
    "table_sizes",
    "validate_grid",
]
