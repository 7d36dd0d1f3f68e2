from __future__ import annotations

import math
from datetime import timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from quartier.accounts.models import LoginFailure


def _minutes_until_unlocked(failures: QuerySet[LoginFailure], limit: int) -> int:
    if failures.count() < limit:
        return 0
    newest = failures.order_by("-created_at").values_list("created_at", flat=True).first()
    assert newest is not None
    unlock_at = newest + timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    return max(1, math.ceil((unlock_at - timezone.now()).total_seconds() / 60))


def login_lockout_minutes_left(*, email: str, ip_address: str | None = None) -> int:
    """Minutes until this address may try again from this IP; 0 when it may try now.

    Three limits: failures for the address from this IP (so that nobody can lock the
    admin out from elsewhere with five requests), failures from this IP for any address
    (spraying many addresses), and a much higher one for the address from all IPs
    (guessing from many machines).
    """
    window_start = timezone.now() - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    recent = LoginFailure.objects.filter(created_at__gte=window_start)
    for_address = recent.filter(email=email.strip().lower())
    checks = [(for_address, settings.LOGIN_ADDRESS_FAILURE_LIMIT)]
    if ip_address:
        checks += [
            (for_address.filter(ip_address=ip_address), settings.LOGIN_FAILURE_LIMIT),
            (recent.filter(ip_address=ip_address), settings.LOGIN_IP_FAILURE_LIMIT),
        ]
    else:
        checks.append((for_address, settings.LOGIN_FAILURE_LIMIT))
    return max(_minutes_until_unlocked(failures, limit) for failures, limit in checks)
