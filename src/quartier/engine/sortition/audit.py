"""The audit record: everything needed to re-check a draw, as a dataclass and JSON.

The input hash pins down exactly which pool, quotas and parameters were used: it is the
SHA-256 of a canonical JSON (sorted keys, people sorted by id, only the columns that
matter for the selection), so re-saving a spreadsheet with other columns or another
order does not change it, while any changed value, quota or parameter does.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from quartier import __version__
from quartier.engine.sortition.model import SelectionProblem

AUDIT_FORMAT = 2


def canonical_inputs(problem: SelectionProblem, algorithm: str, panels: int) -> dict[str, Any]:
    """The JSON-able form of everything that determines the lottery."""
    categories = sorted(problem.categories)
    people = sorted(
        (
            [
                p.id,
                [p.features.get(c, "") for c in categories],
                problem.household_of(p),
            ]
            for p in problem.people
        ),
        key=lambda row: str(row[0]),
    )
    quotas = sorted(
        [q.category, q.value, q.min, q.max, q.min_flex, q.max_flex] for q in problem.quotas
    )
    return {
        "categories": categories,
        "people": people,
        "quotas": quotas,
        "panel_size": problem.panel_size,
        "household_column": problem.household_column,
        "include": sorted(problem.include),
        "exclude": sorted(problem.exclude),
        "algorithm": algorithm,
        "panels": panels,
    }


def input_hash(problem: SelectionProblem, algorithm: str, panels: int) -> str:
    """SHA-256 hex digest of :func:`canonical_inputs`."""
    text = json.dumps(
        canonical_inputs(problem, algorithm, panels),
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class AuditRecord:
    """One run of the lottery, complete enough for :func:`verify` to redo it."""

    input_hash: str
    algorithm: str
    parameters: dict[str, Any]
    seed: str
    probabilities: dict[str, float]
    lottery_probabilities: dict[str, float]
    max_deviation: float
    panels: list[list[str]]
    chosen_index: int
    chosen_panel: list[str]
    min_probability: float
    gap: float
    runtime_s: float
    created_at: str
    software: str = "quartier"
    software_version: str = __version__
    format: int = AUDIT_FORMAT
    notes: list[str] = field(default_factory=list)
    # Format 2: what `verify` needs to check optimality without re-solving.
    # distribution = {"types": [[ids]], "panels": [{"weight": q, "seats": [[type, count]]}]}
    distribution: dict[str, Any] = field(default_factory=dict)
    certificates: list[dict[str, Any]] = field(default_factory=list)
    guaranteed_deviation: float | None = None
    min_shortfall: float | None = None
    time_limited: bool = False
    rounding_time_capped: bool = False

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> AuditRecord:
        data = json.loads(text)
        known = set(cls.__dataclass_fields__)
        return cls(**{key: value for key, value in data.items() if key in known})

    def save(self, path: Path) -> None:
        path.write_text(self.to_json() + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> AuditRecord:
        return cls.from_json(path.read_text(encoding="utf-8"))
