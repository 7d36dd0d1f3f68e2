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


#: the top-level ``quartier --help``: its description and the commands' one-line help,
#: which the commands' modules give in English (the catalogue has them in German)
QUARTIER_DESCRIPTION: Text = gettext_noop(
    "Quartier: fair lottery, live events, groups and reach for neighbourhood work."
)
LANGUAGE_HELP: Text = gettext_noop(
    "language of the messages (default: from LANGUAGE, LC_ALL, LC_MESSAGES, LANG)"
)
COMMAND_WORDS: tuple[Text, ...] = (
    gettext_noop("serve the web application through the ASGI server (uvicorn)"),
    gettext_noop("create a German demo organisation with processes"),
    gettext_noop("create an administrator account"),
    gettext_noop("run a Django management command (migrate, shell, ...)"),
    gettext_noop("run background tasks (imports, reminders, e-mails) from the database queue"),
    gettext_noop("fair lottery: select panels, invite, verify"),
    gettext_noop("balanced groups, preferences, grids, rotations"),
    gettext_noop("similar contributions, themes, breadth hints, opinion groups"),
)
