"""The public pages of standing groups: only groups that published their page, and only
once the process has published its groups page; a "mitmachen" request goes to the moderator."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from quartier.core.errors import DomainError
from quartier.groups import selectors, services


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
