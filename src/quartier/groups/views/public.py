"""The public pages of standing groups: only groups that published their page, and only
once the process has published its groups page; a "mitmachen" request goes to the moderator."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from quartier.core.contact_requests import contact_request_handle
from quartier.groups import selectors, services


def public_group_list(request: HttpRequest, org_slug: str, process_slug: str) -> HttpResponse:
    process, groups = selectors.public_groups(org_slug=org_slug, process_slug=process_slug)
    return render(request, "groups/public_list.html", {"process": process, "groups": groups})


def public_group_detail(
    request: HttpRequest, org_slug: str, process_slug: str, pk: int
) -> HttpResponse:
    process, _groups = selectors.public_groups(org_slug=org_slug, process_slug=process_slug)
    group = selectors.public_group_get(process=process, pk=pk)
    outcome = contact_request_handle(
        request,
        lambda details: services.join_request_create(
            group=group,
            name=details.name,
            contact_details=details.contact,
            message=details.message,
            consent=details.consent,
            user=request.user,
        ),
    )
    return render(
        request,
        "groups/public_detail.html",
        {
            "process": process,
            "group": group,
            "member_count": group.members.count(),
            "error": outcome.error,
            "done": outcome.done,
            "data": request.POST,
        },
    )
