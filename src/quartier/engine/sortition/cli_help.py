"""The ``quartier sortition`` help texts, in the engine catalogue so the CLI speaks German too.

The command line (``quartier.commands.sortition_parser``) passes these English texts to
argparse and translates them when it parses (``--lang``, else the locale); keeping them
here, marked with :func:`gettext_noop`, lets ``make messages`` find them in the engine.
"""

from __future__ import annotations

from quartier.engine.i18n import Text, gettext_noop

HELP: dict[str, Text] = {
    "sortition": gettext_noop("fair lottery: select panels, invite, verify"),
    "lang": gettext_noop(
        "language of the messages (default: from LANGUAGE, LC_ALL, LC_MESSAGES, LANG)"
    ),
    "select": gettext_noop("select a panel with a fair, checkable lottery"),
    "people": gettext_noop("pool (CSV or XLSX)"),
    "quotas": gettext_noop("quotas (CSV or XLSX)"),
    "panel_size": gettext_noop("number of seats on the panel"),
    "algorithm": gettext_noop("how the distribution over panels is chosen (default: leximin)"),
    "seed": gettext_noop("public random number; random when omitted"),
    "households": gettext_noop(
        "at most one person per household: the normalised combination of these columns "
        "(e.g. street,house_number,postcode; repeatable)"
    ),
    "panels": gettext_noop("panels in the published lottery"),
    "id_column": gettext_noop(
        "column with person ids (default: found by name, e.g. id, pool_member_identifier, "
        "nationbuilder_id; else row numbers)"
    ),
    "include": gettext_noop("must be selected"),
    "exclude": gettext_noop("must not be selected"),
    "out": gettext_noop("output directory"),
    "time_limit": gettext_noop(
        "stop LEXIMIN/MAXIMIN after this long with the best certified distribution"
    ),
    "rounding_time_limit": gettext_noop(
        "hard cap on the rounding's search (the proven bound holds either way)"
    ),
    "verify": gettext_noop("re-check a draw from its audit record"),
    "audit": gettext_noop("the draw's audit record (audit.json)"),
    "verify_seed": gettext_noop("the publicly announced seed the draw must have used"),
    "invite": gettext_noop("stratified invitation sample from a register"),
    "register": gettext_noop("population register (CSV)"),
    "size": gettext_noop("number of invitations"),
    "strata": gettext_noop("comma-separated columns"),
    "invite_seed": gettext_noop("seed of the sample"),
    "invite_households": gettext_noop(
        "at most one invitation per household (columns combined, normalised)"
    ),
    "oversample": gettext_noop("invite more of a stratum, e.g. 16-24=1.5"),
    "invite_out": gettext_noop("output file (CSV)"),
    "synth_register": gettext_noop("write a fake Berlin population register"),
    "synth_size": gettext_noop("rows (default: Berlin's 3.9 million)"),
    "synth_seed": gettext_noop("random seed"),
    "synth_out": gettext_noop("output file"),
}


def text(key: str) -> str:
    """The English help text (argparse's source text; translated when parsing)."""
    return HELP[key].singular
