"""The public transparency page of a panel draw: 404 until the organizers publish it."""

from __future__ import annotations

import csv
import io

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from quartier.lottery.selectors import lottery_public, published_lotteries_of
from quartier.lottery.services.selection import latest_draw
from quartier.lottery.views.selection import audit_response
from quartier.processes.publication import LOTTERY_TRANSPARENCY
from quartier.processes.selectors import public_process_get


def _draw(public_id: str):  # type: ignore[no-untyped-def]
    from django.http import Http404

    lottery = lottery_public(public_id=public_id)
    draw = latest_draw(lottery)
    if draw is None:
        raise Http404
    return lottery, draw


def process_draws(request: HttpRequest, org_slug: str, process_slug: str) -> HttpResponse:
    """The process's public lottery page: its published draws; 404 while none is."""
    process = public_process_get(
        org_slug=org_slug, process_slug=process_slug, page=LOTTERY_TRANSPARENCY
    )
    lotteries = published_lotteries_of(process)
    return render(
        request, "lottery/public/process_draws.html", {"process": process, "lotteries": lotteries}
    )


def transparency(request: HttpRequest, public_id: str) -> HttpResponse:
    lottery, draw = _draw(public_id)
    return render(
        request,
        "lottery/public/transparency.html",
        {"lottery": lottery, "draw": draw, "audit": draw.audit, "moves": draw.moves},
    )


def audit_json(request: HttpRequest, public_id: str) -> HttpResponse:
    _lottery, draw = _draw(public_id)
    return audit_response(draw)


def pool_csv(request: HttpRequest, public_id: str) -> HttpResponse:
    """The pool as the engine saw it: pseudonymous ids and self-reported features only."""
    _lottery, draw = _draw(public_id)
    categories = list(dict.fromkeys(q["category"] for q in draw.quotas))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", *categories])
    for pool_id, features in draw.pool:
        writer.writerow([pool_id, *(features.get(c, "") for c in categories)])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="pool.csv"'
    return response


def quotas_csv(request: HttpRequest, public_id: str) -> HttpResponse:
    _lottery, draw = _draw(public_id)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["feature", "value", "min", "max"])
    for q in draw.quotas:
        writer.writerow([q["category"], q["value"], q["min"], q["max"]])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="quotas.csv"'
    return response
