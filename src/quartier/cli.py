"""The ``quartier`` command line.

Each area contributes its subcommands from a module in ``quartier.commands`` that
exposes ``register(subparsers)``. Registration is a plain table here so the set of
commands is visible in one place and no module is imported by accident: a command
imports only its own module (``quartier sortition verify`` does not load the grouping
solvers), and help lists them all.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from quartier import __version__

#: module -> the top-level commands it registers
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "quartier.commands.web": ("serve", "demo", "createadmin", "manage"),
    "quartier.commands.worker": ("worker",),
    "quartier.commands.sortition": ("sortition",),
    "quartier.commands.group": ("group",),
    "quartier.commands.topics": ("topics",),
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser for ``command`` only when it is a known command, else for all of them."""
    known = {name for names in COMMAND_MODULES.values() for name in names}
    parser = argparse.ArgumentParser(
        prog="quartier",
        description="Quartier: fair lottery, live events, groups and reach for neighbourhood work.",
    )
    parser.add_argument("--version", action="version", version=f"quartier {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
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
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    result = handler(args)
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main())
