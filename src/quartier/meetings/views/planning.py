"""Plan meetings: list and search, create, change, invite, attendance, finish, calendar."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quartier.core.errors import DomainError
from quartier.formats.registry import all_formats, get_format
from quartier.groups.models import Group
from quartier.meetings.calendar import meeting_ics
from quartier.meetings.forms import InviteesForm, MeetingForm
from quartier.meetings.rules import moderated_groups, on_team
from quartier.meetings.selectors.meetings import meeting_list_for_user, participant_count
from quartier.meetings.services import invitations as invitation_services
from quartier.meetings.services import meetings as services
from quartier.meetings.views.common import get_meeting, get_process, meeting_url
from quartier.organisations.rules import is_org_organizer
from quartier.processes.models import Process


def _groups(request: HttpRequest, process: Process) -> Any:
    organisation = process.organisation
    if is_org_organizer(request.user, organisation) or on_team(request.user, process):
        return Group.objects.filter(process=process, archived_at__isnull=True)
    return moderated_groups(request.user, process)


@login_required
def meeting_list(request: HttpRequest, org_slug: str, process_slug: str) -> HttpResponse:
    process = get_process(request, org_slug, process_slug)
    query = request.GET.get("q", "")[:100]
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "organisation": process.organisation,
            "process": process,
            "meetings": meeting_list_for_user(user=request.user, process=process, query=query),
            "query": query,
            "can_add": request.user.has_perm("meetings.add_meeting", process),
            "nav": "processes",
        },
    )


@login_required
def meeting_create(request: HttpRequest, org_slug: str, process_slug: str) -> HttpResponse:
    process = get_process(request, org_slug, process_slug)
    if not request.user.has_perm("meetings.add_meeting", process):
        raise PermissionDenied
    format_key = request.POST.get("format_key") or request.GET.get("format") or "small_group"
    try:
        manifest = get_format(format_key)
    except DomainError:
        manifest = get_format("small_group")
    form = MeetingForm(
        request.POST or None,
        process=process,
        groups=_groups(request, process),
        manifest=manifest,
        initial={"format_key": manifest.key, "moderator": request.user.pk},
    )
    if request.method == "POST" and request.POST.get("change_format"):
        form = MeetingForm(
            None,
            process=process,
            groups=_groups(request, process),
            manifest=manifest,
            initial={**request.POST.dict(), "format_key": manifest.key},
        )
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_create(
                process=process,
                actor=request.user,
                format_key=data["format_key"],
                title=data["title"],
                starts_at=data["starts_at"],
                place=data.get("place", ""),
                place_ref=data.get("place_ref"),
                moderator=data.get("moderator"),
                group=data.get("group"),
                settings=form.settings_data(),
                invite_users=data.get("invite_users") or [],
                invite_contacts=data.get("invite_contacts") or [],
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Meeting planned."))
            return redirect(meeting.get_absolute_url())
    return render(
        request,
        "meetings/meeting_form.html",
        {
            "organisation": process.organisation,
            "process": process,
            "form": form,
            "manifest": manifest,
            "formats": all_formats(kind="meeting"),
            "nav": "processes",
        },
    )


@login_required
def meeting_edit(request: HttpRequest, org_slug: str, process_slug: str, pk: int) -> HttpResponse:
    meeting = get_meeting(request, org_slug, process_slug, pk, perm="meetings.run_meeting")
    initial = {
        "title": meeting.title,
        "starts_at": meeting.starts_at,
        "place": meeting.place,
        "place_ref": meeting.place_ref_id,
        "moderator": meeting.moderator_id,
        "group": meeting.group_id,
        **{f"setting_{key}": meeting.setting(key) for key in meeting.manifest.default_settings()},
    }
    form = MeetingForm(
        request.POST or None,
        process=meeting.process,
        groups=_groups(request, meeting.process),
        manifest=meeting.manifest,
        editing=True,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.meeting_update(
                meeting=meeting,
                actor=request.user,
                title=data["title"],
                starts_at=data["starts_at"],
                place=data.get("place", ""),
                place_ref=data.get("place_ref"),
                moderator=data.get("moderator"),
                group=data.get("group"),
                settings=form.settings_data(),
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Changes saved."))
            return redirect(meeting.get_absolute_url())
    return render(
        request,
        "meetings/meeting_form.html",
        {
            "organisation": meeting.organisation,
            "process": meeting.process,
            "meeting": meeting,
            "form": form,
            "manifest": meeting.manifest,
            "nav": "processes",
        },
    )


@login_required
def meeting_detail(request: HttpRequest, org_slug: str, process_slug: str, pk: int) -> HttpResponse:
    meeting = get_meeting(request, org_slug, process_slug, pk)
    manifest = meeting.manifest
    invitees = list(meeting.invitees.select_related("user", "contact"))
    can_run = request.user.has_perm("meetings.run_meeting", meeting)
    low, high = manifest.recommended_participants or (0, 0)
    count = participant_count(meeting=meeting)
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "organisation": meeting.organisation,
            "process": meeting.process,
            "meeting": meeting,
            "manifest": manifest,
            "invitees": invitees,
            "count": count,
            "size_warning": manifest.participant_warning(count),
            "low": low,
            "high": high,
            "can_run": can_run,
            "takes_part": request.user.has_perm("meetings.take_part", meeting),
            "invite_form": InviteesForm(
                organisation=meeting.organisation,
                exclude=[i.user_id for i in invitees if i.user_id],
            )
            if can_run
            else None,
            "nav": "processes",
        },
    )


@login_required
@require_POST
def invitees_add(request: HttpRequest, org_slug: str, process_slug: str, pk: int) -> HttpResponse:
    meeting = get_meeting(request, org_slug, process_slug, pk, perm="meetings.run_meeting")
    form = InviteesForm(request.POST, organisation=meeting.organisation, exclude=[])
    if form.is_valid():
        try:
            added = services.invitees_add(
                meeting=meeting,
                actor=request.user,
                users=form.cleaned_data["users"],
                names=form.cleaned_data["names"].splitlines(),
            )
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("%(count)s people added.") % {"count": added})
    else:
        messages.error(request, _("Please check the list of people."))
    return redirect(meeting.get_absolute_url())


@login_required
@require_POST
def attendance(
    request: HttpRequest, org_slug: str, process_slug: str, pk: int, invitee_pk: int
) -> HttpResponse:
    meeting = get_meeting(request, org_slug, process_slug, pk, perm="meetings.run_meeting")
    invitee = get_object_or_404(meeting.invitees, pk=invitee_pk)
    services.attendance_set(
        invitee=invitee, actor=request.user, attended=request.POST.get("attended") == "1"
    )
    from quartier.meetings.views.common import back

    return back(request, meeting, default="detail")


@login_required
@require_POST
def invitee_remove(
    request: HttpRequest, org_slug: str, process_slug: str, pk: int, invitee_pk: int
) -> HttpResponse:
    meeting = get_meeting(request, org_slug, process_slug, pk, perm="meetings.run_meeting")
    invitee = get_object_or_404(meeting.invitees, pk=invitee_pk)
    services.invitee_remove(invitee=invitee, actor=request.user)
    messages.success(request, _("Removed from the meeting."))
    return redirect(meeting.get_absolute_url())


@login_required
def meeting_finish(request: HttpRequest, org_slug: str, process_slug: str, pk: int) -> HttpResponse:
    meeting = get_meeting(request, org_slug, process_slug, pk, perm="meetings.run_meeting")
    if request.method == "POST":
        services.meeting_finish(meeting=meeting, actor=request.user)
        messages.success(request, _("The meeting is finished. Here is its protocol."))
        return redirect(meeting_url(meeting, "protocol"))
    question = _("Finish “%(title)s”? The timer stops and the protocol is written.") % {
        "title": meeting.title
    }
    if meeting.manifest.confidential:
        question += " " + _(
            "All cases are deleted now, except those their case givers keep privately."
        )
    return render(
        request,
        "core/confirm.html",
        {
            "organisation": meeting.organisation,
            "title": _("Finish meeting"),
            "question": question,
            "confirm_label": _("Finish meeting"),
            "cancel_url": meeting_url(meeting, "run"),
        },
    )


@login_required
def calendar(request: HttpRequest, org_slug: str, process_slug: str, pk: int) -> HttpResponse:
    meeting = get_meeting(request, org_slug, process_slug, pk)
    response = HttpResponse(meeting_ics(meeting), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="treffen-{meeting.pk}.ics"'
    return response


@login_required
@require_POST
def invitations_send(
    request: HttpRequest, org_slug: str, process_slug: str, pk: int
) -> HttpResponse:
    meeting = get_meeting(request, org_slug, process_slug, pk, perm="meetings.run_meeting")
    sent = invitation_services.invitations_send(
        meeting=meeting, actor=request.user, only_new=request.POST.get("only_new") == "1"
    )
    if sent:
        messages.success(request, _("%(count)s invitations sent.") % {"count": sent})
    else:
        messages.warning(request, _("Nobody with an e-mail address to invite."))
    return redirect(meeting.get_absolute_url())
