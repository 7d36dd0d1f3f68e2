"""Rotations: several rounds of tables (or pairs) so that people meet new people.

A plan is a list of rounds; a round partitions the participants into tables. Two
objectives share one local search:

- *fewest repeats* for a fixed number of rounds: minimize the sum over pairs of
  ``c * (c - 1) / 2`` where ``c`` counts their meetings (0 for pairs meeting at most once;
  a third meeting costs more than a second). We report ``repeats`` = sum of ``max(0, c-1)``.
- *everyone meets everyone*: minimize the number of pairs that never meet.

Modules: ``plan`` (rounds and statistics), ``bounds`` (table sizes, lower bounds),
``constructions`` (exact designs), ``search`` (local search) and ``planner`` (entry points).
"""

from quartier.engine.grouping.rotation.bounds import all_meet_bounds, table_sizes
from quartier.engine.grouping.rotation.plan import (
    AllMeetAnswer,
    RotationPlan,
    Round,
    encounters,
    summarize,
)
from quartier.engine.grouping.rotation.planner import (
    plan_next_round,
    plan_pairs,
    plan_rotation,
    rounds_until_all_met,
)

__all__ = [
    "AllMeetAnswer",
    "RotationPlan",
    "Round",
    "all_meet_bounds",
    "encounters",
    "plan_next_round",
    "plan_pairs",
    "plan_rotation",
    "rounds_until_all_met",
    "summarize",
    "table_sizes",
]
