"""Collegial consultation: cases, votes, selection, balanced split and roles."""

from __future__ import annotations

from typing import Any

import pytest

from tests.meetings.conftest import SECRET, SECRET_TITLE

pytestmark = pytest.mark.django_db


def _submit(meeting: Any, participants: list[Any]) -> list[Any]:
    from quartier.meetings.services.consultation import case_submit

    return [
        case_submit(meeting=meeting, actor=participants[0], title=SECRET_TITLE, text=SECRET),
        case_submit(meeting=meeting, actor=participants[1], title="Zweiter Fall", text="Text zwei"),
        case_submit(meeting=meeting, actor=participants[2], title="Dritter Fall", text="Text drei"),
    ]


def test_dot_votes_choose_cases_and_14_people_split_into_two_balanced_groups(
    consultation: Any, participants: list[Any], admin: Any
) -> None:
    from quartier.meetings.models import CaseRole
    from quartier.meetings.services.consultation import cases_select, consultation_split, votes_cast

    cases = _submit(consultation, participants)
    for voter in participants[:6]:
        votes_cast(meeting=consultation, actor=voter, points={cases[0].pk: 2, cases[1].pk: 1})
    for voter in participants[6:9]:
        votes_cast(meeting=consultation, actor=voter, points={cases[2].pk: 1})
    chosen = cases_select(meeting=consultation, actor=admin, count=2)
    assert [c.pk for c in chosen] == [cases[0].pk, cases[1].pk]
    assert consultation_split(meeting=consultation, actor=admin, groups=2) == 2
    groups = list(consultation.consultation_groups.all())
    assert sorted(g.members.count() for g in groups) == [7, 7]
    case_groups = {c.group_id for c in consultation.cases.filter(selected=True)}
    assert len(case_groups) == 2  # the two case givers were kept apart
    roles = set(CaseRole.objects.filter(case=cases[0]).values_list("role", flat=True))
    assert {"case_giver", "moderator", "consultant", "secretary"} <= roles


def test_too_many_dots_are_refused(consultation: Any, participants: list[Any]) -> None:
    from quartier.core.errors import DomainError
    from quartier.meetings.services.consultation import votes_cast

    cases = _submit(consultation, participants)
    with pytest.raises(DomainError) as error:
        votes_cast(
            meeting=consultation, actor=participants[3], points={cases[0].pk: 3, cases[1].pk: 1}
        )
    assert error.value.code == "too_many_dots"


def test_ranked_votes_use_borda_points(
    make_meeting: Any, participants: list[Any], admin: Any
) -> None:
    from quartier.meetings.selectors.cases import tally_for_user
    from quartier.meetings.services.consultation import votes_cast

    meeting = make_meeting(
        "collegial_consultation", invite_users=participants, settings={"vote_method": "ranked"}
    )
    cases = _submit(meeting, participants)
    votes_cast(
        meeting=meeting,
        actor=participants[4],
        points={cases[2].pk: 1, cases[0].pk: 2, cases[1].pk: 3},
    )
    tally = tally_for_user(user=admin, meeting=meeting)
    assert [(v.pk, v.points) for v in tally] == [
        (cases[2].pk, 3),
        (cases[0].pk, 2),
        (cases[1].pk, 1),
    ]


def test_the_plenum_is_one_group_with_everyone(
    consultation: Any, participants: list[Any], admin: Any
) -> None:
    from quartier.meetings.services.consultation import cases_select, consultation_split

    _submit(consultation, participants)
    cases_select(meeting=consultation, actor=admin, count=3)
    assert consultation_split(meeting=consultation, actor=admin, groups=1) == 1
    assert consultation.consultation_groups.get().members.count() == 14
    assert consultation.cases.filter(group__isnull=False).count() == 3


def test_the_split_goes_through_the_grouping_engine_adapter(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from quartier.meetings import adapters

    groups = adapters.balanced_split([str(i) for i in range(14)], groups=2, apart=[("0", "1")])
    assert sorted(len(g) for g in groups) == [7, 7]
    assert not any({"0", "1"} <= set(g) for g in groups)
    assert "grouping" in adapters.ENGINE
