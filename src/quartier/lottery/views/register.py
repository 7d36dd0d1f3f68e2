from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quartier.core.errors import DomainError
from quartier.lottery.charts import comparison_chart
from quartier.lottery.comparison import make_up_comparisons
from quartier.lottery.forms import MappingForm, SeedForm, UploadForm
from quartier.lottery.register import ERROR_MESSAGES, FIELDS, REASON_LABELS, missing_fields
from quartier.lottery.services.draw import invitations_draw
from quartier.lottery.services.extracts import (
    extract_configure,
    extract_delete,
    extract_import_start,
    extract_upload,
)
from quartier.lottery.services.retention import register_access_logged
from quartier.lottery.views.common import context, load


@login_required
def register(request: HttpRequest, org_slug: str, process_slug: str, pk: int) -> HttpResponse:
    lottery = load(request, org_slug, process_slug, pk)
    form = UploadForm(request.POST or None, request.FILES or None, lottery=lottery)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            extract = extract_upload(
                lottery=lottery,
                municipality=form.cleaned_data["municipality"],
                actor=request.user,
                filename=upload.name,
                chunks=upload.chunks(),
                kind=form.cleaned_data["kind"],
            )
        except DomainError as error:
            form.add_error("file", str(error))
        else:
            return redirect("lottery:extract", org_slug, process_slug, pk, extract.pk)
    extracts = list(lottery.extracts.select_related("municipality"))
    populations = {m.name: m.population for m in lottery.municipalities.all()}
    for extract in extracts:
        importing = extract.status == "importing"
        jobs = lottery.jobs.filter(kind="import", target_id=extract.pk)
        extract.job = jobs.first() if importing else None  # type: ignore[attr-defined]
        extract.population = populations.get(extract.municipality.name)  # type: ignore[attr-defined]
    comparisons = [
        (comparison, comparison_chart(comparison, f"compare-{index}"))
        for index, comparison in enumerate(make_up_comparisons(lottery))
    ]
    return render(
        request,
        "lottery/register.html",
        context(
            request, lottery, "register", form=form, extracts=extracts, comparisons=comparisons
        ),
    )


@login_required
def extract(
    request: HttpRequest, org_slug: str, process_slug: str, pk: int, eid: int
) -> HttpResponse:
    lottery = load(request, org_slug, process_slug, pk)
    item = get_object_or_404(lottery.extracts.select_related("municipality"), pk=eid)
    columns = item.mapping.get("columns", {})
    initial = {f"col_{k}": "" if v is None else str(v) for k, v in columns.items()} | {
        "postcodes": ", ".join(item.mapping.get("postcodes", [])),
        "exclude": "\n".join(item.mapping.get("exclude", [])),
    }
    form = MappingForm(request.POST or None, headers=item.headers, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            extract_configure(
                extract=item,
                columns=form.columns(),
                postcodes=form.postcode_list(),
                exclude=form.exclude_list(),
                encoding=form.cleaned_data.get("encoding", ""),
            )
            extract_import_start(extract=item, actor=request.user)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The import has started."))
            return redirect("lottery:register", org_slug, process_slug, pk)
    if item.status == "uploaded":
        register_access_logged(
            lottery=lottery, actor=request.user, what=f"extract {item.pk} preview"
        )
    errors = [e | {"message": ERROR_MESSAGES.get(e["code"], e["code"])} for e in item.errors]
    return render(
        request,
        "lottery/extract.html",
        context(
            request,
            lottery,
            "register",
            extract=item,
            form=form,
            missing=missing_fields(columns) if request.method != "POST" else [],
            fields=FIELDS,
            errors=errors,
            reasons=[(REASON_LABELS.get(k, k), v) for k, v in item.reasons.items()],
        ),
    )


@login_required
@require_POST
def extract_remove(
    request: HttpRequest, org_slug: str, process_slug: str, pk: int, eid: int
) -> HttpResponse:
    lottery = load(request, org_slug, process_slug, pk)
    item = get_object_or_404(lottery.extracts, pk=eid)
    try:
        extract_delete(extract=item, actor=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The extract was deleted."))
    return redirect("lottery:register", org_slug, process_slug, pk)


@login_required
def draw(request: HttpRequest, org_slug: str, process_slug: str, pk: int) -> HttpResponse:
    lottery = load(request, org_slug, process_slug, pk)
    form = SeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            count = invitations_draw(
                lottery=lottery,
                actor=request.user,
                seed=form.cleaned_data["seed"],
                announced=form.cleaned_data["announced"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("%(count)s people were drawn for a letter.") % {"count": count}
            )
            return redirect("lottery:draw", org_slug, process_slug, pk)
    lists = lottery.invitation_audit.get("lists", []) if lottery.invitation_audit else []
    return render(
        request, "lottery/draw.html", context(request, lottery, "draw", form=form, lists=lists)
    )


@login_required
def draw_audit(request: HttpRequest, org_slug: str, process_slug: str, pk: int) -> HttpResponse:
    import json

    lottery = load(request, org_slug, process_slug, pk)
    response = HttpResponse(
        json.dumps(lottery.invitation_audit, indent=1, ensure_ascii=False),
        content_type="application/json",
    )
    response["Content-Disposition"] = f'attachment; filename="einladungen-{lottery.pk}-audit.json"'
    return response
