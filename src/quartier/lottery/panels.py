"""The lottery card on the process overview (organizers only)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from quartier.processes.dashboard import register_panel
from quartier.processes.models import Process


@register_panel(key="lottery", order=150, template="lottery/panels/lottery.html")
def lottery_panel(request: HttpRequest, process: Process) -> dict[str, Any] | None:
    if not request.user.has_perm("lottery.manage_lottery", process):
        return None
    return {"lotteries": list(process.lotteries.all()[:5])}
