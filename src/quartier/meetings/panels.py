"""The "Meetings" panel on the process overview."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from quartier.meetings.selectors.meetings import meetings_upcoming
from quartier.processes.dashboard import register_panel
from quartier.processes.models import Process


@register_panel(key="meetings", order=300, template="meetings/panels/meetings.html")
def meetings_panel(request: HttpRequest, process: Process) -> dict[str, Any]:
    return {
        "meetings": meetings_upcoming(user=request.user, process=process),
        "can_add": request.user.has_perm("meetings.add_meeting", process),
    }
