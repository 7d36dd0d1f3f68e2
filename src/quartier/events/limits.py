"""Rate limits for the live room, per participant and per IP address.

A hall of phones usually shares one public address (the venue's Wi-Fi), so the limits
per IP are generous and the limits per participant are what stops one phone from
flooding the wall. Wrong join codes are limited hard per address: together with long
codes this makes guessing an event's code hopeless.

Counters live in the default cache (Redis when configured, so every worker counts
together); a fixed window is enough here. With Redis every counter of a check (per
participant and per address, for one or more actions) is counted in one pipelined round
trip: a hall's actions would otherwise wait for eight. Every refusal is counted per
event so the moderators see it on the console.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.utils.translation import gettext_lazy as _

from quartier.core.errors import DomainError

HITS_WINDOW = 3600  # how long the console remembers refusals


@dataclass(frozen=True)
class Limit:
    per_participant: int  # 0: not counted per participant
    per_ip: int
    window: int  # seconds


DEFAULT_LIMITS: dict[str, Limit] = {
    "join": Limit(0, 600, 60),
    "code": Limit(0, 20, 300),  # wrong (or closed) codes tried from one address
    "post": Limit(12, 2400, 60),
    "support": Limit(60, 12000, 60),
    "vote": Limit(60, 12000, 60),
    "catchup": Limit(120, 30000, 60),
    "message": Limit(60, 60000, 10),  # websocket frames of one participant
}


class Throttled(DomainError):
    code = "throttled"

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            _("Too many actions in a short time. Please wait %(seconds)s seconds."),
            code="throttled",
            seconds=retry_after,
        )
        self.retry_after = retry_after


def limit_for(action: str) -> Limit:
    custom = getattr(settings, "LIVE_LIMITS", {}).get(action)
    return Limit(*custom) if custom else DEFAULT_LIMITS[action]


def _count(key: str, window: int) -> int:
    cache.add(key, 0, window + 1)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr: this is the first hit of a new window
        cache.set(key, 1, window + 1)
        return 1


def _redis() -> Any:
    """The Redis client behind the default cache, or None for another cache backend."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        return cast(Any, backend)._cache.get_client(write=True)  # Django's own client
    return None


def _counts(keys: list[tuple[str, int]]) -> list[int]:
    """Count one hit on each (key, window); the new counts. Redis: one round trip (an
    atomic SET NX with expiry + INCR per key, the values Django's cache reads as ints)."""
    client = _redis()
    if client is None:
        return [_count(key, window) for key, window in keys]
    pipe = client.pipeline(transaction=True)
    for key, window in keys:
        full = cache.make_and_validate_key(key)
        pipe.set(full, 0, ex=window + 1, nx=True)
        pipe.incr(full)
    return [int(n) for n in pipe.execute()[1::2]]


def limit_check(
    *,
    action: str,
    ip: str | None,
    participant_id: int | None = None,
    event_id: int | None = None,
    also: Sequence[str] = (),
) -> None:
    """Count one ``action`` (and each of ``also``); raise :class:`Throttled` once a limit
    of this window is used up."""
    now = time.time()
    checks: list[tuple[str, int, int, int]] = []  # key, allowed, window length, retry after
    for name in (action, *also):
        limit = limit_for(name)
        window = int(now // limit.window)
        retry_after = max(1, int((window + 1) * limit.window - now))
        if participant_id is not None and limit.per_participant:
            key = f"live-limit:{name}:p{participant_id}:{window}"
            checks.append((key, limit.per_participant, limit.window, retry_after))
        if ip and limit.per_ip:
            key = f"live-limit:{name}:ip{ip}:{window}"
            checks.append((key, limit.per_ip, limit.window, retry_after))
    counts = _counts([(key, length) for key, _allowed, length, _retry in checks])
    over = [
        retry for (_k, allowed, _l, retry), n in zip(checks, counts, strict=True) if n > allowed
    ]
    if over:
        if event_id is not None:
            hits_key = f"live-limit-hits:{event_id}"
            cache.add(hits_key, 0, HITS_WINDOW)
            cache.incr(hits_key)
        raise Throttled(max(over))


def limit_blocked(*, action: str, ip: str | None) -> None:
    """Refuse without counting when this address has used up ``action`` (wrong codes:
    after too many, even a right code is refused, so the answer tells a guesser nothing)."""
    limit = limit_for(action)
    now = time.time()
    window = int(now // limit.window)
    if ip and limit.per_ip:
        used = int(cache.get(f"live-limit:{action}:ip{ip}:{window}", 0))
        if used >= limit.per_ip:
            raise Throttled(max(1, int((window + 1) * limit.window - now)))


def limit_hits(*, event_id: int) -> int:
    """Refusals for this event in about the last hour (shown on the console)."""
    return int(cache.get(f"live-limit-hits:{event_id}", 0))


def client_ip(meta: dict[str, object]) -> str:
    return str(meta.get("REMOTE_ADDR") or "")
