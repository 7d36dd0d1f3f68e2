"""The volunteer board's panel on the process overview."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from quartier.processes.dashboard import register_panel
from quartier.processes.models import Process
from quartier.volunteers.selectors import active_offers, needs_for, open_responses


@register_panel(key="volunteers", order=450, template="volunteers/panel.html")
def volunteers_panel(request: HttpRequest, process: Process) -> dict[str, Any] | None:
    if not request.user.has_perm("volunteers.view_board", process):
        return None
    return {
        "open_needs": needs_for(process=process, open_only=True).count(),
        "offers": active_offers(process=process).count(),
        "responses": open_responses(process=process).count(),
    }
