"""The facilitation screen, the projector screen, the timer and the phase plan."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import select_template
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quartier.core.errors import DomainError
from quartier.meetings.forms import (
    AgendaItemForm,
    CaseForm,
    ConcernForm,
    DecisionForm,
    NewPhaseForm,
    NextStepForm,
    NotesForm,
    PhaseForm,
    ResultNoteForm,
    SummaryForm,
    TopicForm,
)
from quartier.meetings.models import Meeting
from quartier.meetings.selectors.cases import cases_for_user, tally_for_user
from quartier.meetings.selectors.meetings import phase_get, phase_plan
from quartier.meetings.services import facilitation
from quartier.meetings.services import plan as plan_services
from quartier.meetings.views.common import (
    back,
    get_meeting,
    is_htmx,
    meeting_url,
    render_state,
    state_context,
)

_TOOL_TEMPLATES: dict[str, str | None] = {}


def tool_template(tool: str) -> str | None:
    """The meeting screen shows a tool when a template for it exists (event tools do not)."""
    if tool not in _TOOL_TEMPLATES:
        try:
            _TOOL_TEMPLATES[tool] = select_template([f"meetings/tools/{tool}.html"]).template.name
        except TemplateDoesNotExist:
            _TOOL_TEMPLATES[tool] = None
    return _TOOL_TEMPLATES[tool]


def tool_context(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    from quartier.followups.selectors import tasks_for_source

    phase = meeting.current_phase
    tools = [t for t in (phase.tools if phase else ()) if tool_template(t)]
    return {
        "tools": tools,
        "tool_templates": [tool_template(t) for t in tools],
        "notes_form": NotesForm(initial={"notes": phase.notes}) if phase else None,
        "topic_form": TopicForm(),
        "concern_form": ConcernForm(),
        "summary_form": SummaryForm(initial={"summary": meeting.summary}),
        "result_form": ResultNoteForm(initial={"result_note": meeting.result_note}),
        "next_step_form": NextStepForm(organisation=meeting.organisation),
        "agenda_form": AgendaItemForm(),
        "decision_form": DecisionForm(meeting=meeting),
        "case_form": CaseForm(),
        "topics": meeting.topics.all(),
        "concerns": meeting.concerns.all(),
        "tasks": tasks_for_source(source=meeting),
        "agenda_items": meeting.agenda_items.prefetch_related("decisions"),
        "decisions": meeting.decisions.filter(agenda_item__isnull=True),
        "invitees": meeting.invitees.all(),
        "cases": cases_for_user(user=request.user, meeting=meeting)
        if meeting.manifest.confidential or "cases" in tools or "vote" in tools or "split" in tools
        else [],
        "tally": tally_for_user(user=request.user, meeting=meeting) if "vote" in tools else [],
        "consultation_groups": meeting.consultation_groups.prefetch_related("members"),
        "default_groups": meeting.setting("groups") or 1,
        "here": meeting_url(meeting, "run"),
    }


@login_required
def run(request: HttpRequest, org_slug: str, process_slug: str, pk: int) -> HttpResponse:
    meeting = get_meeting(request, org_slug, process_slug, pk, perm="meetings.run_meeting")
    context = state_context(request, meeting, view="run")
    context.update(tool_context(request, meeting))
    context["nav"] = "processes"
    return render(request, "meetings/run.html", context)


@login_required
def screen(request: HttpRequest, org_slug: str, process_slug: str, pk: int) -> HttpResponse:
    meeting = get_meeting(request, org_slug, process_slug, pk)
    return render(request, "meetings/screen.html", state_context(request, meeting, view="screen"))


@login_required
def state(request: HttpRequest, org_slug: str, process_slug: str, pk: int) -> HttpResponse:
    meeting = get_meeting(request, org_slug, process_slug, pk)
    view = request.GET.get("view", "screen")
    if view not in {"run", "screen", "participant"}:
        view = "screen"
    return render_state(request, meeting, view)


_ACTIONS = {
    "start": facilitation.timer_start,
    "pause": facilitation.timer_pause,
    "next": facilitation.phase_next,
    "skip": facilitation.phase_skip,
    "back": facilitation.phase_back,
}


@login_required
@require_POST
def timer(
    request: HttpRequest, org_slug: str, process_slug: str, pk: int, action: str
) -> HttpResponse:
    meeting = get_meeting(request, org_slug, process_slug, pk, perm="meetings.run_meeting")
    try:
        if action == "extend":
            try:
                minutes = int(request.POST.get("minutes", "1"))
            except ValueError:
                minutes = 0
            facilitation.timer_extend(meeting=meeting, actor=request.user, minutes=minutes)
        elif action in _ACTIONS:
            _ACTIONS[action](meeting=meeting, actor=request.user)
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, str(exc))
    if is_htmx(request):
        meeting.refresh_from_db()
        return render_state(request, meeting, "run")
    return back(request, meeting)


@login_required
@require_POST
def notes_save(
    request: HttpRequest, org_slug: str, process_slug: str, pk: int, phase_pk: int
) -> HttpResponse:
    meeting = get_meeting(request, org_slug, process_slug, pk, perm="meetings.run_meeting")
    phase = phase_get(meeting=meeting, pk=phase_pk)
    form = NotesForm(request.POST)
    if form.is_valid():
        try:
            facilitation.phase_notes_save(
                phase=phase, actor=request.user, notes=form.cleaned_data["notes"]
            )
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Saved."))
    return back(request, meeting)


@login_required
def plan(request: HttpRequest, org_slug: str, process_slug: str, pk: int) -> HttpResponse:
    meeting = get_meeting(request, org_slug, process_slug, pk, perm="meetings.run_meeting")
    rows = [
        (
            row,
            PhaseForm(
                initial={"title": row.phase.custom_title, "minutes": row.phase.minutes},
                prefix=f"phase-{row.phase.pk}",
            ),
        )
        for row in phase_plan(meeting=meeting)
    ]
    return render(
        request,
        "meetings/plan.html",
        {
            "organisation": meeting.organisation,
            "process": meeting.process,
            "meeting": meeting,
            "rows": rows,
            "total": sum(row.phase.minutes for row, _form in rows),
            "new_form": NewPhaseForm(),
            "nav": "processes",
        },
    )


@login_required
@require_POST
def plan_phase(
    request: HttpRequest, org_slug: str, process_slug: str, pk: int, phase_pk: int, action: str
) -> HttpResponse:
    meeting = get_meeting(request, org_slug, process_slug, pk, perm="meetings.run_meeting")
    phase = phase_get(meeting=meeting, pk=phase_pk)
    try:
        if action == "up":
            plan_services.phase_move(phase=phase, actor=request.user, offset=-1)
        elif action == "down":
            plan_services.phase_move(phase=phase, actor=request.user, offset=1)
        elif action == "remove":
            plan_services.phase_remove(phase=phase, actor=request.user)
        elif action == "update":
            form = PhaseForm(request.POST, prefix=f"phase-{phase.pk}")
            if not form.is_valid():
                raise DomainError(_("A phase lasts between 0 and 600 minutes."), code="bad_minutes")
            plan_services.phase_update(
                phase=phase,
                actor=request.user,
                minutes=form.cleaned_data["minutes"],
                title=form.cleaned_data["title"],
            )
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, str(exc))
    return back(request, meeting, default="plan")


@login_required
@require_POST
def plan_add(request: HttpRequest, org_slug: str, process_slug: str, pk: int) -> HttpResponse:
    meeting = get_meeting(request, org_slug, process_slug, pk, perm="meetings.run_meeting")
    form = NewPhaseForm(request.POST)
    if form.is_valid():
        try:
            plan_services.phase_add(
                meeting=meeting,
                actor=request.user,
                title=form.cleaned_data["title"],
                minutes=form.cleaned_data["minutes"],
            )
        except DomainError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(
            request, _("Give the new phase a title and a duration from 0 to 600 minutes.")
        )
    return redirect(meeting_url(meeting, "plan"))
