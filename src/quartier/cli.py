"""The ``quartier`` command line.

Each area contributes its subcommands from a module in ``quartier.commands`` that
exposes ``register(subparsers)``. Registration is a plain list here so the set of
commands is visible in one place and no module is imported by accident.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from quartier import __version__

COMMAND_MODULES: tuple[str, ...] = (
    "quartier.commands.web",
    "quartier.commands.worker",
    "quartier.commands.sortition",
    "quartier.commands.group",
    "quartier.commands.topics",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="quartier",
        description="Quartier: fair lottery, live events, groups and reach for neighbourhood work.",
    )
    parser.add_argument("--version", action="version", version=f"quartier {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    result = handler(args)
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main())
