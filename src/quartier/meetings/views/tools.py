"""Posts from the tools of a phase: topics, concerns, summary, next steps, agenda, decisions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quartier.core.errors import DomainError
from quartier.meetings.forms import (
    AgendaItemForm,
    ConcernForm,
    DecisionForm,
    NextStepForm,
    ResultNoteForm,
    SummaryForm,
    TopicForm,
)
from quartier.meetings.models import Meeting
from quartier.meetings.services import content
from quartier.meetings.views.common import back, get_meeting


def _form_errors(request: HttpRequest, form: forms.Form) -> None:
    errors = form.errors
    for field, messages_ in errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for message in messages_:
            messages.error(request, f"{label}: {message}" if label else str(message))


def _run(request: HttpRequest, org_slug: str, process_slug: str, pk: int) -> Meeting:
    return get_meeting(request, org_slug, process_slug, pk, perm="meetings.run_meeting")


def _submit(
    request: HttpRequest,
    meeting: Meeting,
    form: forms.Form,
    write: Callable[[dict[str, Any]], object],
    success: str = "",
) -> HttpResponse:
    """Every tool post ends the same way: validate, write, say what happened, go back.

    Errors (field or domain) become messages so the facilitation screen, which is
    re-rendered rather than the form, still shows them.
    """
    if not form.is_valid():
        _form_errors(request, form)
    else:
        try:
            write(form.cleaned_data)
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            if success:
                messages.success(request, success)
    return back(request, meeting)


@login_required
@require_POST
def topic_add(request: HttpRequest, org_slug: str, process_slug: str, pk: int) -> HttpResponse:
    meeting = _run(request, org_slug, process_slug, pk)
    return _submit(
        request,
        meeting,
        TopicForm(request.POST),
        lambda data: content.topic_add(meeting=meeting, actor=request.user, title=data["title"]),
    )


@login_required
@require_POST
def concern_add(request: HttpRequest, org_slug: str, process_slug: str, pk: int) -> HttpResponse:
    meeting = _run(request, org_slug, process_slug, pk)
    return _submit(
        request,
        meeting,
        ConcernForm(request.POST),
        lambda data: content.concern_add(meeting=meeting, actor=request.user, **data),
        _("Concern noted."),
    )


@login_required
@require_POST
def concern_delete(
    request: HttpRequest, org_slug: str, process_slug: str, pk: int, concern_pk: int
) -> HttpResponse:
    meeting = _run(request, org_slug, process_slug, pk)
    concern = get_object_or_404(meeting.concerns, pk=concern_pk)
    content.concern_delete(concern=concern, actor=request.user)
    return back(request, meeting)


@login_required
@require_POST
def summary_save(request: HttpRequest, org_slug: str, process_slug: str, pk: int) -> HttpResponse:
    meeting = _run(request, org_slug, process_slug, pk)
    return _submit(
        request,
        meeting,
        SummaryForm(request.POST),
        lambda data: content.summary_save(
            meeting=meeting, actor=request.user, summary=data["summary"]
        ),
        _("Summary saved."),
    )


@login_required
@require_POST
def result_save(request: HttpRequest, org_slug: str, process_slug: str, pk: int) -> HttpResponse:
    meeting = _run(request, org_slug, process_slug, pk)
    return _submit(
        request,
        meeting,
        ResultNoteForm(request.POST),
        lambda data: content.result_note_save(
            meeting=meeting, actor=request.user, note=data["result_note"]
        ),
        _("Result note saved."),
    )


@login_required
@require_POST
def next_step_add(request: HttpRequest, org_slug: str, process_slug: str, pk: int) -> HttpResponse:
    meeting = _run(request, org_slug, process_slug, pk)
    return _submit(
        request,
        meeting,
        NextStepForm(request.POST, organisation=meeting.organisation),
        lambda data: content.next_step_add(meeting=meeting, actor=request.user, **data),
        _("Next step added as a task."),
    )


@login_required
@require_POST
def agenda_add(request: HttpRequest, org_slug: str, process_slug: str, pk: int) -> HttpResponse:
    meeting = _run(request, org_slug, process_slug, pk)
    return _submit(
        request,
        meeting,
        AgendaItemForm(request.POST),
        lambda data: content.agenda_item_add(
            meeting=meeting, actor=request.user, title=data["title"]
        ),
    )


@login_required
@require_POST
def decision_add(request: HttpRequest, org_slug: str, process_slug: str, pk: int) -> HttpResponse:
    meeting = _run(request, org_slug, process_slug, pk)
    return _submit(
        request,
        meeting,
        DecisionForm(request.POST, meeting=meeting),
        lambda data: content.decision_add(meeting=meeting, actor=request.user, **data),
        _("Decision recorded."),
    )
