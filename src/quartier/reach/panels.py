"""The reach summary on the process overview (contacts, one-to-ones, focus-group coverage)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from quartier.processes.dashboard import register_panel
from quartier.processes.models import Process
from quartier.reach.coverage import focus_coverage
from quartier.reach.models import OneToOne
from quartier.reach.selectors import reach_summary


@register_panel(key="reach", order=300, template="reach/panels/reach_summary.html")
def reach_panel(request: HttpRequest, process: Process) -> dict[str, Any] | None:
    organisation = process.organisation
    if not request.user.has_perm("reach.view_matrix", organisation):
        return None
    summary = reach_summary(organisation=organisation)
    reached, members = focus_coverage(organisation=organisation)
    return summary | {
        "process_one_to_ones": OneToOne.objects.filter(process=process).count(),
        "focus_reached": reached,
        "focus_members": members,
        "focus_percent": round(100 * reached / members) if members else 0,
    }
