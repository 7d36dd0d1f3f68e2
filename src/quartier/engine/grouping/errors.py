"""Domain errors of the grouping engine.

Every error carries a stable ``code`` and the ``params`` used in its message, so the web
layer can translate it instead of showing the English text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Explanation:
    """One reason why a problem has no solution, or why a plan breaks a rule.

    ``code`` names the labelled constraint (e.g. ``grid.room_capacity``); ``params`` are the
    values substituted in ``message``.
    """

    code: str
    message: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.message


class GroupingError(Exception):
    """Base class: a problem with the input that the user can fix."""

    def __init__(
        self,
        code: str,
        message: str,
        params: Mapping[str, Any] | None = None,
        explanations: tuple[Explanation, ...] = (),
    ) -> None:
        self.code = code
        self.params: dict[str, Any] = dict(params or {})
        self.explanations = explanations
        self.message = message
        text = message
        if explanations:
            text += "\n" + "\n".join(f"- {item.message}" for item in explanations)
        super().__init__(text)


class InvalidInput(GroupingError):
    """The input contradicts itself (unknown ids, bad bounds, duplicate names...)."""


class Infeasible(GroupingError):
    """The input is consistent but no plan can satisfy all hard constraints.

    ``explanations`` lists the labelled constraints that together cannot be met.
    """


class NoSolutionFound(GroupingError):
    """The solver ran out of time before finding any plan; a longer limit may help."""
