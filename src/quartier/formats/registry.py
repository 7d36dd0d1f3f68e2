"""The registry of meeting formats (see ``manifest``).

Apps register manifests at start-up from their ``formats`` module. Lookups by key raise
``UnknownFormat`` (a domain error) so a stale key in the database gives a clear message.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from quartier.core.errors import DomainError
from quartier.formats.manifest import FormatManifest

_registry: dict[str, FormatManifest] = {}


class UnknownFormat(DomainError):
    code = "unknown_format"


def register(manifest: FormatManifest) -> FormatManifest:
    existing = _registry.get(manifest.key)
    if existing is not None and existing != manifest:
        raise ValueError(f"format {manifest.key!r} is registered twice with different manifests")
    _registry[manifest.key] = manifest
    return manifest


def get_format(key: str) -> FormatManifest:
    try:
        return _registry[key]
    except KeyError:
        raise UnknownFormat(_("Unknown meeting format: %(key)s"), key=key) from None


def all_formats(*, kind: str | None = None) -> list[FormatManifest]:
    formats = [m for m in _registry.values() if kind is None or m.kind == kind]
    return sorted(formats, key=lambda m: str(m.title))


def format_choices(*, kind: str | None = None) -> list[tuple[str, str]]:
    return [(m.key, str(m.title)) for m in all_formats(kind=kind)]


def unregister(key: str) -> None:
    """Remove a format again (tests, or a plugin that is switched off)."""
    _registry.pop(key, None)
