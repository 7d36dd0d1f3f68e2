"""Re-check a published draw from its audit record and the original input files.

Anyone holding the pool, the quotas and the audit record can confirm, without running
any solver, that (1) these are the inputs that were used (input hash), (2) the recorded
optimal distribution consists of feasible panels and gives exactly the recorded
probabilities, (3) each LEXIMIN level's certificate proves its value optimal up to the
recorded gap (:mod:`certificate`), (4) the ``m`` published panels all meet the quotas,
realise the recorded lottery probabilities and stay within the recorded deviation, and
(5) the chosen panel is the one the public seed (optionally: the announced seed) points
to. Records without a stored distribution (format 1) are checked by re-running.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from quartier.engine.i18n import Translator
from quartier.engine.sortition.audit import AuditRecord, input_hash
from quartier.engine.sortition.certificate import Issue, check_levels
from quartier.engine.sortition.draw import draw_index
from quartier.engine.sortition.errors import SortitionError
from quartier.engine.sortition.messages import describe, say
from quartier.engine.sortition.model import SelectionProblem
from quartier.engine.sortition.pool_index import PoolIndex
from quartier.engine.sortition.selection import find_distribution

PROBABILITY_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Verification:
    """``ok`` is true only when every check passed; ``issues`` say what failed."""

    ok: bool
    issues: tuple[Issue, ...]
    checks: tuple[str, ...]
    passed: tuple[Issue, ...] = ()  # the checks with codes and params, for translation

    def message(self, translator: Translator | None = None) -> str:
        """The outcome in English, or in the translator's language."""
        if translator is None:
            if self.ok:
                return "The draw is confirmed: " + "; ".join(self.checks) + "."
            return "The draw could NOT be confirmed:\n" + "\n".join(
                f"  - {issue.message}" for issue in self.issues
            )
        if self.ok:
            checks = "; ".join(
                describe(c.code, c.params, c.message, translator) for c in self.passed
            )
            return say("verify_confirmed", translator, checks=checks)
        return "\n".join(
            [say("verify_failed", translator)]
            + [f"  - {describe(i.code, i.params, i.message, translator)}" for i in self.issues]
        )


def verify(
    audit: AuditRecord, problem: SelectionProblem, *, seed: str | None = None
) -> Verification:
    """Check a record against the inputs; never trusts a number in the record.

    ``seed`` is the publicly announced seed: the record must have used exactly it.
    """
    issues: list[Issue] = []
    checks: list[Issue] = []
    people = PoolIndex(problem)
    m = int(audit.parameters.get("panels", len(audit.panels)))
    if input_hash(problem, audit.algorithm, m) != audit.input_hash:
        issues.append(
            Issue(
                "input_hash_mismatch",
                "the pool, quotas or parameters differ from those recorded (input hash mismatch)",
            )
        )
    else:
        checks.append(Issue("check_inputs", "inputs match the recorded hash"))
    _check_seed(audit, m, seed, issues, checks)
    lottery = _check_lottery(audit, people, m, issues, checks)
    if audit.distribution:
        exact = _check_distribution(audit, people, issues, checks)
        if exact is not None and lottery is not None:
            _check_deviation(audit, people, exact, lottery, issues, checks)
        if exact is not None and audit.algorithm in ("leximin", "maximin"):
            check_levels(audit, people, exact, issues, checks)
        elif audit.algorithm == "nash":
            checks.append(
                Issue("check_nash", "NASH: the record makes no certified optimality claim")
            )
        elif audit.algorithm == "legacy":
            checks.append(
                Issue("check_legacy", "LEGACY: no optimality claim (greedy draw, for comparison)")
            )
    else:
        _rerun_checks(audit, problem, issues, checks)
    return Verification(
        ok=not issues,
        issues=tuple(issues),
        checks=tuple(c.message for c in checks),
        passed=tuple(checks),
    )


