"""The engine's infeasibility explanation in the organizer's language.

The engine returns conflict codes with parameters and the smallest quota relaxation;
here each becomes a translated sentence with category and value labels as people read
them ("Altersgruppe 16-24" rather than ``age_band=16-24``).
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quartier.lottery.categories import value_label
from quartier.lottery.models import CATEGORY_LABELS, Lottery

CONFLICTS: dict[str, str | Promise] = {
    "pool_too_small": gettext_lazy(
        "Only %(people)s people registered, but the panel has %(panel_size)s seats."
    ),
    "too_few_households": gettext_lazy(
        "The %(people)s people live in only %(households)s households, but the panel has %(panel_size)s seats and only one person per household may sit on it."
    ),
    "too_many_included": gettext_lazy(
        "%(included)s people must be included, but the panel has %(panel_size)s seats."
    ),
    "included_same_household": gettext_lazy(
        "%(count)s people who must be included live in the same household."
    ),
    "minimums_exceed_panel": gettext_lazy(
        "The minimums for “%(category)s” add up to %(sum)s, but the panel has only %(panel_size)s seats."
    ),
    "maximums_below_panel": gettext_lazy(
        "The maximums for “%(category)s” add up to only %(sum)s, but the panel has %(panel_size)s seats."
    ),
    "category_cannot_fill_panel": gettext_lazy(
        "For “%(category)s”, the maximums together with who registered allow only %(sum)s seats, but the panel has %(panel_size)s."
    ),
    "too_few_people": gettext_lazy(
        "Only %(people)s people registered with “%(category)s: %(value)s”, but the minimum is %(min)s."
    ),
    "too_few_households_for_value": gettext_lazy(
        "The %(people)s people with “%(category)s: %(value)s” live in only %(households)s households, but the minimum is %(min)s."
    ),
    "included_exceed_maximum": gettext_lazy(
        "%(included)s people who must be included have “%(category)s: %(value)s”, but the maximum is %(max)s."
    ),
    "quotas_interact": gettext_lazy(
        "No quota is impossible on its own, but the quotas of different categories cannot all be met at the same time."
    ),
}


def _labels(lottery: Lottery, params: dict[str, Any]) -> dict[str, Any]:
    out = dict(params)
    category = str(params.get("category", ""))
    if category:
        out["category"] = str(CATEGORY_LABELS.get(category, category))
        if "value" in params:
            out["value"] = value_label(lottery, category, str(params["value"]))
    return out


def explain(lottery: Lottery, infeasibility: dict[str, Any]) -> dict[str, Any]:
    """Sentences for the conflicts and the proposed changes, ready for the template."""
    if "error" in infeasibility:
        return {
            "conflicts": [infeasibility["error"].get("message", "")],
            "changes": [],
            "can_relax": False,
        }
    conflicts = []
    for conflict in infeasibility.get("conflicts", []):
        template = CONFLICTS.get(conflict["code"])
        params = _labels(lottery, conflict.get("params", {}))
        conflicts.append(str(template) % params if template else conflict["message"])
    changes = []
    relaxation = infeasibility.get("relaxation") or {}
    for change in relaxation.get("changes", []):
        params = _labels(lottery, change)
        if change["new_min"] != change["old_min"]:
            changes.append(
                _(
                    "Lower the minimum for “%(category)s: %(value)s” from %(old_min)s to %(new_min)s."
                )
                % params
            )
        if change["new_max"] != change["old_max"]:
            changes.append(
                _(
                    "Raise the maximum for “%(category)s: %(value)s” from %(old_max)s to %(new_max)s."
                )
                % params
            )
    return {
        "conflicts": conflicts,
        "changes": changes,
        "can_relax": bool(infeasibility.get("quotas")),
    }
