from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from quartier.core.errors import DomainError
from quartier.interviews.models import Interview
from quartier.interviews.selectors import campaign_progress, review_columns, theme_counts
from quartier.interviews.services import (
    answer_tag,
    campaign_create,
    campaign_update,
    interview_record,
)

pytestmark = pytest.mark.django_db

OPENING = "Was verstehen Sie unter Integration?"


@pytest.fixture
def campaign(reach):
    return campaign_create(
        organisation=reach.organisation,
        actor=reach.organizer,
        title="Alle erreichen",
        opening_question=OPENING,
        questions=["Wo erleben Sie Miteinander?", "Was fehlt Ihnen?"],
        target_count=50,
        interviewers=[reach.moderator],
    )


def _answers(campaign, *texts):
    return {q.pk: t for q, t in zip(campaign.questions.all(), texts, strict=False)}


def test_a_retried_submit_records_the_interview_once(campaign, reach):
    kwargs = dict(
        campaign=campaign,
        interviewer=reach.moderator,
        held_on=timezone.localdate(),
        answers=_answers(campaign, "Teilhabe"),
        client_token="abc",
    )
    first = interview_record(**kwargs)
    again = interview_record(**kwargs)
    assert first == again and Interview.objects.count() == 1
    assert campaign_progress(campaign=campaign).done == 1
    assert campaign_progress(campaign=campaign).percent == 2


def test_every_interview_needs_the_opening_answer(campaign, reach):
    with pytest.raises(DomainError) as error:
        interview_record(
            campaign=campaign,
            interviewer=reach.moderator,
            held_on=timezone.localdate(),
            answers=_answers(campaign, "", "Im Verein"),
            client_token="x",
        )
    assert error.value.code == "opening_answer"


def test_the_opening_question_is_fixed_after_the_first_interview(campaign, reach):
    interview_record(
        campaign=campaign,
        interviewer=reach.moderator,
        held_on=timezone.localdate(),
        answers=_answers(campaign, "Teilhabe", "", "Zeit"),
        client_token="t",
    )
    with pytest.raises(DomainError) as error:
        campaign_update(
            campaign=campaign,
            actor=reach.organizer,
            title="x",
            opening_question="Andere Frage?",
            questions=["Wo erleben Sie Miteinander?", "Was fehlt Ihnen?"],
            target_count=50,
            interviewers=[],
        )
    assert error.value.code == "opening_fixed"
    with pytest.raises(DomainError):  # answered questions stay
        campaign_update(
            campaign=campaign,
            actor=reach.organizer,
            title="x",
            opening_question=OPENING,
            questions=["Wo erleben Sie Miteinander?"],
            target_count=50,
            interviewers=[],
        )
    campaign_update(
        campaign=campaign,
        actor=reach.organizer,
        title="x",
        opening_question=OPENING,
        questions=["Was fehlt Ihnen?", "Neue Frage"],
        target_count=60,
        interviewers=[],
    )
    assert [q.text for q in campaign.questions.all()] == [OPENING, "Was fehlt Ihnen?", "Neue Frage"]


def test_a_linked_interview_counts_as_participation(campaign, reach):
    interview_record(
        campaign=campaign,
        interviewer=reach.moderator,
        held_on=timezone.localdate(),
        answers=_answers(campaign, "Teilhabe"),
        client_token="t",
        contact=reach.inside,
    )
    assert reach.inside.participations.get().kind == "interview"


def test_themes_are_tagged_and_counted_per_question_and_overall(campaign, reach):
    for n, text in enumerate(["Teilhabe für alle", "Sprache lernen", "Miteinander"]):
        interview_record(
            campaign=campaign,
            interviewer=reach.organizer,
            held_on=timezone.localdate(),
            answers=_answers(campaign, text),
            client_token=f"t{n}",
        )
    answers = list(campaign.questions.get(is_opening=True).answers.order_by("interview__number"))
    answer_tag(answer=answers[0], actor=reach.organizer, themes=[], new_theme="Teilhabe")
    teilhabe = campaign.themes.get()
    answer_tag(answer=answers[2], actor=reach.organizer, themes=[teilhabe], new_theme="Begegnung")
    answer_tag(answer=answers[1], actor=reach.organizer, themes=[], new_theme="sprache")
    counts = {t.name: t.answer_count for t in theme_counts(campaign=campaign)}
    assert counts == {"Teilhabe": 2, "Begegnung": 1, "sprache": 1}
    question, rows, per_question = review_columns(campaign=campaign)[0]
    assert question.is_opening and len(rows) == 3
    assert per_question[0][0].name == "Teilhabe" and per_question[0][1] == 2


def test_the_xlsx_export_has_one_row_per_interview_and_no_names(client, campaign, reach):
    interview_record(
        campaign=campaign,
        interviewer=reach.organizer,
        held_on=timezone.localdate(),
        answers=_answers(campaign, '=HYPERLINK("x")', "Im Verein"),
        client_token="t",
        contact=reach.inside,
    )
    client.force_login(reach.organizer)
    response = client.get(reverse("interviews:export", args=[reach.organisation.slug, campaign.pk]))
    workbook = load_workbook(io.BytesIO(response.content))
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert rows[0][4] == OPENING
    assert rows[1][4] == '=HYPERLINK("x")' and workbook.worksheets[0].cell(2, 5).data_type == "s"
    assert "Yıldız" not in str(rows)


def test_interviewers_see_their_campaign_others_do_not(client, campaign, reach, make_member):
    other_moderator = make_member(reach.organisation, "moderator", email="m2@example.org")
    url = reverse("interviews:interview_create", args=[reach.organisation.slug, campaign.pk])
    client.force_login(reach.moderator)
    assert client.get(url).status_code == 200
    client.force_login(other_moderator)
    assert client.get(url).status_code == 404
    assert client.get(reverse("interviews:list", args=[reach.organisation.slug])).status_code == 200
    client.force_login(reach.participant)
    assert client.get(url).status_code == 403
    client.force_login(reach.moderator)
    assert (
        client.get(
            reverse("interviews:export", args=[reach.organisation.slug, campaign.pk])
        ).status_code
        == 403
    )


def test_an_interviewer_links_only_people_they_may_see(client, campaign, reach):
    client.force_login(reach.moderator)
    page = client.get(
        reverse("interviews:interview_create", args=[reach.organisation.slug, campaign.pk])
    )
    html = page.content.decode()
    assert "Ayşe Yıldız" in html and "Außenseiter" not in html
