"""Collegial consultation: cases, votes, selection, the split into groups, case notes, purge.

Case titles, texts and notes never go into audit data, log messages or exports; audit
entries name cases only by id (``Case.__str__`` is ``#<id>``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.audit.services import audit_record
from quartier.core.errors import DomainError
from quartier.engine.grouping import GroupingError
from quartier.meetings import adapters
from quartier.meetings.live import meeting_changed
from quartier.meetings.models import (
    Case,
    CaseNote,
    CaseRole,
    CaseRoleKind,
    CaseVote,
    ConsultationGroup,
    Invitee,
    Meeting,
)


def _audit(meeting: Meeting, actor: Any, action: str, **data: Any) -> None:
    audit_record(
        action=f"consultation.{action}",
        actor=actor,
        organisation=meeting.organisation,
        target=meeting,
        data=data,
    )


def _invitee_of(meeting: Meeting, user: Any) -> Invitee:
    invitee = meeting.invitees.filter(user=user).first() if user.is_authenticated else None
    if invitee is None:
        raise DomainError(_("Only people invited to the meeting can do this."), code="not_invited")
    return invitee


def _open(meeting: Meeting) -> None:
    if meeting.is_finished:
        raise DomainError(_("This meeting has already finished."), code="meeting_finished")


@transaction.atomic
def case_submit(*, meeting: Meeting, actor: Any, title: str, text: str) -> Case:
    _open(meeting)
    _invitee_of(meeting, actor)
    if not title.strip() or not text.strip():
        raise DomainError(
            _("Give your case a short title and describe it in a few sentences."),
            code="case_incomplete",
        )
    case = Case.objects.create(
        meeting=meeting,
        organisation=meeting.organisation,
        case_giver=actor,
        title=title.strip()[:200],
        text=text.strip(),
    )
    _audit(meeting, actor, "case_submitted", case=case.pk)
    meeting_changed(meeting)
    return case


@transaction.atomic
def case_withdraw(*, case: Case, actor: Any) -> None:
    meeting = case.meeting
    if meeting is None or case.case_giver_id != actor.pk:
        raise DomainError(_("Only the case giver can withdraw a case."), code="not_case_giver")
    _open(meeting)
    case.delete()
    _audit(meeting, actor, "case_withdrawn")
    meeting_changed(meeting)


@transaction.atomic
def votes_cast(*, meeting: Meeting, actor: Any, points: Mapping[int, int]) -> int:
    """Replace the voter's votes. Dots: at most ``dots_per_person`` in total. Ranked: each rank
    once, turned into Borda points (first of n gets n points)."""
    _open(meeting)
    _invitee_of(meeting, actor)
    cases = {case.pk: case for case in meeting.cases.all()}
    unknown = set(points) - set(cases)
    if unknown:
        raise DomainError(_("You voted for a case that does not exist."), code="unknown_case")
    method = meeting.setting("vote_method")
    if method == "ranked":
        ranks = {pk: rank for pk, rank in points.items() if rank}
        if len(set(ranks.values())) != len(ranks) or any(
            not 1 <= rank <= len(cases) for rank in ranks.values()
        ):
            raise DomainError(
                _("Give every case a different rank from 1 to %(count)s."),
                code="bad_ranking",
                count=len(cases),
            )
        scored = {pk: len(cases) - rank + 1 for pk, rank in ranks.items()}
    else:
        dots = int(meeting.setting("dots_per_person") or 3)
        if any(value < 0 for value in points.values()):
            raise DomainError(_("Dots cannot be negative."), code="negative_dots")
        total = sum(points.values())
        if total > dots:
            raise DomainError(
                _("You have %(dots)s dots but gave %(total)s. Take some back."),
                code="too_many_dots",
                dots=dots,
                total=total,
            )
        scored = {pk: value for pk, value in points.items() if value}
    CaseVote.objects.filter(case__meeting=meeting, voter=actor).delete()
    CaseVote.objects.bulk_create(
        [CaseVote(case_id=pk, voter=actor, points=value) for pk, value in scored.items()]
    )
    _audit(meeting, actor, "voted", cases=len(scored))
    meeting_changed(meeting)
    return len(scored)


def _tally(meeting: Meeting) -> list[tuple[Case, int]]:
    cases = meeting.cases.annotate(total=Sum("votes__points")).order_by("created_at", "id")
    return sorted(((c, c.total or 0) for c in cases), key=lambda item: -item[1])


@transaction.atomic
def cases_select(*, meeting: Meeting, actor: Any, count: int) -> list[Case]:
    """Choose the ``count`` cases with the most points (ties: the earlier case)."""
    _open(meeting)
    if count < 1:
        raise DomainError(_("Choose at least one case."), code="bad_count")
    ranked = _tally(meeting)
    if not ranked:
        raise DomainError(_("No cases have been submitted yet."), code="no_cases")
    chosen = [case for case, _points in ranked[:count]]
    meeting.cases.update(selected=False)
    Case.objects.filter(pk__in=[c.pk for c in chosen]).update(selected=True)
    _audit(meeting, actor, "cases_selected", cases=[c.pk for c in chosen])
    meeting_changed(meeting)
    return chosen


@transaction.atomic
def consultation_split(*, meeting: Meeting, actor: Any, groups: int, seed: int = 0) -> int:
    """Split the people present into balanced groups; each chosen case goes to its giver's group.

    With as many groups as chosen cases, the case givers are kept apart so that every group
    works on one case. One group means working in the plenum.
    """
    _open(meeting)
    selected = list(meeting.cases.filter(selected=True).order_by("created_at", "id"))
    if not selected:
        raise DomainError(_("Choose the cases first."), code="no_selection")
    people = list(meeting.invitees.filter(attended=True, user__isnull=False))
    if not people:
        people = list(meeting.invitees.filter(user__isnull=False))
    if groups < 1 or groups > max(1, len(people) // 2):
        raise DomainError(
            _("%(people)s people can form 1 to %(max)s groups, not %(groups)s."),
            code="bad_groups",
            people=len(people),
            max=max(1, len(people) // 2),
            groups=groups,
        )
    by_user = {invitee.user_id: invitee for invitee in people}
    missing = [case for case in selected if case.case_giver_id not in by_user]
    if missing:
        raise DomainError(
            _("The giver of a chosen case is not on the attendance list."),
            code="case_giver_absent",
        )
    ids = [str(invitee.pk) for invitee in people]
    givers = [str(by_user[case.case_giver_id].pk) for case in selected]
    apart = (
        [(a, b) for i, a in enumerate(givers) for b in givers[i + 1 :] if a != b]
        if len(set(givers)) <= groups
        else []
    )
    try:
        split = adapters.balanced_split(ids, groups=groups, apart=apart, seed=seed)
    except GroupingError as exc:
        raise DomainError(
            _("These groups cannot be formed: %(reason)s"), code="split_failed", reason=str(exc)
        ) from exc
    CaseRole.objects.filter(case__meeting=meeting).delete()
    meeting.cases.update(group=None)
    meeting.consultation_groups.all().delete()
    secretary = bool(meeting.setting("secretary"))
    for number, member_ids in enumerate(split, start=1):
        group = ConsultationGroup.objects.create(meeting=meeting, number=number)
        members = [invitee for invitee in people if str(invitee.pk) in member_ids]
        group.members.set(members)
        for case in selected:
            giver = by_user[case.case_giver_id]
            if str(giver.pk) in member_ids:
                case.group = group
                case.save(update_fields=["group"])
                _assign_roles(case, giver, members, secretary)
    _audit(meeting, actor, "split", groups=len(split), engine=adapters.ENGINE)
    meeting_changed(meeting)
    return len(split)


def _assign_roles(case: Case, giver: Invitee, members: list[Invitee], secretary: bool) -> None:
    others = [m for m in members if m.pk != giver.pk]
    roles = [(giver, CaseRoleKind.CASE_GIVER)]
    if others:
        roles.append((others[0], CaseRoleKind.MODERATOR))
    if secretary and len(others) > 2:
        roles.append((others[1], CaseRoleKind.SECRETARY))
        consultants = others[2:]
    else:
        consultants = others[1:]
    roles += [(m, CaseRoleKind.CONSULTANT) for m in consultants]
    CaseRole.objects.bulk_create([CaseRole(case=case, invitee=i, role=r) for i, r in roles])


@transaction.atomic
def case_note_add(*, case: Case, actor: Any, text: str, phase_key: str = "") -> CaseNote:
    """Only members of the case's group (and its giver) may write; checked by the caller's
    selector and again here, because a note is as confidential as the case."""
    from quartier.meetings.selectors.cases import case_is_visible

    meeting = case.meeting
    if meeting is None:
        raise DomainError(_("This case is no longer part of a meeting."), code="case_detached")
    _open(meeting)
    if not case_is_visible(actor, case):
        raise DomainError(_("Only the case's group can take notes."), code="not_in_group")
    if not text.strip():
        raise DomainError(_("The note is empty."), code="required")
    note = CaseNote.objects.create(case=case, phase_key=phase_key, text=text.strip(), author=actor)
    _audit(meeting, actor, "case_note_added", case=case.pk)
    return note


@transaction.atomic
def case_keep_private(*, case: Case, actor: Any, keep: bool) -> Case:
    if case.case_giver_id != actor.pk:
        raise DomainError(_("Only the case giver decides this."), code="not_case_giver")
    case.keep_private = keep
    case.save(update_fields=["keep_private"])
    if case.meeting is not None:
        _audit(case.meeting, actor, "case_kept" if keep else "case_not_kept", case=case.pk)
    return case


@transaction.atomic
def cases_purge(*, meeting: Meeting, actor: Any) -> int:
    """Delete every case of the meeting unless its giver keeps it privately.

    Kept cases keep their text and notes but lose group, votes and roles: afterwards only
    the giver sees them. The number of consulted cases stays for the result note.
    """
    cases = list(meeting.cases.all())
    if not cases and meeting.purged_at:
        return 0
    consulted = sum(1 for case in cases if case.group_id is not None)
    kept = [case for case in cases if case.keep_private]
    for case in kept:
        case.votes.all().delete()
        case.roles.all().delete()
        case.group = None
        case.selected = False
        case.save(update_fields=["group", "selected"])
    meeting.cases.filter(keep_private=False).delete()
    meeting.consultation_groups.all().delete()
    meeting.cases_consulted = max(meeting.cases_consulted, consulted)
    meeting.purged_at = timezone.now()
    meeting.save(update_fields=["cases_consulted", "purged_at"])
    _audit(meeting, actor, "purged", cases=len(cases), kept=len(kept))
    return len(cases) - len(kept)
