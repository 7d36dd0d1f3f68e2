"""The ``quartier sortition`` argument parsers, in German or English.

Help texts are the English sources from ``engine/sortition/cli_help.py``; the
:class:`LocalizedParser` translates them, argparse's own words and its errors through the
engine catalogue when it parses (``--lang``, else the locale).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from quartier.commands.argparse_language import (
    LocalizedParser,
    add_localized_parser,
    argparse_speaks,
)
from quartier.engine.i18n import LANGUAGES, language_from, translator
from quartier.engine.sortition import ALGORITHMS
from quartier.engine.sortition.cli_help import text
from quartier.engine.sortition.rounding import DEFAULT_TIME_LIMIT

EXIT_BAD_INPUT = 2
Handler = Callable[[argparse.Namespace], int]


def add_sortition_parser(subparsers: Any, handlers: Mapping[str, Handler]) -> None:
    """``quartier sortition`` with its subcommands select, verify, invite, synth-register."""
    parser = add_localized_parser(
        subparsers, "sortition", help=text("sortition"), description=text("sortition")
    )
    commands = parser.add_subparsers(
        dest="sortition_command", metavar="SUBCOMMAND", parser_class=LocalizedParser
    )

    def usage(args: argparse.Namespace) -> int:
        tr = translator(language_from(getattr(args, "lang", None)))  # `quartier --lang de`
        parser.translate(tr)
        with argparse_speaks(tr):
            parser.print_help()
        return EXIT_BAD_INPUT

    parser.set_defaults(handler=usage)
    language = LocalizedParser(add_help=False)
    language.add_argument("--lang", choices=LANGUAGES, help=text("lang"))

    def command(name: str, key: str) -> argparse.ArgumentParser:
        sub: argparse.ArgumentParser = commands.add_parser(
            name, parents=[language], help=text(key), description=text(key)
        )
        sub.set_defaults(handler=handlers[name])
        return sub

    p = command("select", "select")
    p.add_argument("--people", required=True, type=Path, help=text("people"))
    p.add_argument("--quotas", required=True, type=Path, help=text("quotas"))
    p.add_argument("--panel-size", required=True, type=int, help=text("panel_size"))
    p.add_argument("--algorithm", choices=ALGORITHMS, default="leximin", help=text("algorithm"))
    p.add_argument("--seed", help=text("seed"))
    p.add_argument(
        "--households", action="append", metavar="COLUMN[,COLUMN...]", help=text("households")
    )
    p.add_argument("--panels", type=int, default=1000, help=text("panels"))
    p.add_argument("--id-column", help=text("id_column"))
    p.add_argument("--include", nargs="*", default=[], metavar="ID", help=text("include"))
    p.add_argument("--exclude", nargs="*", default=[], metavar="ID", help=text("exclude"))
    p.add_argument("--out", required=True, type=Path, help=text("out"))
    p.add_argument("--time-limit", type=float, metavar="SECONDS", help=text("time_limit"))
    p.add_argument(
        "--rounding-time-limit",
        type=float,
        default=DEFAULT_TIME_LIMIT,
        metavar="SECONDS",
        help=text("rounding_time_limit"),
    )

    v = command("verify", "verify")
    v.add_argument("--audit", required=True, type=Path, help=text("audit"))
    v.add_argument("--people", required=True, type=Path, help=text("people"))
    v.add_argument("--quotas", required=True, type=Path, help=text("quotas"))
    v.add_argument("--id-column", help=text("id_column"))
    v.add_argument("--seed", help=text("verify_seed"))

    i = command("invite", "invite")
    i.add_argument("--register", required=True, type=Path, help=text("register"))
    i.add_argument("--size", required=True, type=int, help=text("size"))
    i.add_argument("--strata", required=True, help=text("strata"))
    i.add_argument("--seed", default="0", help=text("invite_seed"))
    i.add_argument(
        "--households",
        action="append",
        metavar="COLUMN[,COLUMN...]",
        help=text("invite_households"),
    )
    i.add_argument(
        "--oversample", nargs="*", default=[], metavar="STRATUM=FACTOR", help=text("oversample")
    )
    i.add_argument("--out", required=True, type=Path, help=text("invite_out"))

    s = command("synth-register", "synth_register")
    s.add_argument("--size", type=int, help=text("synth_size"))
    s.add_argument("--seed", type=int, default=0, help=text("synth_seed"))
    s.add_argument("--out", required=True, type=Path, help=text("synth_out"))
