"""How participant actions answer: JSON for the page script, a redirect for plain forms."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from quartier.core.errors import DomainError


def wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def throttled_response(request: HttpRequest, error: Any, *, back: str = "") -> HttpResponse:
    """429 with the wait in ``Retry-After``: the phone keeps the action and sends it then."""
    if wants_json(request) or not back:
        if wants_json(request):
            response: HttpResponse = JsonResponse(
                {
                    "ok": False,
                    "code": error.code,
                    "message": str(error),
                    "retry_after": error.retry_after,
                },
                status=429,
            )
        else:
            response = render(request, "events/throttled.html", {"message": str(error)}, status=429)
    else:
        messages.error(request, str(error))
        response = redirect(back)
    response["Retry-After"] = str(error.retry_after)
    return response


def action_response(
    request: HttpRequest,
    *,
    back: str,
    ok_message: str = "",
    result: dict[str, Any] | None = None,
    error: DomainError | None = None,
) -> HttpResponse:
    if wants_json(request):
        if error is not None:
            return JsonResponse(
                {"ok": False, "code": error.code, "message": str(error)}, status=400
            )
        return JsonResponse({"ok": True, "message": ok_message, **(result or {})})
    if error is not None:
        messages.error(request, str(error))
    elif ok_message:
        messages.success(request, ok_message)
    return redirect(back)
