"""Panels on the process overview, contributed by the apps that own them.

The process app knows nothing about events, meetings or outreach; those apps
register a panel (a template and a function that builds its context) and the
dashboard shows whatever is registered, in order. This is the hook later
capabilities use to fill the overview.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from quartier.processes.models import Process

PanelContext = Callable[[HttpRequest, Process], dict[str, Any] | None]


@dataclass(frozen=True)
class DashboardPanel:
    key: str
    order: int
    template: str
    context: PanelContext


_panels: dict[str, DashboardPanel] = {}


def register_panel(
    *, key: str, order: int, template: str
) -> Callable[[PanelContext], PanelContext]:
    """Decorate a context builder; returning ``None`` hides the panel for that request."""

    def decorator(func: PanelContext) -> PanelContext:
        _panels[key] = DashboardPanel(key=key, order=order, template=template, context=func)
        return func

    return decorator


def panels_for(
    request: HttpRequest, process: Process
) -> list[tuple[DashboardPanel, dict[str, Any]]]:
    rendered = []
    for panel in sorted(_panels.values(), key=lambda p: (p.order, p.key)):
        context = panel.context(request, process)
        if context is not None:
            rendered.append((panel, context))
    return rendered
