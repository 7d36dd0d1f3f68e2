"""Explain infeasible quotas in words and propose the smallest relaxation.

Organisers need to know *which* numbers clash and what to change. Simple counting
arguments catch most mistakes (minimums adding up to more than the panel, too few
people with a value, households); an ILP then finds the quota change with the smallest
total number of seats moved that admits a panel, within the flexible bounds
``min_flex``/``max_flex`` when the quota file gives them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import highspy
import numpy as np

from quartier.engine.i18n import Translator
from quartier.engine.sortition.errors import SortitionError
from quartier.engine.sortition.messages import describe, say
from quartier.engine.sortition.model import Quota, SelectionProblem
from quartier.engine.sortition.panel_polytope import INF, quiet_highs
from quartier.engine.sortition.person_types import build_types


@dataclass(frozen=True)
class Conflict:
    """One reason why no panel exists, as code + params + English sentence."""

    code: str
    message: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class QuotaChange:
    category: str
    value: str
    old_min: int
    old_max: int
    new_min: int
    new_max: int

    def describe(self) -> str:
        parts = []
        if self.new_min != self.old_min:
            parts.append(
                f"lower the minimum of {self.category}={self.value} "
                f"from {self.old_min} to {self.new_min}"
            )
        if self.new_max != self.old_max:
            parts.append(
                f"raise the maximum of {self.category}={self.value} "
                f"from {self.old_max} to {self.new_max}"
            )
        return " and ".join(parts)

    def sentences(self, translator: Translator) -> list[str]:
        """One translated instruction per bound that moves."""
        params = self.__dict__
        out = []
        if self.new_min != self.old_min:
            out.append(say("lower_minimum", translator, **params))
        if self.new_max != self.old_max:
            out.append(say("raise_maximum", translator, **params))
        return out


@dataclass(frozen=True)
class Relaxation:
    """The cheapest quota change (total seats moved) that makes a panel possible."""

    changes: tuple[QuotaChange, ...]
    total_change: int
    quotas: tuple[Quota, ...]


@dataclass(frozen=True)
class Infeasibility:
    conflicts: tuple[Conflict, ...]
    relaxation: Relaxation | None

    def message(self, translator: Translator | None = None) -> str:
        """The explanation in English, or in the translator's language."""
        if translator is not None:
            return self._translated(translator)
        lines = ["The quotas cannot be met:"]
        lines += [f"  - {c.message}" for c in self.conflicts]
        if self.relaxation is None:
            lines.append("No change of the quotas alone (within their flexible bounds) helps.")
        else:
            lines.append(
                f"Smallest relaxation that makes a selection possible "
                f"(total change {self.relaxation.total_change}):"
            )
            lines += [f"  - {change.describe()}" for change in self.relaxation.changes]
        return "\n".join(lines)

    def _translated(self, translator: Translator) -> str:
        lines = [say("infeasible_head", translator)]
        lines += [
            f"  - {describe(c.code, c.params, c.message, translator)}" for c in self.conflicts
        ]
        if self.relaxation is None:
            lines.append(say("no_relaxation", translator))
            return "\n".join(lines)
        lines.append(say("relaxation_head", translator, total=self.relaxation.total_change))
        for change in self.relaxation.changes:
            lines += [f"  - {text}" for text in change.sentences(translator)]
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        return {
            "conflicts": [
                {"code": c.code, "message": c.message, "params": c.params} for c in self.conflicts
            ],
            "relaxation": None
            if self.relaxation is None
            else {
                "total_change": self.relaxation.total_change,
                "changes": [change.__dict__ for change in self.relaxation.changes],
            },
        }


class InfeasibleQuotasError(SortitionError):
    """Raised by selection when no panel meets the quotas; carries the explanation."""

    def __init__(self, infeasibility: Infeasibility) -> None:
        super().__init__("infeasible_quotas", infeasibility.message(), **infeasibility.as_dict())
        self.infeasibility = infeasibility


