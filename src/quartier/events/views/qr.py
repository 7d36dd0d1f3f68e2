"""The join QR code as an inline SVG data URI (the CSP allows ``img-src data:``)."""

from __future__ import annotations

import segno
from django.http import HttpRequest
from django.urls import reverse

from quartier.events.models import Event


def join_url(request: HttpRequest, event: Event) -> str:
    return request.build_absolute_uri(reverse("events:join", args=[event.join_code]))


def qr_data_uri(request: HttpRequest, event: Event) -> str:
    return str(segno.make(join_url(request, event), error="m").svg_data_uri(scale=8, border=2))
