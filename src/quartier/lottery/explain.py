"""The engine's infeasibility explanation in the organizer's language.

The engine returns conflict codes with parameters and the smallest quota relaxation;
here each becomes a sentence from the engine's catalogue (``quartier/engine/locale``, in
``LOCALE_PATHS``) with category and value labels as people read them ("Altersgruppe:
16-24" rather than ``age_band=16-24``).
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.text import capfirst

from quartier.engine.sortition.messages import describe, say
from quartier.lottery.categories import value_label
from quartier.lottery.models import CATEGORY_LABELS, Lottery


def _sentence(text: str) -> str:
    """Engine sentences are clauses ("only 2 people have ..."); the page shows sentences."""
    text = capfirst(text) or ""
    return text if text.endswith((".", ":", "?", "!")) else text + "."


def _labels(lottery: Lottery, params: dict[str, Any]) -> dict[str, Any]:
    out = dict(params)
    category = str(params.get("category", ""))
    if category:
        out["category"] = str(CATEGORY_LABELS.get(category, category))
        if "value" in params:
            out["value"] = value_label(lottery, category, str(params["value"]))
    return out


def explain(lottery: Lottery, infeasibility: dict[str, Any]) -> dict[str, Any]:
    """Sentences for the conflicts and the proposed changes, ready for the template.

    The sentences come from the engine's catalogue (the same German text the CLI
    prints), filled with the category and value labels organizers know.
    """
    if "error" in infeasibility:
        error = infeasibility["error"]
        text = describe(
            str(error.get("code", "")),
            error.get("params") or {},
            str(error.get("message", "")),
            translation,
        )
        return {"conflicts": [_sentence(text)], "changes": [], "can_relax": False}
    conflicts = []
    for conflict in infeasibility.get("conflicts", []):
        params = _labels(lottery, conflict.get("params", {}))
        text = describe(conflict["code"], params, conflict.get("message", ""), translation)
        conflicts.append(_sentence(text))
    changes = []
    relaxation = infeasibility.get("relaxation") or {}
    for change in relaxation.get("changes", []):
        params = _labels(lottery, change)
        if change["new_min"] != change["old_min"]:
            changes.append(_sentence(say("lower_minimum", translation, **params)))
        if change["new_max"] != change["old_max"]:
            changes.append(_sentence(say("raise_maximum", translation, **params)))
    return {
        "conflicts": conflicts,
        "changes": changes,
        "can_relax": bool(infeasibility.get("quotas")),
    }
