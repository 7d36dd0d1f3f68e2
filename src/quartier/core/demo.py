"""Registry for the steps that build the demo data.

Each app may contribute a ``demo`` module with functions decorated by
``demo_step``; ``build_demo`` runs them in order inside one transaction, so a failed
step leaves no half-built demo behind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

DemoContext = dict[str, object]
DemoStep = Callable[[DemoContext], None]


@dataclass(frozen=True)
class _RegisteredStep:
    order: int
    name: str
    run: DemoStep


_steps: list[_RegisteredStep] = []


def demo_step(order: int) -> Callable[[DemoStep], DemoStep]:
    def register(func: DemoStep) -> DemoStep:
        if not any(
            step.name == func.__qualname__ and step.run.__module__ == func.__module__
            for step in _steps
        ):
            _steps.append(_RegisteredStep(order=order, name=func.__qualname__, run=func))
        return func

    return register


def demo_steps() -> list[_RegisteredStep]:
    autodiscover_modules("demo")
    return sorted(_steps, key=lambda step: (step.order, step.run.__module__, step.name))


DEMO_ORGANISATION_SLUG = "nachbarschaftswerk-mainufer"
DEMO_PASSWORD = "quartier-demo"


def demo_exists() -> bool:
    from quartier.organisations.models import Organisation

    return Organisation.objects.filter(slug=DEMO_ORGANISATION_SLUG).exists()


def build_demo(*, log: Callable[[str], None] = print) -> DemoContext:
    """Run every registered step; returns the shared context (e.g. created objects)."""
    context: DemoContext = {}
    with transaction.atomic():
        for step in demo_steps():
            log(f"demo: {step.run.__module__}.{step.name}")
            step.run(context)
    return context


def demo_datetime(days: int, hour: int, minute: int = 0) -> datetime:
    """A plausible appointment ``days`` from today at a local wall-clock time, so the demo
    shows "18:00" rather than the minute the demo happened to be built."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))
