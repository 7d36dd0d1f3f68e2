"""Standing groups for members and moderators: the list, the group page, and its actions
(goal and mission, public page, members, join requests, tasks, next meeting, log, e-mail)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quartier.core.errors import DomainError
from quartier.groups import selectors, services
from quartier.groups.models import Group, GroupRole
from quartier.organisations.selectors import organisation_get_for_user
from quartier.processes.selectors import is_published, process_get_for_user

GroupAction = Callable[..., str]


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
            "page_published": is_published(process=process, page=selectors.GROUPS_PAGE),
            "nav": "processes",
        },
    )


@login_required
def group_detail(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organisation = organisation_get_for_user(user=request.user, slug=org_slug)
    group = selectors.group_get_for_user(user=request.user, organisation=organisation, pk=pk)
    can_manage = request.user.has_perm("groups.manage_group", group)
    members = list(selectors.group_members(group=group))
    return render(
        request,
        "groups/group_detail.html",
        {
            "organisation": organisation,
            "process": group.process,
            "group": group,
            "members": members,
            "roles": GroupRole.choices,
            "requests": selectors.group_open_requests(group=group) if can_manage else [],
            "candidates": (
                selectors.member_candidates(group=group, user=request.user) if can_manage else []
            ),
            "tasks": selectors.group_tasks(group=group),
            "next_meetings": selectors.group_meetings(group=group),
            "log": selectors.group_log(group=group),
            "sent_messages": selectors.group_messages(group=group) if can_manage else [],
            "with_email": sum(
                1 for m in members if (m.contact and m.contact.email) or (m.user and m.user.email)
            ),
            "can_manage": can_manage,
            "can_work": request.user.has_perm("groups.work_in_group", group),
            "page_published": is_published(process=group.process, page=selectors.GROUPS_PAGE),
            "today": timezone.localdate(),
            "nav": "processes",
        },
    )


def group_action(perm: str, anchor: str) -> Callable[[GroupAction], Callable[..., HttpResponse]]:
    """A POST-only action on a group; reports success or the domain error, then returns to
    the group page at ``anchor``."""

    def decorate(action: GroupAction) -> Callable[..., HttpResponse]:
        @login_required
        @require_POST
        def view(request: HttpRequest, org_slug: str, pk: int, **kwargs: Any) -> HttpResponse:
            organisation = organisation_get_for_user(user=request.user, slug=org_slug)
            group = selectors.group_get_for_user(
                user=request.user, organisation=organisation, pk=pk, perm=perm
            )
            try:
                message = action(request, group, **kwargs)
            except DomainError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, message)
            return redirect(group.get_absolute_url() + anchor)

        view.__name__ = action.__name__
        return view

    return decorate


@group_action("groups.manage_group", "#about")
def group_edit(request: HttpRequest, group: Group) -> str:
    services.group_update(
        group=group,
        actor=request.user,
        title=request.POST.get("title", ""),
        goal=request.POST.get("goal", ""),
        mission=request.POST.get("mission", ""),
        is_open=request.POST.get("is_open") == "on",
    )
    return _("Changes saved.")


@group_action("groups.manage_group", "#about")
def group_publish(request: HttpRequest, group: Group) -> str:
    published = request.POST.get("published") == "1"
    services.group_publish(group=group, actor=request.user, published=published)
    if published:
        return _("The group's page is public (once the process publishes its groups page).")
    return _("The group's page is no longer public.")


@group_action("groups.manage_group", "#requests")
def join_request_decide(request: HttpRequest, group: Group, request_id: int) -> str:
    join_request = selectors.group_open_requests(group=group).filter(pk=request_id).first()
    if join_request is None:
        raise DomainError(_("This request has been answered already."))
    accept = request.POST.get("decision") == "accept"
    services.join_request_decide(request=join_request, actor=request.user, accept=accept)
    if accept:
        return _("%(name)s is a member now.") % {"name": join_request.name}
    return _("Request declined.")


def _member(group: Group, member_id: int) -> Any:
    member = group.members.filter(pk=member_id).select_related("contact", "user").first()
    if member is None:
        raise Http404
    return member


@group_action("groups.manage_group", "#members")
def member_role(request: HttpRequest, group: Group, member_id: int) -> str:
    member = _member(group, member_id)
    services.member_set_role(member=member, actor=request.user, role=request.POST.get("role", ""))
    return _("Role changed.")


@group_action("groups.manage_group", "#members")
def member_remove(request: HttpRequest, group: Group, member_id: int) -> str:
    member = _member(group, member_id)
    services.member_remove(member=member, actor=request.user)
    return _("%(name)s is no longer a member.") % {"name": str(member.contact or member.user)}


@group_action("groups.work_in_group", "#tasks")
def task_add(request: HttpRequest, group: Group) -> str:
    owner_id = request.POST.get("owner") or ""
    owner = _member(group, int(owner_id)) if owner_id.isdigit() else None
    due = request.POST.get("due_on", "")
    due_on: date | None = parse_date(due) if due else None
    services.group_task_add(
        group=group,
        actor=request.user,
        title=request.POST.get("title", ""),
        owner_member=owner,
        due_on=due_on,
    )
    return _("Task added.")


@group_action("groups.work_in_group", "#tasks")
def task_done(request: HttpRequest, group: Group, task_id: int) -> str:
    task = selectors.group_tasks(group=group).filter(pk=task_id).first()
    if task is None:
        raise Http404
    services.group_task_done(group=group, task=task, actor=request.user)
    return _("“%(title)s” is done.") % {"title": task.title}


@group_action("groups.work_in_group", "#log")
def log_note(request: HttpRequest, group: Group) -> str:
    services.group_log_note(group=group, actor=request.user, text=request.POST.get("text", ""))
    return _("Added to the log.")


@group_action("groups.manage_group", "#meeting")
def meeting_plan(request: HttpRequest, group: Group) -> str:
    raw = request.POST.get("starts_at", "")
    starts_at: datetime | None = parse_datetime(raw) if raw else None
    if starts_at is None:
        raise DomainError(_("Please give the date and time of the meeting."))
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    meeting = services.group_meeting_plan(
        group=group,
        actor=request.user,
        title=request.POST.get("title", ""),
        starts_at=starts_at,
        place=request.POST.get("place", ""),
    )
    return _("Meeting planned; %(n)s members invited.") % {"n": meeting.invitees.count()}


@group_action("groups.manage_group", "#message")
def message_send(request: HttpRequest, group: Group) -> str:
    message = services.group_message_send(
        group=group,
        actor=request.user,
        subject=request.POST.get("subject", ""),
        body=request.POST.get("body", ""),
    )
    return _("Sent to %(n)s members.") % {"n": message.recipients}


@group_action("groups.manage_group", "#meeting")
def meeting_remind(request: HttpRequest, group: Group, meeting_id: int) -> str:
    meeting = selectors.group_meetings(group=group).filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404
    reminder = services.meeting_reminder_send(meeting=meeting, actor=request.user)
    return _("Reminder sent to %(n)s people.") % {"n": reminder.recipients}


@group_action("groups.manage_group", "#members")
def member_add(request: HttpRequest, group: Group) -> str:
    contact_id = request.POST.get("contact", "")
    candidates = selectors.member_candidates(group=group, user=request.user)
    contact = next((c for c in candidates if str(c.pk) == contact_id), None)
    if contact is None:
        raise DomainError(_("Choose a person who took part in this process."))
    services.member_add(group=group, actor=request.user, contact=contact)
    return _("%(name)s is a member now.") % {"name": contact.full_name}