def _households(problem: SelectionProblem, ids: list[str]) -> int:
    """How many people of ``ids`` can sit together if only one per household may."""
    by_id = {p.id: p for p in problem.people}
    keys = {problem.household_of(by_id[i]) or f"\0{i}" for i in ids}
    return len(keys)


def find_conflicts(problem: SelectionProblem) -> list[Conflict]:
    """Counting arguments that each prove infeasibility on their own."""
    k = problem.panel_size
    people = problem.active_people()
    ids = [p.id for p in people]
    out: list[Conflict] = []
    if len(people) < k:
        out.append(
            Conflict(
                "pool_too_small",
                f"the pool has only {len(people)} people who can be selected "
                f"but the panel has {k} seats",
                {"people": len(people), "panel_size": k},
            )
        )
    elif problem.household_column and _households(problem, ids) < k:
        out.append(
            Conflict(
                "too_few_households",
                f"the {len(people)} people in the pool live in only "
                f"{_households(problem, ids)} households, but the panel has {k} seats "
                "and at most one person per household may be selected",
                {"people": len(people), "households": _households(problem, ids), "panel_size": k},
            )
        )
    if len(problem.include) > k:
        out.append(
            Conflict(
                "too_many_included",
                f"{len(problem.include)} people must be included but the panel has {k} seats",
                {"included": len(problem.include), "panel_size": k},
            )
        )
    if problem.household_column:
        by_id = {p.id: p for p in problem.people}
        forced = Counter(
            problem.household_of(by_id[i])
            for i in problem.include
            if problem.household_of(by_id[i])
        )
        for household, count in sorted(forced.items(), key=lambda kv: str(kv[0])):
            if count > 1:
                out.append(
                    Conflict(
                        "included_same_household",
                        f"{count} people who must be included share the household '{household}'",
                        {"household": household, "count": count},
                    )
                )
    for category in problem.categories:
        quotas = [q for q in problem.quotas if q.category == category]
        mins = sum(q.min for q in quotas)
        if mins > k:
            out.append(
                Conflict(
                    "minimums_exceed_panel",
                    f"the minimums of category '{category}' add up to {mins} "
                    f"but the panel has {k} seats",
                    {"category": category, "sum": mins, "panel_size": k},
                )
            )
        available = Counter(p.features[category] for p in people)
        reachable = sum(min(q.max, available[q.value]) for q in quotas)
        maxs = sum(q.max for q in quotas)
        if maxs < k:
            out.append(
                Conflict(
                    "maximums_below_panel",
                    f"the maximums of category '{category}' add up to {maxs} "
                    f"but the panel has {k} seats",
                    {"category": category, "sum": maxs, "panel_size": k},
                )
            )
        elif reachable < k and len(people) >= k:
            out.append(
                Conflict(
                    "category_cannot_fill_panel",
                    f"in category '{category}', the maximums limited by who is in the pool "
                    f"allow only {reachable} seats but the panel has {k}",
                    {"category": category, "sum": reachable, "panel_size": k},
                )
            )
        for q in quotas:
            with_value = [p.id for p in people if p.features[category] == q.value]
            if len(with_value) < q.min:
                out.append(
                    Conflict(
                        "too_few_people",
                        f"only {len(with_value)} people have {category}={q.value} "
                        f"but the minimum is {q.min}",
                        {
                            "category": category,
                            "value": q.value,
                            "people": len(with_value),
                            "min": q.min,
                        },
                    )
                )
            elif problem.household_column and _households(problem, with_value) < q.min:
                homes = _households(problem, with_value)
                out.append(
                    Conflict(
                        "too_few_households_for_value",
                        f"the {len(with_value)} people with {category}={q.value} live in only "
                        f"{homes} households, but the minimum is {q.min} and at most one "
                        "person per household may be selected",
                        {
                            "category": category,
                            "value": q.value,
                            "people": len(with_value),
                            "households": homes,
                            "min": q.min,
                        },
                    )
                )
            included = sum(
                1 for p in people if p.id in problem.include and p.features[category] == q.value
            )
            if included > q.max:
                out.append(
                    Conflict(
                        "included_exceed_maximum",
                        f"{included} people who must be included have {category}={q.value} "
                        f"but the maximum is {q.max}",
                        {
                            "category": category,
                            "value": q.value,
                            "included": included,
                            "max": q.max,
                        },
                    )
                )
    return out


