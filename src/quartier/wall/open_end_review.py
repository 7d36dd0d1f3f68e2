"""The team's open-ends register with its review step (edit, merge, drop, mark public,
take up by a group, bring back to a later event)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quartier.core.errors import DomainError
from quartier.organisations.selectors import organisation_get_for_user
from quartier.processes.models import Process
from quartier.processes.selectors import is_published, process_get_for_user
from quartier.wall import selectors, services
from quartier.wall.models import OpenEnd, OpenEndStatus

ReviewAction = Callable[[HttpRequest, Process, OpenEnd], str]


def _process(request: HttpRequest, org_slug: str, process_slug: str) -> Process:
    organisation = organisation_get_for_user(user=request.user, slug=org_slug)
    return process_get_for_user(user=request.user, organisation=organisation, slug=process_slug)


@login_required
def open_end_register(request: HttpRequest, org_slug: str, process_slug: str) -> HttpResponse:
    """The process's open-ends register for the team, to review and with the interest received."""
    process = _process(request, org_slug, process_slug)
    rows = list(selectors.open_ends_for_process(process=process).prefetch_related("interests"))
    active = [r for r in rows if r.status not in (OpenEndStatus.MERGED, OpenEndStatus.DROPPED)]
    from quartier.groups.selectors import group_list_for_process

    return render(
        request,
        "wall/open_end_register.html",
        {
            "organisation": process.organisation,
            "process": process,
            "to_review": [r for r in active if r.status == OpenEndStatus.PENDING],
            "reviewed": [r for r in active if r.status != OpenEndStatus.PENDING],
            "set_aside": [r for r in rows if r not in active],
            "active": active,
            "groups": group_list_for_process(process=process),
            "events": process.events.order_by("-starts_at"),
            "can_review": request.user.has_perm("processes.moderate_process", process),
            "page_published": is_published(process=process, page=selectors.OPEN_ENDS_PAGE),
            "nav": "processes",
        },
    )


def review_action(action: ReviewAction) -> Callable[..., HttpResponse]:
    """POST only, for moderators of the process; reports the result and returns to the entry."""

    @login_required
    @require_POST
    def view(request: HttpRequest, org_slug: str, process_slug: str, pk: int) -> HttpResponse:
        process = _process(request, org_slug, process_slug)
        if not request.user.has_perm("processes.moderate_process", process):
            raise PermissionDenied
        open_end = OpenEnd.objects.filter(process=process, pk=pk).first()
        if open_end is None:
            raise Http404
        try:
            message = action(request, process, open_end)
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, message)
        url = redirect("wall:open_end_register", org_slug=org_slug, process_slug=process_slug)
        url["Location"] += f"#open-end-{pk}"
        return url

    view.__name__ = action.__name__
    return view


@review_action
def open_end_edit(request: HttpRequest, process: Process, open_end: OpenEnd) -> str:
    services.open_end_edit(
        open_end=open_end,
        actor=request.user,
        title=request.POST.get("title", ""),
        text=request.POST.get("text", ""),
        category=request.POST.get("category", open_end.category),
    )
    return _("Saved and marked as reviewed.")


@review_action
def open_end_publish(request: HttpRequest, process: Process, open_end: OpenEnd) -> str:
    public = request.POST.get("public") == "1"
    services.open_end_publish(open_end=open_end, actor=request.user, public=public)
    if public:
        return _("“%(title)s” is shown on the public page.") % {"title": open_end.title}
    return _("“%(title)s” is no longer shown publicly.") % {"title": open_end.title}


@review_action
def open_end_drop(request: HttpRequest, process: Process, open_end: OpenEnd) -> str:
    services.open_end_drop(open_end=open_end, actor=request.user)
    return _("“%(title)s” was dropped. You can restore it below.") % {"title": open_end.title}


@review_action
def open_end_restore(request: HttpRequest, process: Process, open_end: OpenEnd) -> str:
    services.open_end_restore(open_end=open_end, actor=request.user)
    return _("“%(title)s” is back in review.") % {"title": open_end.title}


@review_action
def open_end_merge(request: HttpRequest, process: Process, open_end: OpenEnd) -> str:
    target = OpenEnd.objects.filter(process=process, pk=request.POST.get("into") or 0).first()
    if target is None:
        raise DomainError(_("Choose the open end to merge into."), code="open_end_merge_target")
    services.open_end_merge(source=open_end, target=target, actor=request.user)
    return _("Merged into “%(title)s”; votes and interest moved with it.") % {"title": target.title}


@review_action
def open_end_take_up(request: HttpRequest, process: Process, open_end: OpenEnd) -> str:
    from quartier.groups.models import Group

    group = Group.objects.filter(process=process, pk=request.POST.get("group") or 0).first()
    if group is None:
        raise DomainError(_("Choose the group that takes it up."), code="open_end_group_missing")
    services.open_end_take_up(open_end=open_end, group=group, actor=request.user)
    return _("“%(group)s” takes up “%(title)s”.") % {"group": group.title, "title": open_end.title}


@review_action
def open_end_bring_back(request: HttpRequest, process: Process, open_end: OpenEnd) -> str:
    event = process.events.filter(pk=request.POST.get("event") or 0).first()
    if event is None:
        raise DomainError(_("Choose the event."), code="open_end_event_missing")
    if not request.user.has_perm("events.moderate_event", event):
        raise PermissionDenied
    services.open_end_revive(open_end=open_end, event=event, actor=request.user)
    return _("“%(title)s” is back on the wall of “%(event)s”.") % {
        "title": open_end.title,
        "event": event.title,
    }
