"""argparse's own words ("usage:", "options", its error messages) in the engine catalogue.

argparse marks its texts for gettext with exactly these msgids (Python 3.11); listing them
here with :func:`gettext_noop` puts them in ``engine/locale`` next to the engine's own
sentences, so ``make messages`` keeps them and the CLI can hand argparse a translator
(``quartier.commands.argparse_language``). Texts of other Python versions that are not
listed stay English.
"""

from __future__ import annotations

from quartier.engine.i18n import Text, gettext_noop, ngettext_lazy

ARGPARSE_WORDS: tuple[Text, ...] = (
    gettext_noop("usage: "),
    gettext_noop("positional arguments"),
    gettext_noop("options"),
    gettext_noop("show this help message and exit"),
    gettext_noop("show program's version number and exit"),
    gettext_noop("argument %(argument_name)s: %(message)s"),
    gettext_noop("unknown parser %(parser_name)r (choices: %(choices)s)"),
    gettext_noop("can't open '%(filename)s': %(error)s"),
    gettext_noop("unrecognized arguments: %s"),
    gettext_noop("not allowed with argument %s"),
    gettext_noop("ignored explicit argument %r"),
    gettext_noop("the following arguments are required: %s"),
    gettext_noop("one of the arguments %s is required"),
    gettext_noop("expected one argument"),
    gettext_noop("expected at most one argument"),
    gettext_noop("expected at least one argument"),
    ngettext_lazy("expected %s argument", "expected %s arguments", "count"),
    gettext_noop("ambiguous option: %(option)s could match %(matches)s"),
    gettext_noop("unexpected option string: %s"),
    gettext_noop("invalid %(type)s value: %(value)r"),
    gettext_noop("invalid choice: %(value)r (choose from %(choices)s)"),
    gettext_noop("%(prog)s: error: %(message)s\n"),
)