def _check_seed(
    audit: AuditRecord, m: int, seed: str | None, issues: list[Issue], checks: list[Issue]
) -> None:
    if seed is not None and seed != audit.seed:
        issues.append(
            Issue(
                "seed_not_announced",
                f"the draw used seed {audit.seed!r}, not the announced seed {seed!r}",
                {"announced": seed, "recorded": audit.seed},
            )
        )
    elif seed is not None:
        checks.append(
            Issue(
                "check_announced_seed", f"the draw used the announced seed {seed!r}", {"seed": seed}
            )
        )
    if len(audit.panels) != m:
        issues.append(
            Issue(
                "panel_count",
                f"the record lists {len(audit.panels)} panels, not {m}",
                {"found": len(audit.panels), "expected": m},
            )
        )
    if audit.panels != sorted(audit.panels) or any(p != sorted(p) for p in audit.panels):
        issues.append(Issue("panel_order", "the panels are not in their canonical sorted order"))
    if m < 1:
        return
    index = draw_index(audit.seed, m)
    if index != audit.chosen_index:
        issues.append(
            Issue(
                "wrong_index",
                f"seed {audit.seed!r} selects panel {index}, not {audit.chosen_index}",
                {"seed": audit.seed, "index": index, "recorded": audit.chosen_index},
            )
        )
    if index >= len(audit.panels) or audit.panels[index] != audit.chosen_panel:
        issues.append(
            Issue("chosen_panel_mismatch", "the chosen panel is not the panel the seed selects")
        )
    else:
        checks.append(
            Issue(
                "check_seed",
                f"seed {audit.seed!r} selects panel {index}",
                {"seed": audit.seed, "index": index},
            )
        )


def _check_lottery(
    audit: AuditRecord, people: PoolIndex, m: int, issues: list[Issue], checks: list[Issue]
) -> np.ndarray | None:
    """Feasibility of all m panels and the recount; returns the lottery probabilities."""
    matrix = people.rows(audit.panels)
    if matrix is None:
        issues.append(Issue("unknown_person", "a published panel names a person not in the pool"))
        return None
    bad = people.panel_problems(matrix)
    for row, reason in bad[:3]:
        issues.append(Issue("panel_infeasible", f"panel {row} {reason}", {"panel": row}))
    if not bad:
        checks.append(
            Issue(
                "check_panels",
                f"all {len(audit.panels)} panels meet the quotas and rules",
                {"panels": len(audit.panels)},
            )
        )
    frequency = matrix.sum(axis=0) / max(m, 1)
    recorded = np.array([audit.lottery_probabilities.get(pid, -1.0) for pid in people.ids])
    wrong = np.flatnonzero(np.abs(frequency - recorded) > 1e-12)
    if len(wrong):
        pid = people.ids[int(wrong[0])]
        issues.append(
            Issue(
                "lottery_probability_mismatch",
                f"person {pid!r} is on {int(matrix[:, wrong[0]].sum())} of {m} panels, "
                f"but the record says probability {audit.lottery_probabilities.get(pid)}",
                {
                    "person": pid,
                    "count": int(matrix[:, wrong[0]].sum()),
                    "panels": m,
                    "recorded": audit.lottery_probabilities.get(pid),
                },
            )
        )
    else:
        checks.append(Issue("check_recount", "lottery probabilities recounted"))
    return np.asarray(frequency)


