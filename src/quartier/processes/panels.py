"""The process app's own dashboard panels."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from quartier.processes.dashboard import register_panel
from quartier.processes.models import Process
from quartier.processes.selectors import process_team, publication_states


@register_panel(key="team", order=900, template="processes/panels/team.html")
def team_panel(request: HttpRequest, process: Process) -> dict[str, Any]:
    return {
        "team": list(process_team(process=process)),
        "can_change": request.user.has_perm("processes.change_process", process),
    }


@register_panel(key="publication", order=950, template="processes/panels/publication.html")
def publication_panel(request: HttpRequest, process: Process) -> dict[str, Any] | None:
    states = publication_states(process=process)
    if not states:
        return None
    return {
        "pages": states,
        "can_publish": request.user.has_perm("processes.publish_process", process),
    }
