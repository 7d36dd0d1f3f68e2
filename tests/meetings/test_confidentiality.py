"""The confidentiality matrix: a case's text, title and notes reach only its group.

Every export, report, search, e-mail, admin-facing list and log is checked for the
confidential text, during the meeting and again after it was purged.
"""

from __future__ import annotations

import io
import logging
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.meetings.conftest import SECRET, SECRET_NOTE, SECRET_TITLE

pytestmark = pytest.mark.django_db

MARKERS = ("Xylophon", "Quokka", "Zebrafink", "Bertram")


def _assert_clean(text: str, where: str) -> None:
    for marker in MARKERS:
        assert marker not in text, f"confidential text leaked into {where}"


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def split_consultation(consultation: Any, participants: list[Any], admin: Any) -> Any:
    from quartier.meetings.services.consultation import (
        case_note_add,
        case_submit,
        cases_select,
        consultation_split,
        votes_cast,
    )

    secret = case_submit(
        meeting=consultation, actor=participants[0], title=SECRET_TITLE, text=SECRET
    )
    other = case_submit(
        meeting=consultation, actor=participants[1], title="Anderer Fall", text="Offen"
    )
    votes_cast(meeting=consultation, actor=participants[5], points={secret.pk: 2, other.pk: 1})
    cases_select(meeting=consultation, actor=admin, count=2)
    consultation_split(meeting=consultation, actor=admin, groups=2)
    secret.refresh_from_db()
    member = secret.group.members.exclude(user=participants[0]).first().user
    case_note_add(case=secret, actor=member, text=SECRET_NOTE)
    return consultation


def _in_and_out(meeting: Any, participants: list[Any]) -> tuple[Any, Any]:
    from quartier.meetings.models import Case

    secret = Case.objects.get(meeting=meeting, title=SECRET_TITLE)
    group_users = set(secret.group.members.values_list("user_id", flat=True))
    inside = next(p for p in participants if p.pk in group_users and p.pk != secret.case_giver_id)
    outside = next(p for p in participants if p.pk not in group_users)
    return inside, outside


def test_only_the_consultation_group_reads_the_case(
    client: Any, split_consultation: Any, participants: list[Any], admin: Any
) -> None:
    from quartier.meetings.selectors.cases import cases_for_user

    inside, outside = _in_and_out(split_consultation, participants)
    visible = {v.title: v for v in cases_for_user(user=inside, meeting=split_consultation)}
    assert visible[SECRET_TITLE].text == SECRET
    assert [n.text for n in visible[SECRET_TITLE].notes] == [SECRET_NOTE]
    for viewer in (outside, admin):  # another group, and the organisation's admin
        for view in cases_for_user(user=viewer, meeting=split_consultation):
            assert view.title != SECRET_TITLE and view.text != SECRET
    url = reverse(
        "meetings:participant",
        args=[
            split_consultation.organisation.slug,
            split_consultation.process.slug,
            split_consultation.pk,
        ],
    )
    client.login(email=inside.email, password=PASSWORD)
    assert SECRET in client.get(url).content.decode()
    client.login(email=outside.email, password=PASSWORD)
    _assert_clean(client.get(url).content.decode(), "another group's page")
    client.login(email=admin.email, password=PASSWORD)
    _assert_clean(client.get(url).content.decode(), "the admin's case page")


def _every_surface(client: Any, meeting: Any, admin: Any, caplog: Any) -> None:
    from quartier.audit.models import AuditEntry
    from quartier.meetings.services.invitations import invitations_send
    from quartier.meetings.services.protocol import protocol_get_or_create

    org, proc = meeting.organisation.slug, meeting.process.slug
    client.login(email=admin.email, password=PASSWORD)
    pages = {
        "meeting list": reverse("meetings:list", args=[org, proc]),
        "search by case text": reverse("meetings:list", args=[org, proc]) + "?q=Xylophon",
        "search by case title": reverse("meetings:list", args=[org, proc]) + "?q=Quokka",
        "meeting detail": meeting.get_absolute_url(),
        "facilitation screen": reverse("meetings:run", args=[org, proc, meeting.pk]),
        "projector": reverse("meetings:screen", args=[org, proc, meeting.pk]),
        "state fragment": reverse("meetings:state", args=[org, proc, meeting.pk]),
        "protocol page": reverse("meetings:protocol", args=[org, proc, meeting.pk]),
        "protocol markdown": reverse("meetings:protocol_md", args=[org, proc, meeting.pk]),
        "calendar file": reverse("meetings:calendar", args=[org, proc, meeting.pk]),
        "process dashboard": reverse("processes:detail", args=[org, proc]),
        "task list": reverse("followups:list", args=[org, proc]),
        "audit log (admin list view)": reverse("organisations:audit_log", args=[org]),
    }
    for where, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, where
        html = response.content.decode()
        if where.startswith("search"):
            # The page repeats the query; what matters is that no meeting is found by it.
            assert 'class="meeting-list"' not in html and meeting.title not in html, where
        else:
            _assert_clean(html, where)
    pdf = client.get(reverse("meetings:protocol_pdf", args=[org, proc, meeting.pk])).content
    _assert_clean(_pdf_text(pdf), "protocol PDF")
    protocol = protocol_get_or_create(meeting=meeting, actor=admin)
    _assert_clean(protocol.body, "stored protocol")
    mail.outbox.clear()
    invitations_send(meeting=meeting, actor=admin)
    assert mail.outbox
    for message in mail.outbox:
        _assert_clean(message.subject + message.body, "invitation e-mail")
        for _name, content, _type in message.attachments:
            _assert_clean(
                content if isinstance(content, str) else content.decode(), "ICS attachment"
            )
    for entry in AuditEntry.objects.all():
        _assert_clean(f"{entry.action} {entry.target_label} {entry.data}", "audit log data")
    _assert_clean(caplog.text, "log messages")


