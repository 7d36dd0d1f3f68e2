""" "For me": what a signed-in person takes part in, contributed by the apps that own it.

Participants and key persons are rarely on a process team, so the process list alone
shows them nothing. Each app registers a section (its upcoming meetings, groups, tasks)
in a ``personal`` module; the organisation's start page shows the sections that are not
empty, in order. The apps keep their own access rules: a section lists only what its
app lets the person open.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class PersonalItem:
    title: str
    url: str = ""
    detail: str = ""


SectionItems = Callable[[Any, Any], list[PersonalItem]]


@dataclass(frozen=True)
class PersonalSection:
    key: str
    order: int
    heading: Any  # a lazy translation, so the heading follows the request's language
    items: SectionItems


_sections: dict[str, PersonalSection] = {}


def personal_section(
    *, key: str, order: int, heading: Any
) -> Callable[[SectionItems], SectionItems]:
    """Decorate ``items(user, organisation) -> list[PersonalItem]``."""

    def register(func: SectionItems) -> SectionItems:
        _sections[key] = PersonalSection(key=key, order=order, heading=heading, items=func)
        return func

    return register


def personal_sections_for(*, user: Any, organisation: Any) -> list[tuple[str, list[PersonalItem]]]:
    autodiscover_modules("personal")
    shown = []
    for section in sorted(_sections.values(), key=lambda s: (s.order, s.key)):
        items = section.items(user, organisation)
        if items:
            shown.append((str(section.heading), items))
    return shown
