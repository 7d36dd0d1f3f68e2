"""Standing groups: the team's list and detail (with join requests), and the public pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quartier.core.errors import DomainError
from quartier.groups import selectors, services
from quartier.organisations.selectors import organisation_get_for_user
from quartier.processes.selectors import process_get_for_user


@login_required
def group_list(request: HttpRequest, org_slug: str, process_slug: str) -> HttpResponse:
    organisation = organisation_get_for_user(user=request.user, slug=org_slug)
    process = process_get_for_user(user=request.user, organisation=organisation, slug=process_slug)
    return render(
        request,
        "groups/group_list.html",
        {
            "organisation": organisation,
            "process": process,
            "groups": selectors.group_list_for_process(process=process),
            "nav": "processes",
        },
    )


@login_required
def group_detail(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organisation = organisation_get_for_user(user=request.user, slug=org_slug)
    group = selectors.group_get_for_user(user=request.user, organisation=organisation, pk=pk)
    can_manage = request.user.has_perm("groups.manage_group", group)
    return render(
        request,
        "groups/group_detail.html",
        {
            "organisation": organisation,
            "process": group.process,
            "group": group,
            "members": selectors.group_members(group=group),
            "requests": selectors.group_open_requests(group=group) if can_manage else [],
            "can_manage": can_manage,
            "nav": "processes",
        },
    )


@login_required
@require_POST
def join_request_decide(
    request: HttpRequest, org_slug: str, pk: int, request_id: int
) -> HttpResponse:
    organisation = organisation_get_for_user(user=request.user, slug=org_slug)
    group = selectors.group_get_for_user(
        user=request.user, organisation=organisation, pk=pk, perm="groups.manage_group"
    )
    join_request = selectors.group_open_requests(group=group).filter(pk=request_id).first()
    if join_request is None:
        messages.error(request, _("This request has been answered already."))
    else:
        accept = request.POST.get("decision") == "accept"
        services.join_request_decide(request=join_request, actor=request.user, accept=accept)
        messages.success(
            request,
            _("Request accepted. Please get in touch.") if accept else _("Request declined."),
        )
    return redirect("groups:detail", org_slug=org_slug, pk=pk)


def public_group_list(request: HttpRequest, org_slug: str, process_slug: str) -> HttpResponse:
    process, groups = selectors.public_groups(org_slug=org_slug, process_slug=process_slug)
    return render(request, "groups/public_list.html", {"process": process, "groups": groups})


def public_group_detail(
    request: HttpRequest, org_slug: str, process_slug: str, pk: int
) -> HttpResponse:
    process, _groups = selectors.public_groups(org_slug=org_slug, process_slug=process_slug)
    group = selectors.public_group_get(process=process, pk=pk)
    error, done = "", False
    if request.method == "POST":
        try:
            services.join_request_create(
                group=group,
                name=request.POST.get("name", ""),
                contact_details=request.POST.get("contact", ""),
                message=request.POST.get("message", ""),
                consent=request.POST.get("consent") == "on",
                user=request.user,
            )
        except DomainError as exc:
            error = str(exc)
        else:
            done = True
    return render(
        request,
        "groups/public_detail.html",
        {
            "process": process,
            "group": group,
            "member_count": group.members.count(),
            "error": error,
            "done": done,
            "data": request.POST,
        },
    )
