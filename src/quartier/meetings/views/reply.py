"""The accept/decline page behind the link in an invitation: no account, no login."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from quartier.core.errors import DomainError
from quartier.meetings.services.replies import invitee_for_token, invitee_reply


def invitation_reply(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitee = invitee_for_token(token)
    except DomainError as invalid:
        return render(request, "meetings/reply.html", {"error": str(invalid)}, status=404)
    error = ""
    if request.method == "POST" and request.POST.get("answer") in {"accept", "decline"}:
        try:
            invitee = invitee_reply(invitee=invitee, accept=request.POST["answer"] == "accept")
        except DomainError as exc:
            error = str(exc)
    meeting = invitee.meeting
    return render(
        request,
        "meetings/reply.html",
        {
            "invitee": invitee,
            "meeting": meeting,
            "when": timezone.localtime(meeting.starts_at),
            "error": error,
            "answered": request.method == "POST" and not error,
        },
    )
