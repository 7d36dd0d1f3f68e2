"""Public pages of a process and whether each is published.

Apps that serve a page without login (open ends, standing groups, volunteer board, the
lottery's transparency page) register it here. The process settings list every
registered page with its state; the public views ask ``public_process_get`` for their
process, which answers 404 unless that page is published. A page whose app keeps its
own flag (the lottery draw is published with its certificate) passes ``is_published``
and ``settings_url`` instead of using the switch here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise

from quartier.processes.models import Process

PublishedCheck = Callable[[Process], bool]
SettingsUrl = Callable[[Process], str]


@dataclass(frozen=True)
class PublicPage:
    key: str
    label: str | Promise
    help: str | Promise
    url_name: str  # reversed with (organisation slug, process slug)
    order: int = 100
    is_published: PublishedCheck | None = None  # set when the app keeps its own flag
    settings_url: SettingsUrl | None = None  # where that flag is switched


_pages: dict[str, PublicPage] = {}

# Key reserved for the lottery's transparency page (issue #10): register it with
# ``register_public_page(key=LOTTERY_TRANSPARENCY, ..., is_published=..., settings_url=...)``.
LOTTERY_TRANSPARENCY = "lottery"


def register_public_page(page: PublicPage) -> PublicPage:
    _pages[page.key] = page
    return page


def public_pages() -> list[PublicPage]:
    return sorted(_pages.values(), key=lambda p: (p.order, p.key))


def public_page(key: str) -> PublicPage:
    return _pages[key]
