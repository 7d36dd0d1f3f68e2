"""The participant's side of a collegial consultation and the moderator's case tools.

Every case shown here comes from ``selectors.cases``, which redacts what the viewer may
not read; templates never decide who sees a case.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quartier.core.errors import DomainError
from quartier.meetings.forms import CaseForm, CaseNoteForm
from quartier.meetings.models import Case
from quartier.meetings.selectors.cases import (
    case_get_for_user,
    cases_for_user,
    kept_cases_for_user,
    my_votes,
)
from quartier.meetings.services import consultation
from quartier.meetings.views.common import back, get_meeting, meeting_url, state_context


@login_required
def participant(request: HttpRequest, org_slug: str, process_slug: str, pk: int) -> HttpResponse:
    meeting = get_meeting(request, org_slug, process_slug, pk)
    cases = cases_for_user(user=request.user, meeting=meeting)
    votes = my_votes(user=request.user, meeting=meeting)
    context = state_context(request, meeting, view="participant")
    split_done = meeting.consultation_groups.exists()
    context.update(
        {
            "cases": cases,
            "my_group_cases": [c for c in cases if c.full and c.group_number is not None],
            "own_cases": [c for c in cases if c.is_own],
            "vote_rows": [(c, votes.get(c.pk, 0)) for c in cases],
            "kept": kept_cases_for_user(user=request.user, meeting=meeting)
            if meeting.is_finished
            else [],
            "takes_part": request.user.has_perm("meetings.take_part", meeting),
            "split_done": split_done,
            "case_form": CaseForm(),
            "note_form": CaseNoteForm(),
            "vote_method": meeting.setting("vote_method"),
            "dots": meeting.setting("dots_per_person"),
            "rank_choices": range(1, len(cases) + 1),
            "nav": "processes",
        }
    )
    return render(request, "meetings/participant.html", context)


@login_required
@require_POST
def case_submit(request: HttpRequest, org_slug: str, process_slug: str, pk: int) -> HttpResponse:
    meeting = get_meeting(request, org_slug, process_slug, pk)
    form = CaseForm(request.POST)
    if form.is_valid():
        try:
            consultation.case_submit(meeting=meeting, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Your case was added. Only your group will read it."))
    else:
        messages.error(request, _("Give your case a short title and describe it."))
    return back(request, meeting, default="participant")


def _case(request: HttpRequest, meeting: object, case_pk: int) -> Case:
    return case_get_for_user(user=request.user, meeting=meeting, pk=case_pk)  # type: ignore[arg-type]


@login_required
@require_POST
def case_withdraw(
    request: HttpRequest, org_slug: str, process_slug: str, pk: int, case_pk: int
) -> HttpResponse:
    meeting = get_meeting(request, org_slug, process_slug, pk)
    case = _case(request, meeting, case_pk)
    try:
        consultation.case_withdraw(case=case, actor=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    return back(request, meeting, default="participant")


@login_required
@require_POST
def votes_cast(request: HttpRequest, org_slug: str, process_slug: str, pk: int) -> HttpResponse:
    meeting = get_meeting(request, org_slug, process_slug, pk)
    points: dict[int, int] = {}
    for key in request.POST:
        value = request.POST.get(key, "")
        if key.startswith("case-") and value.strip():
            try:
                points[int(key.removeprefix("case-"))] = int(value)
            except ValueError:
                messages.error(request, _("Please enter whole numbers."))
                return back(request, meeting, default="participant")
    try:
        consultation.votes_cast(meeting=meeting, actor=request.user, points=points)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Your vote was saved. You can change it until the cases are chosen.")
        )
    return back(request, meeting, default="participant")


@login_required
@require_POST
def cases_select(request: HttpRequest, org_slug: str, process_slug: str, pk: int) -> HttpResponse:
    meeting = get_meeting(request, org_slug, process_slug, pk, perm="meetings.run_meeting")
    try:
        count = int(request.POST.get("count", "1"))
        chosen = consultation.cases_select(meeting=meeting, actor=request.user, count=count)
    except ValueError:
        messages.error(request, _("Please enter a whole number."))
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(count)s cases chosen.") % {"count": len(chosen)})
    return back(request, meeting)


@login_required
@require_POST
def split(request: HttpRequest, org_slug: str, process_slug: str, pk: int) -> HttpResponse:
    meeting = get_meeting(request, org_slug, process_slug, pk, perm="meetings.run_meeting")
    try:
        groups = int(request.POST.get("groups", "1"))
        made = consultation.consultation_split(meeting=meeting, actor=request.user, groups=groups)
    except ValueError:
        messages.error(request, _("Please enter a whole number."))
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        if made == 1:
            messages.success(request, _("Everyone works together in the plenum."))
        else:
            messages.success(request, _("%(count)s groups formed.") % {"count": made})
    return back(request, meeting)


@login_required
def groups_pdf(
    request: HttpRequest, org_slug: str, process_slug: str, pk: int, kind: str
) -> HttpResponse:
    """The small groups as a printable poster or personal slips (quartier.plans)."""
    from django.http import Http404
    from django.utils.text import slugify
    from django.utils.translation import get_language

    from quartier.engine.grouping.plans import PersonSchedule, Plan, ScheduleEntry
    from quartier.plans.pdf import plan_pdf

    if kind not in ("poster", "slips"):
        raise Http404
    meeting = get_meeting(request, org_slug, process_slug, pk, perm="meetings.run_meeting")
    column = meeting.title
    cells: dict[tuple[str, str], str] = {}
    schedules = []
    rows = []
    for group in meeting.consultation_groups.prefetch_related("members"):
        label = str(group)
        names = sorted(m.name for m in group.members.all())
        rows.append(label)
        cells[label, column] = ", ".join(names)
        schedules += [
            PersonSchedule(n, (ScheduleEntry("", label, label, tuple(o for o in names if o != n)),))
            for n in names
        ]
    plan = Plan("assignment", tuple(schedules), tuple(rows), (column,), cells)
    language = "en" if (get_language() or "de").startswith("en") else "de"
    body = plan_pdf(plan, kind=kind, title=meeting.title, language=language)
    response = HttpResponse(body, content_type="application/pdf")
    name = slugify(meeting.title) or f"meeting-{meeting.pk}"
    response["Content-Disposition"] = f'attachment; filename="{name}-groups-{kind}.pdf"'
    return response


@login_required
@require_POST
def case_note(
    request: HttpRequest, org_slug: str, process_slug: str, pk: int, case_pk: int
) -> HttpResponse:
    meeting = get_meeting(request, org_slug, process_slug, pk)
    case = _case(request, meeting, case_pk)
    form = CaseNoteForm(request.POST)
    if form.is_valid():
        phase_key = meeting.current_phase.phase_key if meeting.current_phase else ""
        try:
            consultation.case_note_add(
                case=case, actor=request.user, text=form.cleaned_data["text"], phase_key=phase_key
            )
        except DomainError as exc:
            messages.error(request, str(exc))
    return redirect(meeting_url(meeting, "participant") + f"#case-{case.pk}")


@login_required
@require_POST
def case_keep(
    request: HttpRequest, org_slug: str, process_slug: str, pk: int, case_pk: int
) -> HttpResponse:
    meeting = get_meeting(request, org_slug, process_slug, pk)
    case = _case(request, meeting, case_pk)
    keep = request.POST.get("keep") == "1"
    try:
        consultation.case_keep_private(case=case, actor=request.user, keep=keep)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Your case will be kept for you alone.")
            if keep
            else _("Your case will be deleted after the meeting."),
        )
    return back(request, meeting, default="participant")
