"""Translated engine messages without Django: one gettext catalogue for the CLI and the web.

The engine's errors and warnings carry a ``code`` and ``params``; their sentences live in
``quartier/engine/locale/<lang>/LC_MESSAGES/django.po``. Django reads that catalogue
through ``LOCALE_PATHS`` (the web passes ``django.utils.translation`` as the translator),
the CLI through Python's :mod:`gettext` (:func:`translator`). English is the source
language, so English needs no catalogue.

Templates are marked with :func:`gettext_noop` and, for plurals, :func:`ngettext_lazy`
(singular, plural and the *name* of the parameter that holds the count, as Django's
``ngettext_lazy`` takes it), so ``make messages`` extracts them like Django strings.
"""

from __future__ import annotations

import gettext as gettext_module
import io
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "django"
LANGUAGES = ("de", "en")
PLACEHOLDER = re.compile(r"%\((\w+)\)")


class Translator(Protocol):
    """What both ``gettext.NullTranslations`` and ``django.utils.translation`` offer."""

    def gettext(self, message: str, /) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int, /) -> str: ...


@dataclass(frozen=True)
class Text:
    """A message template: ``%(name)s`` placeholders, optionally with a plural form."""

    singular: str
    plural: str | None = None
    number: str | None = None  # the parameter whose value picks singular or plural

    @property
    def names(self) -> frozenset[str]:
        """Parameters the template needs."""
        found = set(PLACEHOLDER.findall(self.singular + (self.plural or "")))
        return frozenset(found | ({self.number} if self.number else set()))


def gettext_noop(message: str) -> Text:
    """Mark a sentence for the catalogue; it is translated when rendered."""
    return Text(message)


def ngettext_lazy(singular: str, plural: str, number: str) -> Text:
    """Mark a plural sentence; ``number`` names the parameter that holds the count."""
    return Text(singular, plural, number)


def _shown(value: Any) -> str:
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def render(text: Text, params: Mapping[str, Any], translator: Translator) -> str:
    """The translated template filled with ``params`` (lists are joined with commas)."""
    shown = {name: _shown(value) for name, value in params.items()}
    if text.plural is None or text.number is None:
        template = translator.gettext(text.singular)
    else:
        template = translator.ngettext(text.singular, text.plural, int(params[text.number]))
    return template % shown


def choose(variants: Sequence[Text], params: Mapping[str, Any]) -> Text | None:
    """The first variant whose parameters are all given (not ``None``)."""
    given = {name for name, value in params.items() if value is not None}
    return next((text for text in variants if text.names <= given), None)


def language_from(requested: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """``de`` or ``en``: ``requested`` (``--lang``), else LANGUAGE, LC_ALL, LC_MESSAGES, LANG.

    As in gettext, the first variable that is set wins; ``C``/``POSIX`` and languages
    without a catalogue mean English.
    """
    if requested:
        return requested if requested in LANGUAGES else "en"
    environ = os.environ if environ is None else environ
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable, "")
        if value:
            first = value.split(":")[0]
            code = first.split(".")[0].split("_")[0].lower()
            return code if code in LANGUAGES else "en"
    return "en"


@lru_cache(maxsize=4)
def translator(language: str) -> gettext_module.NullTranslations:
    """Python gettext translations for ``language`` from the engine catalogue.

    Uses the compiled ``.mo`` when ``make translations`` built it, otherwise compiles
    the ``.po`` in memory with Babel, so a fresh checkout speaks German too.
    """
    if language == "en":
        return gettext_module.NullTranslations()
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    compiled = folder / f"{DOMAIN}.mo"
    source = folder / f"{DOMAIN}.po"
    if compiled.exists() and (
        not source.exists() or compiled.stat().st_mtime >= source.stat().st_mtime
    ):
        with compiled.open("rb") as handle:
            return gettext_module.GNUTranslations(handle)
    if not source.exists():
        return gettext_module.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with source.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext_module.GNUTranslations(buffer)