def propose_relaxation(problem: SelectionProblem) -> Relaxation | None:
    """ILP: minimise sum of (min decrease + max increase) subject to a panel existing."""
    pool = build_types(problem)
    k = problem.panel_size
    h = quiet_highs()
    n = pool.count
    h.addVars(n, pool.lower.astype(float), pool.sizes.astype(float))
    nq = len(problem.quotas)
    down_ub = [float(q.min - max(0, min(q.min, q.min_flex or 0))) for q in problem.quotas]
    up_ub = [
        float(max(0, (q.max_flex if q.max_flex is not None else max(k, q.max)) - q.max))
        for q in problem.quotas
    ]
    h.addVars(nq, np.zeros(nq), np.array(down_ub))  # columns n .. n+nq-1: min decrease
    h.addVars(nq, np.zeros(nq), np.array(up_ub))  # columns n+nq .. : max increase
    total = n + 2 * nq
    h.changeColsIntegrality(
        total, np.arange(total, dtype=np.int32), np.full(total, highspy.HighsVarType.kInteger)
    )
    h.changeColsCost(2 * nq, np.arange(n, total, dtype=np.int32), np.ones(2 * nq))
    h.addRow(float(k), float(k), n, np.arange(n, dtype=np.int32), np.ones(n))
    for j, (members, q) in enumerate(zip(pool.quota_members, problem.quotas, strict=True)):
        idx = np.concatenate((members, [n + j])).astype(np.int32)
        h.addRow(float(q.min), INF, len(idx), idx, np.ones(len(idx)))
        idx = np.concatenate((members, [n + nq + j])).astype(np.int32)
        h.addRow(-INF, float(q.max), len(idx), idx, np.concatenate((np.ones(len(members)), [-1.0])))
    for members in pool.households:
        h.addRow(-INF, 1.0, len(members), members, np.ones(len(members)))
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    col = np.rint(np.array(h.getSolution().col_value)).astype(np.int64)
    changes = []
    relaxed = []
    for j, q in enumerate(problem.quotas):
        down, up = int(col[n + j]), int(col[n + nq + j])
        new = Quota(q.category, q.value, q.min - down, q.max + up, q.min_flex, q.max_flex)
        relaxed.append(new)
        if down or up:
            changes.append(QuotaChange(q.category, q.value, q.min, q.max, new.min, new.max))
    return Relaxation(
        changes=tuple(changes),
        total_change=int(sum(c.old_min - c.new_min + c.new_max - c.old_max for c in changes)),
        quotas=tuple(relaxed),
    )


def explain_infeasibility(problem: SelectionProblem) -> Infeasibility:
    """Why no panel exists, in words, plus the smallest relaxation (or ``None``)."""
    conflicts = find_conflicts(problem)
    relaxation = propose_relaxation(problem)
    if not conflicts:
        params: dict[str, Any] = {}
        if relaxation is not None and relaxation.changes:
            named = ", ".join(f"{c.category}={c.value}" for c in relaxation.changes)
            params["named"] = named
            text = (
                "no single quota is impossible on its own, but the quotas of different "
                f"categories cannot all be met at once (they clash around {named})"
            )
        else:
            text = "the quotas of different categories cannot all be met at once"
        conflicts.append(Conflict("quotas_interact", text, params))
    return Infeasibility(conflicts=tuple(conflicts), relaxation=relaxation)
