from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from quartier.organisations.selectors import organisation_list_for_user


def home(request: HttpRequest) -> HttpResponse:
    """Start page: straight into the only organisation, a chooser for several, or set-up."""
    if not request.user.is_authenticated:
        return render(request, "core/landing.html")
    organisations = list(organisation_list_for_user(user=request.user))
    if len(organisations) == 1:
        return redirect("processes:list", org_slug=organisations[0].slug)
    return render(request, "core/home.html", {"organisations": organisations})


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)
