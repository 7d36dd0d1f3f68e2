"""The protocol: read, correct, finalize, and export as PDF and Markdown."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quartier.core.errors import DomainError
from quartier.meetings.forms import ProtocolForm
from quartier.meetings.models import Meeting, Protocol
from quartier.meetings.protocol.html import markdown_html
from quartier.meetings.protocol.pdf import protocol_pdf
from quartier.meetings.services import protocol as services
from quartier.meetings.views.common import get_meeting, meeting_url
from quartier.reach.mentions import resolve_mentions


def _protocol(request: HttpRequest, meeting: Meeting) -> Protocol:
    return services.protocol_get_or_create(meeting=meeting, actor=request.user)


@login_required
def protocol_view(request: HttpRequest, org_slug: str, process_slug: str, pk: int) -> HttpResponse:
    meeting = get_meeting(request, org_slug, process_slug, pk)
    protocol = _protocol(request, meeting)
    can_edit = request.user.has_perm("meetings.run_meeting", meeting)
    form = ProtocolForm(request.POST or None, initial={"body": protocol.body})
    preview = None
    if request.method == "POST":
        if not can_edit:
            raise Http404
        if "preview" in request.POST and form.is_valid():
            preview = markdown_html(form.cleaned_data["body"], organisation=meeting.organisation)
        elif form.is_valid():
            try:
                services.protocol_correct(
                    protocol=protocol,
                    actor=request.user,
                    body=form.cleaned_data["body"],
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The protocol was corrected."))
                return redirect(meeting_url(meeting, "protocol"))
    return render(
        request,
        "meetings/protocol.html",
        {
            "organisation": meeting.organisation,
            "process": meeting.process,
            "meeting": meeting,
            "protocol": protocol,
            "protocol_html": markdown_html(protocol.body, organisation=meeting.organisation),
            "preview": preview,
            "versions": protocol.versions.select_related("created_by"),
            "form": form if can_edit else None,
            "can_edit": can_edit,
            "nav": "processes",
        },
    )


@login_required
def protocol_finalize(
    request: HttpRequest, org_slug: str, process_slug: str, pk: int
) -> HttpResponse:
    """GET asks for confirmation (showing what will be final); POST finalizes."""
    meeting = get_meeting(request, org_slug, process_slug, pk, perm="meetings.run_meeting")
    protocol = _protocol(request, meeting)
    if request.method != "POST":
        if protocol.is_final:
            return redirect(meeting_url(meeting, "protocol"))
        return render(
            request,
            "meetings/protocol_finalize.html",
            {
                "organisation": meeting.organisation,
                "process": meeting.process,
                "meeting": meeting,
                "protocol": protocol,
                "protocol_html": markdown_html(protocol.body, organisation=meeting.organisation),
                "recipients": meeting.invitees.filter(attended=True).exclude(email="").count(),
                "nav": "processes",
            },
        )
    send = request.POST.get("send") == "1"
    services.protocol_finalize(protocol=protocol, actor=request.user, send=send)
    messages.success(request, _("The protocol is final. Later corrections are kept as versions."))
    return redirect(meeting_url(meeting, "protocol"))


@login_required
@require_POST
def protocol_regenerate(
    request: HttpRequest, org_slug: str, process_slug: str, pk: int
) -> HttpResponse:
    meeting = get_meeting(request, org_slug, process_slug, pk, perm="meetings.run_meeting")
    try:
        services.protocol_regenerate(protocol=_protocol(request, meeting), actor=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The protocol was rebuilt from the meeting."))
    return redirect(meeting_url(meeting, "protocol"))


def _body(request: HttpRequest, protocol: Protocol) -> tuple[str, str]:
    """The text to download, with the current names of the people it mentions."""
    organisation = protocol.meeting.organisation
    number = request.GET.get("version")
    if number:
        version = protocol.versions.filter(number=number).first()
        if version is None:
            raise Http404
        return resolve_mentions(version.body, organisation=organisation), f"v{version.number}"
    latest = protocol.versions.first()
    label = f"v{latest.number}" if latest and protocol.is_final else _("draft")
    return resolve_mentions(protocol.body, organisation=organisation), label


def _filename(meeting: Meeting, label: str, ext: str) -> str:
    return f"protokoll-{slugify(meeting.title)[:40] or meeting.pk}-{slugify(label)}.{ext}"


@login_required
def protocol_markdown(
    request: HttpRequest, org_slug: str, process_slug: str, pk: int
) -> HttpResponse:
    meeting = get_meeting(request, org_slug, process_slug, pk)
    body, label = _body(request, _protocol(request, meeting))
    response = HttpResponse(body, content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(meeting, label, "md")}"'
    return response


@login_required
def protocol_pdf_view(
    request: HttpRequest, org_slug: str, process_slug: str, pk: int
) -> HttpResponse:
    meeting = get_meeting(request, org_slug, process_slug, pk)
    body, label = _body(request, _protocol(request, meeting))
    pdf = protocol_pdf(
        markdown=body, organisation=meeting.organisation.name, title=meeting.title, version=label
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(meeting, label, "pdf")}"'
    return response
