from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quartier.core.errors import DomainError
from quartier.lottery.categories import value_label
from quartier.lottery.charts import bar_chart, series_labels
from quartier.lottery.explain import explain
from quartier.lottery.forms import QuotaForm, SeedForm
from quartier.lottery.models import CATEGORY_LABELS, PanelDraw, Status
from quartier.lottery.selectors import active_job, pool_stats, status_counts
from quartier.lottery.services.selection import (
    latest_draw,
    lottery_publish,
    quotas_propose,
    quotas_save,
    selection_start,
)
from quartier.lottery.views.common import context, load


@login_required
def pool(request: HttpRequest, org_slug: str, process_slug: str, pk: int) -> HttpResponse:
    lottery = load(request, org_slug, process_slug, pk)
    stats = pool_stats(lottery)
    charts = [(s, bar_chart(s, f"chart-{s.category}")) for s in stats]
    return render(
        request,
        "lottery/pool.html",
        context(
            request,
            lottery,
            "pool",
            charts=charts,
            series=series_labels(),
            counts=status_counts(lottery),
            letters=lottery.letters.count(),
        ),
    )


@login_required
def selection(request: HttpRequest, org_slug: str, process_slug: str, pk: int) -> HttpResponse:
    lottery = load(request, org_slug, process_slug, pk)
    quotas = lottery.quotas or quotas_propose(lottery=lottery)
    quota_form = QuotaForm(
        request.POST if request.POST.get("action") == "quotas" else None, quotas=quotas
    )
    seed_form = SeedForm(request.POST if request.POST.get("action") == "draw" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "propose":
                quotas_save(
                    lottery=lottery, actor=request.user, quotas=quotas_propose(lottery=lottery)
                )
                messages.success(request, _("Quotas proposed from the population shares."))
                return redirect("lottery:selection", org_slug, process_slug, pk)
            if action == "quotas" and quota_form.is_valid():
                quotas_save(lottery=lottery, actor=request.user, quotas=quota_form.quotas())
                messages.success(request, _("Quotas saved."))
                return redirect("lottery:selection", org_slug, process_slug, pk)
            if action == "relax":
                failed_draw = get_object_or_404(lottery.draws, pk=request.POST.get("draw"))
                relaxed = (failed_draw.infeasibility or {}).get("quotas")
                if relaxed:
                    quotas_save(lottery=lottery, actor=request.user, quotas=relaxed)
                    messages.success(request, _("The proposed relaxation was applied. Draw again."))
                return redirect("lottery:selection", org_slug, process_slug, pk)
            if action == "draw" and seed_form.is_valid():
                selection_start(
                    lottery=lottery, actor=request.user, seed=seed_form.cleaned_data["seed"]
                )
                return redirect("lottery:selection", org_slug, process_slug, pk)
            if action == "publish":
                lottery_publish(
                    lottery=lottery,
                    actor=request.user,
                    published=request.POST.get("published") == "1",
                )
                return redirect("lottery:selection", org_slug, process_slug, pk)
        except DomainError as error:
            messages.error(request, str(error))
            return redirect("lottery:selection", org_slug, process_slug, pk)
    last = lottery.draws.first()
    draw = latest_draw(lottery)
    failed = last if last is not None and last.infeasibility and not last.selected else None
    rows = []
    if draw is not None:
        for registration in lottery.registrations.exclude(status=Status.POOL).order_by(
            "status", "reserve_rank", "pool_id"
        ):
            registration.labels = [  # type: ignore[attr-defined]
                value_label(lottery, c, registration.features.get(c, ""))
                for c in lottery.quota_categories
            ]
            rows.append(registration)
    quota_rows = [
        (
            row,
            quota_form[f"min_{i}"],
            quota_form[f"max_{i}"],
            CATEGORY_LABELS.get(row["category"], row["category"]),
            value_label(lottery, row["category"], row["value"]),
        )
        for i, row in enumerate(quota_form.rows)
    ]
    return render(
        request,
        "lottery/selection.html",
        context(
            request,
            lottery,
            "selection",
            quota_form=quota_form,
            quota_rows=quota_rows,
            seed_form=seed_form,
            job=active_job(lottery, "selection"),
            draw=draw,
            failed=failed,
            explanation=explain(lottery, failed.infeasibility) if failed else None,
            rows=rows,
            pool_size=lottery.registrations.exclude(status=Status.CANCELLED).count(),
        ),
    )


@login_required
def audit_download(
    request: HttpRequest, org_slug: str, process_slug: str, pk: int, draw_id: int
) -> HttpResponse:
    lottery = load(request, org_slug, process_slug, pk)
    draw = get_object_or_404(PanelDraw, lottery=lottery, pk=draw_id)
    return audit_response(draw)


def audit_response(draw: PanelDraw) -> HttpResponse:
    response = HttpResponse(
        json.dumps(draw.audit, indent=1, ensure_ascii=False, sort_keys=True),
        content_type="application/json",
    )
    response["Content-Disposition"] = 'attachment; filename="audit.json"'
    return response


@login_required
@require_POST
def publish(request: HttpRequest, org_slug: str, process_slug: str, pk: int) -> HttpResponse:
    lottery = load(request, org_slug, process_slug, pk)
    lottery_publish(lottery=lottery, actor=request.user, published=True)
    return redirect("lottery:selection", org_slug, process_slug, pk)
