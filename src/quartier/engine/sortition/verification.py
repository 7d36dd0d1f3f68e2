"""Re-check a published draw from its audit record and the original input files.

Anyone holding the pool, the quotas and the audit record can confirm that (1) these are
the inputs that were used (input hash), (2) the probabilities are what the algorithm
computes for them, (3) the ``m`` published panels are exactly the ones a fresh run
produces, all meet the quotas and realise the recorded probabilities, and (4) the chosen
panel is the one the public seed points to.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from quartier import __version__
from quartier.engine.sortition.audit import AuditRecord, input_hash
from quartier.engine.sortition.draw import draw_index
from quartier.engine.sortition.errors import SortitionError
from quartier.engine.sortition.model import SelectionProblem
from quartier.engine.sortition.rounding import round_to_lottery
from quartier.engine.sortition.selection import find_distribution

PROBABILITY_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Issue:
    code: str
    message: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Verification:
    """``ok`` is true only when every check passed; ``issues`` say what failed."""

    ok: bool
    issues: tuple[Issue, ...]
    checks: tuple[str, ...]

    def message(self) -> str:
        if self.ok:
            return "The draw is confirmed: " + "; ".join(self.checks) + "."
        return "The draw could NOT be confirmed:\n" + "\n".join(
            f"  - {issue.message}" for issue in self.issues
        )


def _panel_issues(problem: SelectionProblem, panel: list[str], where: str) -> list[Issue]:
    by_id = {p.id: p for p in problem.people}
    issues: list[Issue] = []
    unknown = [i for i in panel if i not in by_id]
    if unknown:
        return [Issue("unknown_person", f"{where} names unknown person {unknown[0]!r}")]
    if len(set(panel)) != len(panel) or len(panel) != problem.panel_size:
        issues.append(Issue("wrong_size", f"{where} does not have {problem.panel_size} people"))
    for q in problem.quotas:
        count = sum(1 for i in panel if by_id[i].features.get(q.category) == q.value)
        if not q.min <= count <= q.max:
            issues.append(
                Issue(
                    "quota_violated",
                    f"{where} has {count} people with {q.category}={q.value}, "
                    f"outside [{q.min}, {q.max}]",
                )
            )
    homes = Counter(problem.household_of(by_id[i]) for i in panel)
    homes.pop(None, None)
    if any(c > 1 for c in homes.values()):
        issues.append(Issue("household_violated", f"{where} has two people from one household"))
    if any(i in problem.exclude for i in panel) or not problem.include <= set(panel):
        issues.append(Issue("include_exclude_violated", f"{where} breaks the include/exclude rule"))
    return issues


def verify(audit: AuditRecord, problem: SelectionProblem) -> Verification:
    """Redo the draw and compare with the record; never trusts a number in the record."""
    issues: list[Issue] = []
    checks: list[str] = []
    algorithm = audit.algorithm
    m = int(audit.parameters.get("panels", len(audit.panels)))
    if input_hash(problem, algorithm, m) != audit.input_hash:
        issues.append(
            Issue(
                "input_hash_mismatch",
                "the pool, quotas or parameters differ from those recorded (input hash mismatch)",
            )
        )
    else:
        checks.append("inputs match the recorded hash")
    if len(audit.panels) != m:
        issues.append(Issue("panel_count", f"the record lists {len(audit.panels)} panels, not {m}"))
    if audit.panels != sorted(audit.panels):
        issues.append(Issue("panel_order", "the panels are not in their canonical sorted order"))
    if m >= 1:
        index = draw_index(audit.seed, m)
        if index != audit.chosen_index:
            issues.append(
                Issue(
                    "wrong_index",
                    f"seed {audit.seed!r} selects panel {index}, not {audit.chosen_index}",
                )
            )
        if index < len(audit.panels) and audit.panels[index] != audit.chosen_panel:
            issues.append(
                Issue("chosen_panel_mismatch", "the chosen panel is not the panel the seed selects")
            )
        else:
            checks.append(f"seed {audit.seed!r} selects panel {index}")
    for number, panel in enumerate(audit.panels):
        found = _panel_issues(problem, panel, f"panel {number}")
        issues.extend(found[:1])
        if len(issues) > 20:
            break
    seats = Counter(i for panel in audit.panels for i in panel)
    for pid, recorded in audit.lottery_probabilities.items():
        if abs(seats.get(pid, 0) / max(m, 1) - recorded) > 1e-12:
            issues.append(
                Issue(
                    "lottery_probability_mismatch",
                    f"person {pid!r} is on {seats.get(pid, 0)} of {m} panels, "
                    f"but the record says probability {recorded}",
                )
            )
            break
    try:
        distribution = find_distribution(problem, algorithm)
    except SortitionError as error:
        issues.append(Issue("rerun_failed", f"re-running the selection failed: {error.message}"))
        return Verification(ok=False, issues=tuple(issues), checks=tuple(checks))
    if (
        algorithm == "maximin"
        and abs(distribution.min_probability - audit.min_probability) > PROBABILITY_TOLERANCE
    ):
        issues.append(Issue("min_probability_mismatch", "the minimum probability differs"))
    for pid, probability in distribution.probabilities.items():
        stored = audit.probabilities.get(pid)
        if stored is None or abs(stored - probability) > PROBABILITY_TOLERANCE:
            issues.append(
                Issue(
                    "probability_mismatch",
                    f"person {pid!r} has selection probability {probability:.6f} on a fresh run, "
                    f"the record says {stored}",
                    {"person": pid, "expected": probability, "recorded": stored},
                )
            )
            break
    else:
        checks.append("selection probabilities reproduced")
    if abs(min(audit.probabilities.values(), default=0.0) - audit.min_probability) > 1e-12:
        issues.append(Issue("min_probability_mismatch", "min_probability is not the minimum"))
    lottery = round_to_lottery(distribution, m)
    if [list(p) for p in lottery.panels] != audit.panels:
        version = ""
        if audit.software_version != __version__:
            version = (
                f" (recorded with quartier {audit.software_version}, checked with {__version__})"
            )
        issues.append(
            Issue("panels_mismatch", "the published panels differ from a fresh run" + version)
        )
    else:
        checks.append(f"all {m} panels reproduced exactly")
    return Verification(ok=not issues, issues=tuple(issues), checks=tuple(checks))
