"""The ``quartier`` command line.

Each area contributes its subcommands from a module in ``quartier.commands`` that
exposes ``register(subparsers)``. Registration is a plain table here so the set of
commands is visible in one place and no module is imported by accident: a command
imports only its own module (``quartier sortition verify`` does not load the grouping
solvers), and help lists them all. The top-level help is in German or English like the
commands' own (``--lang`` before the command, else the locale), from the engine catalogue
(``quartier.engine.cli_words``).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from quartier import __version__
from quartier.commands.argparse_language import (
    LocalizedParser,
    argparse_speaks,
    requested_language,
)
from quartier.engine.cli_words import LANGUAGE_HELP, QUARTIER_DESCRIPTION
from quartier.engine.i18n import LANGUAGES, language_from, translator

#: module -> the top-level commands it registers
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "quartier.commands.web": ("serve", "demo", "createadmin", "manage"),
    "quartier.commands.worker": ("worker",),
    "quartier.commands.sortition": ("sortition",),
    "quartier.commands.group": ("group",),
    "quartier.commands.topics": ("topics",),
}


def build_parser(command: str | None = None) -> LocalizedParser:
    """The parser for ``command`` only when it is a known command, else for all of them."""
    known = {name for names in COMMAND_MODULES.values() for name in names}
    parser = LocalizedParser(prog="quartier", description=QUARTIER_DESCRIPTION.singular)
    parser.add_argument("--version", action="version", version=f"quartier {__version__}")
    parser.add_argument(
        "--lang", dest="interface_lang", choices=LANGUAGES, help=LANGUAGE_HELP.singular
    )
    # the commands keep their own parser classes (sortition's are localized itself)
    subparsers = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=argparse.ArgumentParser
    )
    for module_name, names in COMMAND_MODULES.items():
        if command in known and command not in names:
            continue
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(next((a for a in arguments if not a.startswith("-")), None))
    args = parser.parse_args(arguments)
    if getattr(args, "lang", None) is None and args.interface_lang:
        args.lang = args.interface_lang  # `quartier --lang de sortition ...`
    handler = getattr(args, "handler", None)
    if handler is None:
        tr = translator(language_from(requested_language(arguments)))
        parser.translate(tr)
        with argparse_speaks(tr):
            parser.print_help()
        return 2
    result = handler(args)
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main())
