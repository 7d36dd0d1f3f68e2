"""A small cache-based throttle: codes cannot be tried in bulk from one address."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest

WINDOW_SECONDS = 15 * 60
MAX_FAILURES = 10


def _key(request: HttpRequest) -> str:
    return f"lottery-code-failures:{request.META.get('REMOTE_ADDR', '')}"


def is_blocked(request: HttpRequest) -> bool:
    return int(cache.get(_key(request), 0)) >= MAX_FAILURES


def record_failure(request: HttpRequest) -> None:
    key = _key(request)
    if cache.add(key, 1, WINDOW_SECONDS):
        return
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, WINDOW_SECONDS)
