"""The "Opinion maps" panel on the process overview: the online maps and a way to start one."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from quartier.processes.dashboard import register_panel
from quartier.processes.models import Process
from quartier.topics.opinion_selectors import conversations


@register_panel(key="opinion_maps", order=400, template="topics/panels/opinion_maps.html")
def opinion_maps_panel(request: HttpRequest, process: Process) -> dict[str, Any]:
    return {
        "conversations": list(conversations(process=process)[:5]),
        "can_moderate": request.user.has_perm("processes.moderate_process", process),
    }
