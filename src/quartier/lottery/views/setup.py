from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quartier.core.errors import DomainError
from quartier.lottery.forms import LotteryForm, MunicipalityForm
from quartier.lottery.models import Job
from quartier.lottery.selectors import lotteries_of, process_for_lottery
from quartier.lottery.services.setup import (
    lottery_create,
    lottery_update,
    municipality_delete,
    municipality_save,
)
from quartier.lottery.views.common import context, load
from quartier.organisations.selectors import organisation_get_for_user


@login_required
def lottery_list(request: HttpRequest, org_slug: str, process_slug: str) -> HttpResponse:
    organisation = organisation_get_for_user(user=request.user, slug=org_slug)
    process = process_for_lottery(
        user=request.user, organisation=organisation, process_slug=process_slug
    )
    form = LotteryForm(
        request.POST or None,
        process=process,
        initial={
            "letters_count": 1000,
            "panel_size": 40,
            "min_age": 16,
            "strata": ["register", "age_band", "sex"],
            "quota_categories": ["register", "age_band", "sex"],
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            lottery = lottery_create(process=process, actor=request.user, **form.values())
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Lottery “%(title)s” created. Now add the municipalities.")
                % {"title": lottery.title},
            )
            return redirect("lottery:setup", org_slug, process_slug, lottery.pk)
    return render(
        request,
        "lottery/list.html",
        {
            "organisation": organisation,
            "process": process,
            "nav": "processes",
            "lotteries": lotteries_of(process),
            "form": form,
        },
    )


@login_required
def overview(request: HttpRequest, org_slug: str, process_slug: str, pk: int) -> HttpResponse:
    return redirect("lottery:setup", org_slug, process_slug, pk)


@login_required
def setup(request: HttpRequest, org_slug: str, process_slug: str, pk: int) -> HttpResponse:
    lottery = load(request, org_slug, process_slug, pk)
    form = LotteryForm(request.POST or None, instance=lottery, process=lottery.process)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        lottery.refresh_from_db()  # the ModelForm changed the instance in memory
        try:
            lottery_update(lottery=lottery, actor=request.user, **values)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Settings saved."))
            return redirect("lottery:setup", org_slug, process_slug, pk)
    return render(
        request,
        "lottery/setup.html",
        context(
            request,
            lottery,
            "setup",
            form=form,
            municipalities=lottery.municipalities.all(),
            translations=lottery.translations.all(),
        ),
    )


@login_required
def municipality_edit(
    request: HttpRequest, org_slug: str, process_slug: str, pk: int, mid: int | None = None
) -> HttpResponse:
    lottery = load(request, org_slug, process_slug, pk)
    municipality = get_object_or_404(lottery.municipalities, pk=mid) if mid else None
    form = MunicipalityForm(
        request.POST or None, request.FILES or None, instance=municipality, lottery=lottery
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("signature_file")
        values = {k: form.cleaned_data[k] for k in MunicipalityForm.Meta.fields}
        values["figures_key"] = form.cleaned_data.get("figures_key", "")
        if "languages" in form.cleaned_data:
            values["languages"] = form.cleaned_data["languages"]
        if municipality is not None:
            municipality.refresh_from_db()
        try:
            saved = municipality_save(
                lottery=lottery,
                actor=request.user,
                municipality=municipality,
                signature=upload.read() if upload else None,
                signature_type=getattr(upload, "content_type", "") if upload else "",
                **values,
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Municipality “%(name)s” saved.") % {"name": saved.name})
            return redirect("lottery:setup", org_slug, process_slug, pk)
    return render(
        request,
        "lottery/municipality.html",
        context(request, lottery, "setup", form=form, municipality=municipality),
    )


@login_required
@require_POST
def municipality_remove(
    request: HttpRequest, org_slug: str, process_slug: str, pk: int, mid: int
) -> HttpResponse:
    lottery = load(request, org_slug, process_slug, pk)
    municipality = get_object_or_404(lottery.municipalities, pk=mid)
    try:
        municipality_delete(municipality=municipality, actor=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Municipality removed."))
    return redirect("lottery:setup", org_slug, process_slug, pk)


@login_required
def job_status(
    request: HttpRequest, org_slug: str, process_slug: str, pk: int, job_id: int
) -> HttpResponse:
    """The progress bar fragment; htmx polls it while the job runs."""
    lottery = load(request, org_slug, process_slug, pk)
    job = get_object_or_404(Job, lottery=lottery, pk=job_id)
    response = render(request, "lottery/_job.html", context(request, lottery, "", job=job))
    if not job.active:
        response["HX-Refresh"] = "true"
    return response
