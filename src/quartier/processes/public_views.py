"""The process's public start page: one address for everything it has published."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from quartier.processes import selectors


def public_hub(request: HttpRequest, org_slug: str, process_slug: str) -> HttpResponse:
    process, pages = selectors.public_hub_get(org_slug=org_slug, process_slug=process_slug)
    return render(request, "processes/public_hub.html", {"process": process, "pages": pages})
