"""The events panel on the process overview."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from quartier.events.selectors import event_list_for_process
from quartier.processes.dashboard import register_panel
from quartier.processes.models import Process


@register_panel(key="events", order=100, template="events/panels/events.html")
def events_panel(request: HttpRequest, process: Process) -> dict[str, Any]:
    events = [
        e
        for e in event_list_for_process(process=process)
        if request.user.has_perm("events.view_event", e)
    ]
    return {
        "events": events,
        "can_add": request.user.has_perm("events.add_event", process),
        "open_ends": process.open_ends.count(),
        "groups": process.groups.filter(archived_at__isnull=True).count(),
    }
