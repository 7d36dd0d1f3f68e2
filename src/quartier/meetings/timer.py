"""The facilitation timer as a value computed from the server's state.

The server stores only when the timer last started and how much had elapsed before;
every device derives the remaining time from that, so a phone, a projector and a plain
page reload always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone


@dataclass(frozen=True)
class TimerState:
    duration: int  # seconds planned for the phase, extensions included
    elapsed: int  # seconds elapsed at ``now``
    running: bool
    now: datetime

    @property
    def remaining(self) -> int:
        """Seconds left; negative once the phase runs over."""
        return self.duration - self.elapsed

    @property
    def overtime(self) -> bool:
        return self.remaining < 0

    @property
    def display(self) -> str:
        seconds = abs(self.remaining)
        sign = "−" if self.remaining < 0 else ""
        return f"{sign}{seconds // 60:02d}:{seconds % 60:02d}"

    @property
    def deadline_ms(self) -> int:
        """When the timer reaches zero (epoch milliseconds), for clients to count down to."""
        return int(self.now.timestamp() * 1000) + self.remaining * 1000

    @property
    def now_ms(self) -> int:
        return int(self.now.timestamp() * 1000)


def timer_state(
    *,
    duration: int,
    elapsed_before: int,
    running_since: datetime | None,
    now: datetime | None = None,
) -> TimerState:
    now = now or timezone.now()
    elapsed = elapsed_before
    if running_since is not None:
        elapsed += max(0, int((now - running_since).total_seconds()))
    return TimerState(
        duration=duration, elapsed=elapsed, running=running_since is not None, now=now
    )
