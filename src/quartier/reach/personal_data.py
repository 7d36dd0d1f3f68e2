"""A registry of where a person's data lives, for export (Art. 15) and erasure (Art. 17).

Reach cannot import the apps that build on it, so each app that keeps something about a
contact registers a section here: a function that exports it as plain JSON-ready data
and a function that erases or anonymizes it. Anything a section misses is still caught
by the generic scrub in ``services.privacy``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

Exporter = Callable[[Any], Any]
Eraser = Callable[[Any], None]


@dataclass(frozen=True)
class Section:
    key: str
    title: str | Promise
    export: Exporter
    erase: Eraser | None = None


_sections: dict[str, Section] = {}


def register_section(
    *, key: str, title: str | Promise, export: Exporter, erase: Eraser | None = None
) -> None:
    _sections[key] = Section(key=key, title=title, export=export, erase=erase)


def sections() -> list[Section]:
    return sorted(_sections.values(), key=lambda section: section.key)
