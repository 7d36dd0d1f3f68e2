from __future__ import annotations

import math
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from quartier.accounts.models import LoginFailure


def login_lockout_minutes_left(*, email: str) -> int:
    """Minutes until ``email`` may try again; 0 when it is not locked out."""
    window_start = timezone.now() - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    recent = LoginFailure.objects.filter(email=email.strip().lower(), created_at__gte=window_start)
    if recent.count() < settings.LOGIN_FAILURE_LIMIT:
        return 0
    newest = recent.order_by("-created_at").values_list("created_at", flat=True).first()
    assert newest is not None
    unlock_at = newest + timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    return max(1, math.ceil((unlock_at - timezone.now()).total_seconds() / 60))