def _check_distribution(
    audit: AuditRecord, people: PoolIndex, issues: list[Issue], checks: list[Issue]
) -> np.ndarray | None:
    """The optimal distribution: types, feasible type panels, weights, probabilities."""
    record = audit.distribution
    n = len(people.ids)
    type_of = np.full(n, -1, dtype=np.int64)
    types = record.get("types", [])
    sizes = np.array([len(members) for members in types], dtype=np.int64)
    for t, members in enumerate(types):
        columns = [people.index.get(pid, -1) for pid in members]
        if -1 in columns or np.any(type_of[columns] >= 0) or not columns:
            issues.append(Issue("bad_types", f"type {t} names unknown or repeated people"))
            return None
        type_of[columns] = t
        same = people.quota[columns]
        shared = people.home[columns] >= 0
        forced = people.included[columns]
        if np.any(same != same[0]) or (len(columns) > 1 and (shared.any() or forced.any())):
            issues.append(Issue("bad_types", f"the people of type {t} are not interchangeable"))
            return None
    active = ~people.excluded
    if np.any(type_of[active] < 0) or np.any(type_of[~active] >= 0):
        issues.append(Issue("bad_types", "the types do not cover exactly the people not excluded"))
        return None
    panels = record.get("panels", [])
    weights = np.array([float(p["weight"]) for p in panels])
    seats = np.zeros((len(panels), len(types)), dtype=np.int64)
    for r, panel in enumerate(panels):
        for t, x in panel["seats"]:
            seats[r, int(t)] = int(x)
    if np.any(weights < 0) or abs(weights.sum() - 1.0) > 1e-9:
        issues.append(Issue("bad_weights", "the distribution's weights are not a probability"))
        return None
    if np.any(seats < 0) or np.any(seats > sizes[None, :]):
        issues.append(Issue("panel_infeasible", "a panel of the distribution overfills a type"))
        return None
    representative = np.array([int(np.flatnonzero(type_of == t)[0]) for t in range(len(types))])
    person_matrix = np.zeros((len(panels), n), dtype=np.int64)
    person_matrix[:, representative] = seats  # only counts matter for quota and size rows
    bad = people.panel_problems(person_matrix, distinct=False)
    for row, reason in bad[:3]:
        issues.append(
            Issue(
                "panel_infeasible",
                f"panel {row} of the distribution {reason}",
                {"panel": row, "distribution": True},
            )
        )
    if bad:
        return None
    type_probability = (weights @ seats) / np.maximum(sizes, 1)
    exact = np.zeros(n)
    exact[active] = type_probability[type_of[active]]
    recorded = np.array([audit.probabilities.get(pid, -1.0) for pid in people.ids])
    wrong = np.flatnonzero(np.abs(exact - recorded) > PROBABILITY_TOLERANCE * 1e-3)
    if len(wrong):
        pid = people.ids[int(wrong[0])]
        issues.append(
            Issue(
                "probability_mismatch",
                f"person {pid!r} has selection probability {exact[wrong[0]]:.9f} under the "
                f"recorded distribution, the record says {audit.probabilities.get(pid)}",
                {"person": pid, "expected": float(exact[wrong[0]]), "recorded": recorded[wrong[0]]},
            )
        )
        return None
    # only a finished LEXIMIN/MAXIMIN run has an optimality claim to speak of
    optimal = audit.algorithm in ("leximin", "maximin") and not audit.time_limited
    checks.append(
        Issue(
            "check_distribution" if optimal else "check_distribution_recorded",
            f"the {'optimal' if optimal else 'recorded'} distribution ({len(panels)} feasible "
            "panels) gives the recorded probabilities",
            {"panels": len(panels)},
        )
    )
    minimum = float(exact[active].min()) if active.any() else 0.0
    if abs(minimum - audit.min_probability) > 1e-12:
        issues.append(Issue("min_probability_mismatch", "min_probability is not the minimum"))
    return exact


def _check_deviation(
    audit: AuditRecord,
    people: PoolIndex,
    exact: np.ndarray,
    lottery: np.ndarray,
    issues: list[Issue],
    checks: list[Issue],
) -> None:
    deviation = float(np.abs(lottery - exact).max(initial=0.0))
    if abs(deviation - audit.max_deviation) > 1e-12:
        issues.append(
            Issue(
                "max_deviation_mismatch",
                f"the largest deviation is {deviation:.6f}, the record says {audit.max_deviation}",
                {"found": f"{deviation:.6f}", "recorded": audit.max_deviation},
            )
        )
    active = ~people.excluded
    if active.any() and audit.min_shortfall is not None:
        shortfall = max(0.0, float(exact[active].min() - lottery[active].min()))
        if abs(shortfall - audit.min_shortfall) > 1e-12:
            issues.append(Issue("min_shortfall_mismatch", "min_shortfall is not what it says"))
    m = max(1, len(audit.panels))
    bound = (audit.parameters.get("panel_size", 0) + 2) / m
    if audit.guaranteed_deviation is not None and (
        abs(audit.guaranteed_deviation - bound) > 1e-12 or deviation > bound + 1e-12
    ):
        issues.append(Issue("bound_violated", "the lottery breaks its guaranteed deviation bound"))
    if not issues or issues[-1].code not in {"max_deviation_mismatch", "bound_violated"}:
        checks.append(
            Issue(
                "check_deviation",
                f"lottery within {deviation * m:.2f}/m of the exact probabilities",
                {"deviation": f"{deviation * m:.2f}"},
            )
        )


def _rerun_checks(
    audit: AuditRecord, problem: SelectionProblem, issues: list[Issue], checks: list[Issue]
) -> None:
    """Format-1 records carry no distribution: re-run the optimisation and compare."""
    try:
        distribution = find_distribution(problem, audit.algorithm)
    except SortitionError as error:
        issues.append(
            Issue(
                "rerun_failed",
                f"re-running the selection failed: {error.message}",
                {"detail": error.message},
            )
        )
        return
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
            return
    checks.append(Issue("check_rerun", "selection probabilities reproduced by a fresh run"))
