"""Every sentence the sortition engine says, by code, for the CLI and the web alike.

Errors (:class:`errors.SortitionError`), warnings (:class:`errors.InputWarning`),
infeasibility conflicts and verification issues carry a ``code`` and ``params``; this
catalogue turns them into sentences in the reader's language (:mod:`quartier.engine.i18n`).
A code may have several variants: the first whose parameters are all present is used,
and an unknown code falls back to the engine's English ``message``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from quartier.engine.i18n import Text, Translator, choose, gettext_noop, ngettext_lazy, render
from quartier.engine.sortition.report_messages import REPORTS

WHERE_FILE = gettext_noop("%(file)s")
WHERE_LINE = gettext_noop("line %(line)s")
WHERE_COLUMN = gettext_noop("column '%(column)s'")
LOCATED = gettext_noop("%(where)s: %(message)s")

ERRORS: dict[str, tuple[Text, ...]] = {
    # reading files
    "file_not_found": (gettext_noop("file not found"),),
    "empty_file": (gettext_noop("the file is empty"),),
    "bad_xlsx": (gettext_noop("the workbook cannot be opened"),),
    "bad_csv": (gettext_noop("the CSV cannot be read: %(detail)s"),),
    "extra_values": (
        ngettext_lazy(
            "this row has %(values)s values but the header has only %(columns)s column "
            "(the extra value '%(value)s' is in position %(position)s); is a separator or a "
            "quote missing?",
            "this row has %(values)s values but the header has only %(columns)s columns "
            "(the extra value '%(value)s' is in position %(position)s); is a separator or a "
            "quote missing?",
            "columns",
        ),
    ),
    "unclosed_quote": (
        gettext_noop(
            "a quote opened in this cell is never closed, so the rest of the file would be "
            "read as one value"
        ),
    ),
    "bad_quote": (
        gettext_noop(
            "the quoted value that starts here ends on line %(end_line)s with text after its "
            "closing quote; is a quote missing or left open?"
        ),
    ),
    "duplicate_column": (
        gettext_noop("the column '%(value)s' appears twice (positions %(first)s and %(second)s)"),
    ),
    "missing_column": (
        gettext_noop(
            "the quota file needs the columns feature,value,min,max (or "
            "category,feature,min,max); found %(found)s"
        ),
        gettext_noop("the column '%(column)s' is missing"),
    ),
    "missing_household_column": (
        gettext_noop("there is no household column '%(column)s' (the columns are: %(found)s)"),
    ),
    "category_not_in_pool": (
        gettext_noop(
            "the quota category '%(value)s' is not a column of the pool %(pool)s (its "
            "columns: %(found)s)"
        ),
    ),
    "bad_number": (gettext_noop("'%(value)s' is not a whole number"),),
    "missing_value": (gettext_noop("the value is empty"),),
    "negative_quota": (
        gettext_noop("the quota for “%(category)s: %(value)s” is negative"),
        gettext_noop("min and max must not be negative"),
    ),
    "min_above_max": (
        gettext_noop(
            "the minimum %(min)s of “%(category)s: %(value)s” is above the maximum %(max)s"
        ),
    ),
    "duplicate_quota": (gettext_noop("the quota for “%(category)s: %(value)s” is listed twice"),),
    "no_quotas": (gettext_noop("there are no quotas"),),
    "no_people": (gettext_noop("the pool lists nobody"),),
    "missing_id": (gettext_noop("the id is empty"),),
    "duplicate_id": (
        gettext_noop("the id '%(value)s' was already used on line %(first_line)s"),
        gettext_noop("the id '%(value)s' appears more than once"),
    ),
    "unknown_value": (
        gettext_noop(
            "'%(value)s' is not a value of '%(column)s' in the quotas (expected one of: "
            "%(expected)s)"
        ),
        gettext_noop("person '%(person)s' has %(column)s='%(value)s', which has no quota"),
    ),
    "missing_category": (
        gettext_noop("person '%(person)s' has no value for the category '%(column)s'"),
    ),
    "bad_panel_size": (gettext_noop("the panel size must be at least 1, not %(value)s"),),
    "unknown_person": (
        gettext_noop("there is no person '%(value)s' in the pool (--%(rule)s)"),
        gettext_noop("a published panel names a person who is not in the pool"),
    ),
    "included_and_excluded": (gettext_noop("person '%(value)s' is both included and excluded"),),
    "unknown_algorithm": (gettext_noop("unknown algorithm '%(value)s'"),),
    "bad_oversample": (gettext_noop("the oversampling factor %(value)s must be positive"),),
    "unknown_stratum": (gettext_noop("no stratum matches '%(value)s'"),),
    "bad_size": (gettext_noop("the sample size must be at least 1"),),
    "no_registers": (gettext_noop("there is no register extract to draw from"),),
    "bad_min_age": (gettext_noop("the minimum age cannot be negative"),),
    "bad_panel_count": (gettext_noop("the lottery needs at least one panel"),),
    "no_age_column": (gettext_noop("eligibility needs a date of birth or an age column"),),
    "infeasible": (gettext_noop("no panel satisfies the quotas"),),
    "solver_failed": (gettext_noop("the solver stopped unexpectedly"),),
    "legacy_failed": (gettext_noop("the greedy algorithm found no panel"),),
    # warnings
    "quota_value_unused": (
        gettext_noop(
            "nobody in the pool has “%(category)s: %(value)s”, so this quota has no effect"
        ),
    ),
    "quota_value_unmet": (
        ngettext_lazy(
            "nobody in the pool has “%(category)s: %(value)s”, so its minimum of %(min)s person "
            "cannot be met",
            "nobody in the pool has “%(category)s: %(value)s”, so its minimum of %(min)s people "
            "cannot be met",
            "min",
        ),
    ),
    # why no panel exists (infeasibility conflicts)
    "pool_too_small": (
        ngettext_lazy(
            "the pool has only %(people)s person who can be selected but the panel has "
            "%(panel_size)s seats",
            "the pool has only %(people)s people who can be selected but the panel has "
            "%(panel_size)s seats",
            "people",
        ),
    ),
    "too_few_households": (
        ngettext_lazy(
            "the %(people)s people in the pool live in only %(households)s household, but "
            "the panel has %(panel_size)s seats and at most one person per household may be "
            "selected",
            "the %(people)s people in the pool live in only %(households)s households, but "
            "the panel has %(panel_size)s seats and at most one person per household may be "
            "selected",
            "households",
        ),
    ),
    "too_many_included": (
        ngettext_lazy(
            "%(included)s person must be included but the panel has %(panel_size)s seats",
            "%(included)s people must be included but the panel has %(panel_size)s seats",
            "included",
        ),
    ),
    "included_same_household": (
        gettext_noop("%(count)s people who must be included share the household '%(household)s'"),
    ),
    "minimums_exceed_panel": (
        gettext_noop(
            "the minimums of category '%(category)s' add up to %(sum)s but the panel has "
            "%(panel_size)s seats"
        ),
    ),
    "maximums_below_panel": (
        gettext_noop(
            "the maximums of category '%(category)s' add up to %(sum)s but the panel has "
            "%(panel_size)s seats"
        ),
    ),
    "category_cannot_fill_panel": (
        gettext_noop(
            "in category '%(category)s', the maximums limited by who is in the pool allow only "
            "%(sum)s seats but the panel has %(panel_size)s"
        ),
    ),
    "too_few_people": (
        ngettext_lazy(
            "only %(people)s person has “%(category)s: %(value)s” but the minimum is %(min)s",
            "only %(people)s people have “%(category)s: %(value)s” but the minimum is %(min)s",
            "people",
        ),
    ),
    "too_few_households_for_value": (
        ngettext_lazy(
            "the %(people)s people with “%(category)s: %(value)s” live in only %(households)s "
            "household, but the minimum is %(min)s and at most one person per household may "
            "be selected",
            "the %(people)s people with “%(category)s: %(value)s” live in only %(households)s "
            "households, but the minimum is %(min)s and at most one person per household may "
            "be selected",
            "households",
        ),
    ),
    "included_exceed_maximum": (
        ngettext_lazy(
            "%(included)s person who must be included has “%(category)s: %(value)s” but the "
            "maximum is %(max)s",
            "%(included)s people who must be included have “%(category)s: %(value)s” but the "
            "maximum is %(max)s",
            "included",
        ),
    ),
    "quotas_interact": (
        gettext_noop(
            "no single quota is impossible on its own, but the quotas of different categories "
            "cannot all be met at once (they clash around %(named)s)"
        ),
        gettext_noop("the quotas of different categories cannot all be met at once"),
    ),
}
MESSAGES: dict[str, tuple[Text, ...]] = {**ERRORS, **REPORTS}


def say(code: str, translator: Translator, **params: Any) -> str:
    """A catalogue sentence that is not an error (headings, summaries, checks)."""
    text = choose(MESSAGES[code], params)
    assert text is not None, f"{code} needs {MESSAGES[code][0].names}"
    return render(text, params, translator)


def describe(code: str, params: Mapping[str, Any], fallback: str, translator: Translator) -> str:
    """The sentence for a code in the translator's language, located if params say where."""
    text = choose(MESSAGES.get(code, ()), params)
    sentence = fallback if text is None else render(text, params, translator)
    where = []
    if params.get("file"):
        where.append(render(WHERE_FILE, params, translator))
    if params.get("line") is not None:
        where.append(render(WHERE_LINE, params, translator))
    if params.get("column"):
        where.append(render(WHERE_COLUMN, params, translator))
    if not where or text is None:
        return sentence  # an untranslated fallback already says where
    return render(LOCATED, {"where": ", ".join(where), "message": sentence}, translator)
