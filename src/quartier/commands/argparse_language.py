"""argparse in the reader's language: help, usage and errors from the engine catalogue.

argparse looks its own words up through the module-level ``_`` and ``ngettext`` it imported
from :mod:`gettext`; :func:`argparse_speaks` points them at our translator while a
:class:`LocalizedParser` parses (which is also when argparse prints help and errors) and
restores them afterwards. The language comes from ``--lang`` among the arguments being
parsed, else the locale (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``), so the
parser can be built before the language is known. Help texts given in English are
translated through the same catalogue at parse time (see ``engine/sortition/cli_help.py``).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from quartier.engine.i18n import Translator, language_from, translator


@contextmanager
def argparse_speaks(tr: Translator) -> Iterator[None]:
    """argparse's words in ``tr``'s language for the duration of the block (one thread)."""
    module: Any = argparse
    saved = module._, module.ngettext
    module._, module.ngettext = tr.gettext, tr.ngettext
    try:
        yield
    finally:
        module._, module.ngettext = saved


def requested_language(arguments: Sequence[str]) -> str | None:
    """The value of ``--lang X`` or ``--lang=X`` among ``arguments`` (the last one wins)."""
    found = None
    for i, argument in enumerate(arguments):
        if argument == "--lang" and i + 1 < len(arguments):
            found = arguments[i + 1]
        elif argument.startswith("--lang="):
            found = argument.split("=", 1)[1]
    return found


class LocalizedParser(argparse.ArgumentParser):
    """An ArgumentParser whose help, usage and errors follow ``--lang`` or the locale."""

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        import sys

        arguments = list(sys.argv[1:] if args is None else args)
        tr = translator(language_from(requested_language(arguments)))
        self.translate(tr)
        with argparse_speaks(tr):
            return super().parse_known_args(arguments, namespace)

    def translate(self, tr: Translator) -> None:
        """Titles, description and every help text in ``tr``'s language (idempotent)."""
        english = self.__dict__.setdefault("_english", {})

        def say(owner: Any, attribute: str) -> None:
            key = (id(owner), attribute)
            if key not in english:
                english[key] = getattr(owner, attribute)
            source = english[key]
            if isinstance(source, str) and source and source != argparse.SUPPRESS:
                setattr(owner, attribute, tr.gettext(source))

        say(self, "description")
        for group in self._action_groups:
            say(group, "title")
        for action in self._actions:
            say(action, "help")
            for choice in getattr(action, "_choices_actions", ()):
                say(choice, "help")


def add_localized_parser(subparsers: Any, name: str, **kwargs: Any) -> LocalizedParser:
    """``subparsers.add_parser`` for a parent built as a plain ArgumentParser."""
    saved = subparsers._parser_class
    subparsers._parser_class = LocalizedParser
    try:
        parser: LocalizedParser = subparsers.add_parser(name, **kwargs)
    finally:
        subparsers._parser_class = saved
    return parser
