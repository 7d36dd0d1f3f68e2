"""The "after the event" panel on the process overview: standing groups and the report."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from quartier.groups.models import StayInTouch
from quartier.groups.selectors import group_list_for_process
from quartier.processes.dashboard import register_panel
from quartier.processes.models import Process


@register_panel(key="after_event", order=440, template="groups/panel.html")
def after_event_panel(request: HttpRequest, process: Process) -> dict[str, Any] | None:
    if not request.user.has_perm("groups.view_report", process):
        return None
    groups = list(group_list_for_process(process=process))
    return {
        "groups": groups,
        "members": sum(g.member_count for g in groups),  # type: ignore[attr-defined]
        "stayed_in_touch": StayInTouch.objects.filter(event__process=process).count(),
    }
