"""What a meeting format is, as data.

A format (small-group conversation, collegial consultation, open assembly, ...) is
described by a manifest: its phases with guidance and tools, its roles, its settings
and its templates. Core code reads manifests and never branches on a format's key, so
a new format is added by registering a manifest, not by editing core code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

Text = str | Promise  # plain or lazily translated text


class Tool:
    """The tools a phase can switch on; screens show the tools of the current phase."""

    NOTES = "notes"
    TIMER = "timer"
    WALL = "wall"
    VOTE = "vote"
    SPLIT = "split"
    PAIRS = "pairs"
    GROUPS = "groups"
    JOIN = "join"
    CASES = "cases"
    CONCERNS = "concerns"
    TASKS = "tasks"
    AGENDA = "agenda"
    DECISIONS = "decisions"
    ATTENDANCE = "attendance"

    ALL = frozenset(
        {NOTES, TIMER, WALL, VOTE, SPLIT, PAIRS, GROUPS, JOIN, CASES, CONCERNS, TASKS, AGENDA, DECISIONS, ATTENDANCE}
    )


@dataclass(frozen=True)
class PhaseSpec:
    key: str
    title: Text
    guidance: Text
    default_minutes: int
    tools: tuple[str, ...] = (Tool.NOTES, Tool.TIMER)

    def __post_init__(self) -> None:
        unknown = set(self.tools) - Tool.ALL
        if unknown:
            raise ValueError(f"phase {self.key!r} uses unknown tools: {sorted(unknown)}")
        if self.default_minutes < 0:
            raise ValueError(f"phase {self.key!r} has a negative duration")


@dataclass(frozen=True)
class RoleSpec:
    key: str
    title: Text
    description: Text = ""


@dataclass(frozen=True)
class SettingSpec:
    """A per-meeting setting; ``kind`` is one of int, bool, choice, text."""

    key: str
    label: Text
    kind: str
    default: Any
    help_text: Text = ""
    choices: tuple[tuple[str, Text], ...] = ()
    minimum: int | None = None
    maximum: int | None = None


@dataclass(frozen=True)
class FormatManifest:
    key: str
    title: Text
    description: Text
    kind: str  # "meeting" (run by a moderator with a small group) or "event" (a hall with a live wall)
    phases: tuple[PhaseSpec, ...]
    roles: tuple[RoleSpec, ...] = ()
    settings: tuple[SettingSpec, ...] = ()
    templates: dict[str, str] = field(default_factory=dict)
    recommended_participants: tuple[int, int] | None = None
    confidential: bool = False  # content visible only to the people in the room, never exported
    source: Text = ""  # the practice this format comes from

    def __post_init__(self) -> None:
        keys = [phase.key for phase in self.phases]
        if len(keys) != len(set(keys)):
            raise ValueError(f"format {self.key!r} has duplicate phase keys")
        if not self.phases:
            raise ValueError(f"format {self.key!r} needs at least one phase")

    def phase(self, key: str) -> PhaseSpec:
        for phase in self.phases:
            if phase.key == key:
                return phase
        raise KeyError(key)

    def default_settings(self) -> dict[str, Any]:
        return {setting.key: setting.default for setting in self.settings}

    @property
    def total_minutes(self) -> int:
        return sum(phase.default_minutes for phase in self.phases)
