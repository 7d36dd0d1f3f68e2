"""The only reader of case content. Confidentiality is enforced here, not in templates.

A case's title, text and notes are visible to its giver and to the members of the
consultation group it was given to. Before the split, the people invited to the meeting
see titles only, to vote on them. After the meeting, only a giver who kept the case sees
it. Everyone else (organizers and moderators included) sees an anonymous label.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Sum
from django.http import Http404
from django.utils.translation import gettext as _

from quartier.meetings.models import Case, CaseNote, Meeting


@dataclass(frozen=True)
class CaseView:
    pk: int
    label: str
    title: str | None  # None: the viewer may not see it
    text: str | None
    notes: list[CaseNote] = field(default_factory=list)
    is_own: bool = False
    selected: bool = False
    group_number: int | None = None
    roles: list[tuple[str, str]] = field(default_factory=list)
    points: int = 0
    keep_private: bool = False

    @property
    def full(self) -> bool:
        return self.text is not None


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def case_is_visible(user: Any, case: Case) -> bool:
    """May ``user`` read the case's text and notes?"""
    if not _authenticated(user):
        return False
    if case.case_giver_id == user.pk:
        return True
    meeting = case.meeting
    if meeting is None or meeting.is_finished or case.group_id is None:
        return False
    return case.group.members.filter(user=user).exists()  # type: ignore[union-attr]


def _title_visible(user: Any, case: Case) -> bool:
    if case_is_visible(user, case):
        return True
    meeting = case.meeting
    return (
        meeting is not None
        and not meeting.is_finished
        and case.group_id is None
        and _authenticated(user)
        and meeting.invitees.filter(user=user).exists()
    )


def _view(user: Any, case: Case, index: int, points: int) -> CaseView:
    full = case_is_visible(user, case)
    return CaseView(
        pk=case.pk,
        label=_("Case %(number)s") % {"number": index},
        title=case.title if full or _title_visible(user, case) else None,
        text=case.text if full else None,
        notes=list(case.notes.select_related("author")) if full else [],
        is_own=_authenticated(user) and case.case_giver_id == user.pk,
        selected=case.selected,
        group_number=case.group.number if case.group_id else None,  # type: ignore[union-attr]
        roles=[
            (r.invitee.display_name, r.get_role_display())
            for r in case.roles.select_related("invitee")
        ]
        if full
        else [],
        points=points,
        keep_private=case.keep_private,
    )


def cases_for_user(*, user: Any, meeting: Meeting) -> list[CaseView]:
    cases = (
        meeting.cases.select_related("group", "meeting")
        .annotate(total=Sum("votes__points"))
        .order_by("created_at", "id")
    )
    return [_view(user, case, i, case.total or 0) for i, case in enumerate(cases, start=1)]


def tally_for_user(*, user: Any, meeting: Meeting) -> list[CaseView]:
    return sorted(cases_for_user(user=user, meeting=meeting), key=lambda view: -view.points)


def case_get_for_user(*, user: Any, meeting: Meeting, pk: int) -> Case:
    case = meeting.cases.select_related("group", "meeting").filter(pk=pk).first()
    if case is None or not case_is_visible(user, case):
        raise Http404
    return case


def my_votes(*, user: Any, meeting: Meeting) -> dict[int, int]:
    if not _authenticated(user):
        return {}
    rows = meeting.cases.filter(votes__voter=user).values_list("pk", "votes__points")
    return {pk: points for pk, points in rows}


def kept_cases_for_user(*, user: Any, meeting: Meeting) -> list[CaseView]:
    if not _authenticated(user):
        return []
    cases = meeting.cases.filter(case_giver=user, keep_private=True).order_by("created_at", "id")
    return [_view(user, case, i, 0) for i, case in enumerate(cases, start=1)]
