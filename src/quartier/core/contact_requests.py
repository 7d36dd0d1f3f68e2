"""The public "get in touch" pages (ask to join a group, offer help for a need, take up an
open end) ask the same four things of someone without an account and need the same
protection against bulk posting, so they share one reading of the form and one limit.

Each app's service still decides what a valid request is and writes it; this module only
turns the POST into arguments, counts requests per address and reports the outcome.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext as _

from quartier.core.errors import DomainError

#: Requests one address may send to all public contact forms together in the window.
MAX_REQUESTS = 10
WINDOW_SECONDS = 60 * 60


@dataclass(frozen=True)
class ContactDetails:
    name: str
    contact: str
    message: str
    consent: bool


@dataclass(frozen=True)
class ContactRequestOutcome:
    done: bool = False
    error: str = ""


def _key(request: HttpRequest) -> str:
    return f"public-contact-requests:{request.META.get('REMOTE_ADDR', '')}"


def _count(request: HttpRequest) -> None:
    key = _key(request)
    if cache.add(key, 1, WINDOW_SECONDS):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)


def contact_request_handle(
    request: HttpRequest, submit: Callable[[ContactDetails], object]
) -> ContactRequestOutcome:
    """Read a posted contact form and hand it to ``submit`` (a service call).

    A GET is no request at all. An address that has sent ``MAX_REQUESTS`` requests in the
    last hour is asked to wait, before anything is written.
    """
    if request.method != "POST":
        return ContactRequestOutcome()
    if int(cache.get(_key(request), 0)) >= MAX_REQUESTS:
        return ContactRequestOutcome(
            error=_("Too many requests from your connection. Please try again in an hour.")
        )
    details = ContactDetails(
        name=request.POST.get("name", ""),
        contact=request.POST.get("contact", ""),
        message=request.POST.get("message", ""),
        consent=request.POST.get("consent") == "on",
    )
    try:
        submit(details)
    except DomainError as exc:
        return ContactRequestOutcome(error=str(exc))
    _count(request)
    return ContactRequestOutcome(done=True)
