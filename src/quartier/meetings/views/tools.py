"""Posts from the tools of a phase: topics, concerns, summary, next steps, agenda, decisions."""

from __future__ import annotations

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


@login_required
@require_POST
def topic_add(request: HttpRequest, org_slug: str, process_slug: str, pk: int) -> HttpResponse:
    meeting = _run(request, org_slug, process_slug, pk)
    form = TopicForm(request.POST)
    if form.is_valid():
        try:
            content.topic_add(meeting=meeting, actor=request.user, title=form.cleaned_data["title"])
        except DomainError as exc:
            messages.error(request, str(exc))
    else:
        _form_errors(request, form)
    return back(request, meeting)


@login_required
@require_POST
def concern_add(request: HttpRequest, org_slug: str, process_slug: str, pk: int) -> HttpResponse:
    meeting = _run(request, org_slug, process_slug, pk)
    form = ConcernForm(request.POST)
    if form.is_valid():
        try:
            content.concern_add(meeting=meeting, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Concern noted."))
    else:
        _form_errors(request, form)
    return back(request, meeting)


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
    form = SummaryForm(request.POST)
    if form.is_valid():
        content.summary_save(
            meeting=meeting, actor=request.user, summary=form.cleaned_data["summary"]
        )
        messages.success(request, _("Summary saved."))
    return back(request, meeting)


@login_required
@require_POST
def result_save(request: HttpRequest, org_slug: str, process_slug: str, pk: int) -> HttpResponse:
    meeting = _run(request, org_slug, process_slug, pk)
    form = ResultNoteForm(request.POST)
    if form.is_valid():
        content.result_note_save(
            meeting=meeting, actor=request.user, note=form.cleaned_data["result_note"]
        )
        messages.success(request, _("Result note saved."))
    else:
        _form_errors(request, form)
    return back(request, meeting)


@login_required
@require_POST
def next_step_add(request: HttpRequest, org_slug: str, process_slug: str, pk: int) -> HttpResponse:
    meeting = _run(request, org_slug, process_slug, pk)
    form = NextStepForm(request.POST, organisation=meeting.organisation)
    if form.is_valid():
        try:
            content.next_step_add(meeting=meeting, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Next step added as a task."))
    else:
        _form_errors(request, form)
    return back(request, meeting)


@login_required
@require_POST
def agenda_add(request: HttpRequest, org_slug: str, process_slug: str, pk: int) -> HttpResponse:
    meeting = _run(request, org_slug, process_slug, pk)
    form = AgendaItemForm(request.POST)
    if form.is_valid():
        content.agenda_item_add(
            meeting=meeting, actor=request.user, title=form.cleaned_data["title"]
        )
    else:
        _form_errors(request, form)
    return back(request, meeting)


@login_required
@require_POST
def decision_add(request: HttpRequest, org_slug: str, process_slug: str, pk: int) -> HttpResponse:
    meeting = _run(request, org_slug, process_slug, pk)
    form = DecisionForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            content.decision_add(meeting=meeting, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Decision recorded."))
    else:
        _form_errors(request, form)
    return back(request, meeting)