def test_the_case_never_leaves_the_group_during_the_meeting(
    client: Any, split_consultation: Any, admin: Any, caplog: Any
) -> None:
    caplog.set_level(logging.DEBUG)
    _every_surface(client, split_consultation, admin, caplog)


def test_cases_are_purged_after_the_meeting_and_nothing_leaks_afterwards(
    client: Any, split_consultation: Any, participants: list[Any], admin: Any, caplog: Any
) -> None:
    from quartier.meetings.models import Case, CaseNote
    from quartier.meetings.services.content import result_note_save
    from quartier.meetings.services.meetings import meeting_finish

    caplog.set_level(logging.DEBUG)
    result_note_save(
        meeting=split_consultation, actor=admin, note="2 Fälle beraten, Rückmeldung: sehr hilfreich"
    )
    meeting_finish(meeting=split_consultation, actor=admin)
    assert not Case.objects.filter(title=SECRET_TITLE).exists()
    assert not CaseNote.objects.filter(text=SECRET_NOTE).exists()
    split_consultation.refresh_from_db()
    assert split_consultation.cases_consulted == 2
    _every_surface(client, split_consultation, admin, caplog)
    client.login(email=admin.email, password=PASSWORD)
    body = client.get(
        reverse(
            "meetings:protocol_md",
            args=[
                split_consultation.organisation.slug,
                split_consultation.process.slug,
                split_consultation.pk,
            ],
        )
    ).content.decode()
    assert "2 Fälle beraten." in body and "sehr hilfreich" in body


def test_a_case_giver_may_keep_the_case_privately(
    split_consultation: Any, participants: list[Any], admin: Any
) -> None:
    from quartier.meetings.models import Case
    from quartier.meetings.selectors.cases import cases_for_user, kept_cases_for_user
    from quartier.meetings.services.consultation import case_keep_private
    from quartier.meetings.services.meetings import meeting_finish

    inside, _outside = _in_and_out(split_consultation, participants)
    secret = Case.objects.get(title=SECRET_TITLE)
    case_keep_private(case=secret, actor=participants[0], keep=True)
    meeting_finish(meeting=split_consultation, actor=admin)
    kept = kept_cases_for_user(user=participants[0], meeting=split_consultation)
    assert [k.text for k in kept] == [SECRET]
    for view in cases_for_user(user=inside, meeting=split_consultation):
        assert view.text is None and view.title is None  # the group no longer sees it
    assert Case.objects.filter(meeting=split_consultation).count() == 1


def test_only_the_case_giver_decides_to_keep(
    split_consultation: Any, participants: list[Any]
) -> None:
    from quartier.core.errors import DomainError
    from quartier.meetings.models import Case
    from quartier.meetings.services.consultation import case_keep_private

    with pytest.raises(DomainError):
        case_keep_private(
            case=Case.objects.get(title=SECRET_TITLE), actor=participants[5], keep=True
        )


def test_someone_outside_the_group_cannot_add_a_note(
    split_consultation: Any, participants: list[Any]
) -> None:
    from quartier.core.errors import DomainError
    from quartier.meetings.models import Case
    from quartier.meetings.services.consultation import case_note_add

    _inside, outside = _in_and_out(split_consultation, participants)
    with pytest.raises(DomainError):
        case_note_add(case=Case.objects.get(title=SECRET_TITLE), actor=outside, text="Neugierig")
