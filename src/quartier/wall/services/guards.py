"""Checks every participant action passes on the server, whatever the phone shows."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from quartier.events.models import Event
from quartier.events.selectors import current_phase
from quartier.wall.errors import WallError


def require_tool(event: Event, tool: str) -> None:
    """Refuse an action the current phase does not offer (a stale screen, a script)."""
    if event.closed_at is not None:
        raise WallError(_("This event has ended. Thank you for taking part!"), code="event_closed")
    if tool not in current_phase(event=event).tools:
        raise WallError(
            _("This is not possible in the current phase. Your screen updates in a moment."),
            code="wrong_phase",
        )
