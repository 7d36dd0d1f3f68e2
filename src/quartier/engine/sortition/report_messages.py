"""Sentences of reports rather than errors: verification, infeasibility, the CLI summary.

Split from :mod:`messages` (which merges them into one catalogue) only to keep modules
short; the same codes, variants and markers apply.
"""

from __future__ import annotations

from quartier.engine.i18n import Text, gettext_noop, ngettext_lazy

REPORTS: dict[str, tuple[Text, ...]] = {
    # verification
    "input_hash_mismatch": (
        gettext_noop(
            "the pool, quotas or parameters differ from those recorded (input hash mismatch)"
        ),
    ),
    "seed_not_announced": (
        gettext_noop("the draw used seed '%(recorded)s', not the announced seed '%(announced)s'"),
    ),
    "panel_count": (gettext_noop("the record lists %(found)s panels, not %(expected)s"),),
    "panel_order": (gettext_noop("the panels are not in their canonical sorted order"),),
    "wrong_index": (gettext_noop("seed '%(seed)s' selects panel %(index)s, not %(recorded)s"),),
    "chosen_panel_mismatch": (gettext_noop("the chosen panel is not the panel the seed selects"),),
    "panel_infeasible": (
        gettext_noop("panel %(panel)s of the distribution breaks the quotas or rules"),
        gettext_noop("panel %(panel)s breaks the quotas or rules"),
        gettext_noop("a panel of the distribution overfills a type"),
    ),
    "lottery_probability_mismatch": (
        gettext_noop(
            "person '%(person)s' is on %(count)s of %(panels)s panels, but the record says "
            "probability %(recorded)s"
        ),
    ),
    "bad_types": (gettext_noop("the record's person types are not valid"),),
    "bad_weights": (gettext_noop("the distribution's weights are not a probability"),),
    "probability_mismatch": (
        gettext_noop(
            "person '%(person)s' has selection probability %(expected)s, the record says "
            "%(recorded)s"
        ),
    ),
    "min_probability_mismatch": (gettext_noop("min_probability is not the minimum"),),
    "max_deviation_mismatch": (
        gettext_noop("the largest deviation is %(found)s, the record says %(recorded)s"),
    ),
    "min_shortfall_mismatch": (gettext_noop("min_shortfall is not what it says"),),
    "bound_violated": (gettext_noop("the lottery breaks its guaranteed deviation bound"),),
    "rerun_failed": (gettext_noop("re-running the selection failed: %(detail)s"),),
    "certificate_missing": (gettext_noop("the record carries no optimality certificate"),),
    "certificate_invalid": (
        gettext_noop("level %(level)s: the optimality certificate is malformed"),
        gettext_noop("the optimality certificate is malformed"),
    ),
    "certificate_order": (gettext_noop("the level certificates are not numbered in order"),),
    "certificate_value": (
        gettext_noop(
            "level %(level)s: the distribution's smallest open probability is %(found)s, not "
            "the recorded %(recorded)s"
        ),
    ),
    "certificate_bound": (
        gettext_noop(
            "level %(level)s: the certificate proves only %(found)s, the record claims %(recorded)s"
        ),
    ),
    "certificate_incomplete": (gettext_noop("some people are in no LEXIMIN level"),),
    "gap_mismatch": (
        gettext_noop("the certificates give a gap of %(found)s, the record says %(recorded)s"),
    ),
    # checks that passed
    "check_inputs": (gettext_noop("inputs match the recorded hash"),),
    "check_announced_seed": (gettext_noop("the draw used the announced seed '%(seed)s'"),),
    "check_seed": (gettext_noop("seed '%(seed)s' selects panel %(index)s"),),
    "check_panels": (
        ngettext_lazy(
            "the %(panels)s panel meets the quotas and rules",
            "all %(panels)s panels meet the quotas and rules",
            "panels",
        ),
    ),
    "check_recount": (gettext_noop("lottery probabilities recounted"),),
    "check_distribution": (
        ngettext_lazy(
            "the optimal distribution (%(panels)s feasible panel) gives the recorded probabilities",
            "the optimal distribution (%(panels)s feasible panels) gives the recorded "
            "probabilities",
            "panels",
        ),
    ),
    "check_distribution_recorded": (
        ngettext_lazy(
            "the recorded distribution (%(panels)s feasible panel) gives the recorded "
            "probabilities",
            "the recorded distribution (%(panels)s feasible panels) gives the recorded "
            "probabilities",
            "panels",
        ),
    ),
    "check_deviation": (gettext_noop("lottery within %(deviation)s/m of the exact probabilities"),),
    "check_nash": (gettext_noop("NASH: the record makes no certified optimality claim"),),
    "check_legacy": (gettext_noop("LEGACY: no optimality claim (greedy draw, for comparison)"),),
    "check_unreachable": (
        ngettext_lazy(
            "%(people)s person can be on no panel (the solver's finding; not part of the "
            "certificate)",
            "%(people)s people can be on no panel (the solver's finding; not part of the "
            "certificate)",
            "people",
        ),
    ),
    "check_certificates": (
        ngettext_lazy(
            "%(levels)s level certificate proves optimality up to a gap of %(gap)s",
            "%(levels)s level certificates prove optimality up to a gap of %(gap)s",
            "levels",
        ),
    ),
    "check_certificates_mip": (
        ngettext_lazy(
            "%(mip)s level bounded by an exact MIP",
            "%(mip)s levels bounded by an exact MIP",
            "mip",
        ),
    ),
    "check_rerun": (gettext_noop("selection probabilities reproduced by a fresh run"),),
    "verify_confirmed": (gettext_noop("The draw is confirmed: %(checks)s."),),
    "verify_failed": (gettext_noop("The draw could NOT be confirmed:"),),
    # infeasibility report
    "infeasible_head": (gettext_noop("The quotas cannot be met:"),),
    "no_relaxation": (
        gettext_noop("No change of the quotas alone (within their flexible bounds) helps."),
    ),
    "relaxation_head": (
        gettext_noop(
            "Smallest relaxation that makes a selection possible (total change %(total)s):"
        ),
    ),
    "lower_minimum": (
        gettext_noop(
            "lower the minimum of “%(category)s: %(value)s” from %(old_min)s to %(new_min)s"
        ),
    ),
    "raise_maximum": (
        gettext_noop(
            "raise the maximum of “%(category)s: %(value)s” from %(old_max)s to %(new_max)s"
        ),
    ),
    # the command line
    "cli_error": (gettext_noop("error: %(message)s"),),
    "cli_warning": (gettext_noop("warning: %(message)s"),),
    "cli_bad_audit": (gettext_noop("cannot read the audit record %(path)s: %(detail)s"),),
    "cli_bad_oversample": (gettext_noop("--oversample expects STRATUM=FACTOR, got '%(value)s'"),),
    "progress_line": (
        ngettext_lazy(
            "%(algorithm)s: level %(level)s, %(fixed)s/%(types)s type fixed, %(columns)s "
            "panels, min %(value)s <= %(upper)s, %(elapsed)s s",
            "%(algorithm)s: level %(level)s, %(fixed)s/%(types)s types fixed, %(columns)s "
            "panels, min %(value)s <= %(upper)s, %(elapsed)s s",
            "types",
        ),
    ),
    "summary_legacy": (
        ngettext_lazy(
            "legacy: smallest observed selection frequency %(min)s over %(panels)s distinct "
            "panel of the greedy draw (no optimality claim)",
            "legacy: smallest observed selection frequency %(min)s over %(panels)s distinct "
            "panels of the greedy draw (no optimality claim)",
            "panels",
        ),
    ),
    "summary_time_limited": (
        ngettext_lazy(
            "%(algorithm)s: TIME LIMIT REACHED - best certified distribution found: minimum "
            "selection probability %(min)s, proven gap %(gap)s; only the %(levels)s finished "
            "level is optimal",
            "%(algorithm)s: TIME LIMIT REACHED - best certified distribution found: minimum "
            "selection probability %(min)s, proven gap %(gap)s; only the %(levels)s finished "
            "levels are optimal",
            "levels",
        ),
    ),
    "summary_certified": (
        ngettext_lazy(
            "%(algorithm)s: minimum selection probability %(min)s (certified gap %(gap)s, "
            "%(levels)s level), %(panels)s panels in the optimal distribution",
            "%(algorithm)s: minimum selection probability %(min)s (certified gap %(gap)s, "
            "%(levels)s levels), %(panels)s panels in the optimal distribution",
            "levels",
        ),
    ),
    "summary_uncertified": (
        gettext_noop(
            "%(algorithm)s: minimum selection probability %(min)s (solver gap %(gap)s, not "
            "certified), %(panels)s panels"
        ),
    ),
    "summary_rounding": (
        gettext_noop(
            "rounded to %(m)s panels: max deviation %(deviation)s/m (guaranteed <= %(bound)s/m)"
        ),
    ),
    "summary_rounding_capped": (
        gettext_noop(
            "ROUNDING TIME CAP of %(limit)s s reached: the lottery keeps the proven bound, "
            "but the 1/m targets may be missed"
        ),
        gettext_noop("rounding time cap reached, the guaranteed bound still holds"),
    ),
    "summary_rounding_targets": (
        gettext_noop(
            "every person is within 1/m of the exact probability, and the lottery minimum "
            "is at most 1/m below the exact minimum"
        ),
    ),
    "summary_rounding_min_clause": (
        gettext_noop(
            "target missed: some people are up to %(deviation)s/m off; the lottery minimum "
            "is at most 1/m below the exact minimum"
        ),
    ),
    "summary_rounding_missed": (
        gettext_noop(
            "target missed: some people are up to %(deviation)s/m off, and the lottery "
            "minimum is %(shortfall)s/m below the exact minimum (target: at most 1/m)"
        ),
    ),
    "summary_seed": (
        gettext_noop(
            "Seed '%(seed)s' selects panel %(index)s; wrote %(out)s/selected.csv, "
            "remaining.csv, probabilities.csv, audit.json"
        ),
    ),
    "summary_invited": (
        ngettext_lazy(
            "invited %(invited)s of %(rows)s person in %(strata)s strata (seed '%(seed)s'); "
            "wrote %(out)s",
            "invited %(invited)s of %(rows)s people in %(strata)s strata (seed '%(seed)s'); "
            "wrote %(out)s",
            "rows",
        ),
    ),
    "summary_register": (
        ngettext_lazy(
            "wrote %(rows)s fake resident in %(households)s households to %(out)s",
            "wrote %(rows)s fake residents in %(households)s households to %(out)s",
            "rows",
        ),
    ),
}
