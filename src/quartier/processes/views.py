from __future__ import annotations

from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quartier.core.errors import DomainError
from quartier.core.http import AuthenticatedRequest
from quartier.core.personal import personal_sections_for
from quartier.organisations.selectors import organisation_get_for_user
from quartier.processes import selectors, services
from quartier.processes.dashboard import panels_for
from quartier.processes.forms import DeleteConfirmForm, ProcessForm
from quartier.processes.models import Process, Status


def _process(
    request: HttpRequest, org_slug: str, slug: str, perm: str = "processes.view_process"
) -> Process:
    organisation = organisation_get_for_user(user=request.user, slug=org_slug)
    return selectors.process_get_for_user(
        user=request.user, organisation=organisation, slug=slug, perm=perm
    )


@login_required
def process_list(request: AuthenticatedRequest, org_slug: str) -> HttpResponse:
    organisation = organisation_get_for_user(user=request.user, slug=org_slug)
    archived = request.GET.get("archived") == "1"
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    processes = selectors.process_list_for_user(
        user=request.user, organisation=organisation, archived=archived, status=status
    )
    context = {
        "organisation": organisation,
        "processes": processes,
        "archived": archived,
        "status": status,
        "statuses": Status.choices,
        "can_add": request.user.has_perm("processes.add_process", organisation),
        "nav": "processes",
        "personal": []
        if archived or status
        else personal_sections_for(user=request.user, organisation=organisation),
    }
    # Someone on no team who only takes part sees their things, not an empty process list.
    context["only_personal"] = bool(
        context["personal"] and not processes.exists() and not context["can_add"]
    )
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "process-list":
        return render(request, "processes/process_list.html#process-list", context)
    return render(request, "processes/process_list.html", context)


@login_required
def process_create(request: AuthenticatedRequest, org_slug: str) -> HttpResponse:
    organisation = organisation_get_for_user(user=request.user, slug=org_slug)
    if not request.user.has_perm("processes.add_process", organisation):
        raise PermissionDenied
    form = ProcessForm(
        request.POST or None, organisation=organisation, initial={"team": [request.user.pk]}
    )
    if request.method == "POST" and form.is_valid():
        try:
            process = services.process_create(
                organisation=organisation, actor=request.user, **form.cleaned_data
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Process created."))
            return redirect("processes:detail", org_slug=org_slug, slug=process.slug)
    return render(
        request, "processes/process_form.html", {"organisation": organisation, "form": form}
    )


@login_required
def process_detail(request: AuthenticatedRequest, org_slug: str, slug: str) -> HttpResponse:
    process = _process(request, org_slug, slug)
    return render(
        request,
        "processes/process_detail.html",
        {
            "organisation": process.organisation,
            "process": process,
            "panels": panels_for(request, process),
            "can_change": request.user.has_perm("processes.change_process", process),
            "can_delete": request.user.has_perm("processes.delete_process", process),
            "nav": "processes",
        },
    )


@login_required
def process_edit(request: AuthenticatedRequest, org_slug: str, slug: str) -> HttpResponse:
    process = _process(request, org_slug, slug, perm="processes.change_process")
    form = ProcessForm(request.POST or None, instance=process, organisation=process.organisation)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.process_update(
                process=Process.objects.get(pk=process.pk), actor=request.user, **data
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Changes saved."))
            return redirect("processes:detail", org_slug=org_slug, slug=process.slug)
    return render(
        request,
        "processes/process_form.html",
        {
            "organisation": process.organisation,
            "process": process,
            "form": form,
        },
    )


@login_required
def process_archive(request: AuthenticatedRequest, org_slug: str, slug: str) -> HttpResponse:
    process = _process(request, org_slug, slug, perm="processes.archive_process")
    if request.method == "POST":
        services.process_archive(process=process, actor=request.user)
        messages.success(
            request,
            _("“%(title)s” was archived. You can restore it from the archive.")
            % {"title": process.title},
        )
        return redirect("processes:list", org_slug=org_slug)
    return render(
        request,
        "core/confirm.html",
        {
            "organisation": process.organisation,
            "title": _("Archive process"),
            "question": _(
                "Archive “%(title)s”? It disappears from the overview but nothing is deleted; you can restore it at any time."
            )
            % {"title": process.title},
            "confirm_label": _("Archive"),
            "cancel_url": process.get_absolute_url(),
        },
    )


@login_required
@require_POST
def process_restore(request: AuthenticatedRequest, org_slug: str, slug: str) -> HttpResponse:
    process = _process(request, org_slug, slug, perm="processes.archive_process")
    services.process_restore(process=process, actor=request.user)
    messages.success(request, _("“%(title)s” was restored.") % {"title": process.title})
    return redirect("processes:detail", org_slug=org_slug, slug=slug)


@login_required
def process_delete(request: AuthenticatedRequest, org_slug: str, slug: str) -> HttpResponse:
    process = _process(request, org_slug, slug, perm="processes.delete_process")
    form = DeleteConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.process_delete(
                process=process,
                actor=request.user,
                confirm_title=form.cleaned_data["confirm_title"],
            )
        except DomainError as exc:
            form.add_error("confirm_title", str(exc))
        else:
            messages.success(request, _("“%(title)s” was deleted.") % {"title": process.title})
            return redirect("processes:list", org_slug=org_slug)
    return render(
        request,
        "processes/process_delete.html",
        {
            "organisation": process.organisation,
            "process": process,
            "form": form,
        },
    )


@login_required
def process_publication(request: AuthenticatedRequest, org_slug: str, slug: str) -> HttpResponse:
    """Which public pages of the process anyone may see; each answers 404 until switched on."""
    process = _process(request, org_slug, slug)
    can_publish = request.user.has_perm("processes.publish_process", process)
    if request.method == "POST":
        if not can_publish:
            raise PermissionDenied
        published = request.POST.get("published") == "1"
        try:
            services.publication_set(
                process=process,
                actor=request.user,
                page=request.POST.get("page", ""),
                published=published,
            )
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("The page is public now.") if published else _("The page is no longer public."),
            )
        return redirect("processes:publication", org_slug=org_slug, slug=slug)
    pages = selectors.publication_states(process=process)
    return render(
        request,
        "processes/publication.html",
        {
            "organisation": process.organisation,
            "process": process,
            "pages": pages,
            "can_publish": can_publish,
            "hub": _hub_link(process, pages),
            "nav": "processes",
        },
    )


def _hub_link(process: Process, pages: list[Any]) -> dict[str, str] | None:
    """The address to share (and its QR code) once anything is published."""
    if not any(published for _page, published, _url in pages):
        return None
    url = settings.SITE_URL + reverse(
        "processes_public:hub", args=[process.organisation.slug, process.slug]
    )
    qr = segno.make(url, error="m").svg_inline(scale=4, title=str(_("QR code of the address")))
    return {"url": url, "qr": qr}
