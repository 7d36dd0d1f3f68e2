"""Suggested themes for an interview campaign, adopted into the campaign's theme tags."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from quartier.interviews.models import Answer, Theme
from quartier.interviews.selectors import theme_counts
from quartier.interviews.services import campaign_create, interview_record
from quartier.topics.interview_themes import suggested_themes

pytestmark = pytest.mark.django_db

ANSWERS = [
    "Der Hundeauslauf im Park fehlt, die Hunde haben keinen Platz.",
    "Eine eingezäunte Hundewiese wäre schön.",
    "Mehr Platz für Hunde zum Rennen.",
    "Der Spielplatz ist kaputt, die Schaukel fehlt.",
    "Ein neuer Spielplatz für die Kinder im Hof.",
    "Die Kinder brauchen einen sicheren Spielplatz.",
]


@pytest.fixture
def campaign(organisation, admin):
    found = campaign_create(
        organisation=organisation,
        actor=admin,
        title="Was fehlt im Kiez?",
        opening_question="Was fehlt Ihnen hier?",
    )
    question = found.questions.get()
    for text in ANSWERS:
        interview_record(
            campaign=found,
            interviewer=admin,
            held_on=date(2026, 11, 20),
            answers={question.pk: text},
            client_token=str(uuid.uuid4()),
        )
    return found


def test_the_answers_are_grouped_by_meaning_with_a_label(campaign):
    found = suggested_themes(campaign=campaign, k=2)
    groups = sorted(sorted(a.text for a in theme.answers) for theme in found)
    assert groups == sorted([sorted(ANSWERS[:3]), sorted(ANSWERS[3:])])
    assert all(theme.label for theme in found)


def test_adopting_a_theme_tags_the_ticked_answers_and_counts_in_the_review(campaign, admin):
    client = Client()
    client.force_login(admin)
    url = reverse("topics:interview_themes", args=[campaign.organisation.slug, campaign.pk])
    page = client.get(url, {"k": "2"})
    assert page.status_code == 200
    dogs = next(t for t in page.context["themes"] if "Hundewiese" in str(t.answers))
    keep = [a.pk for a in dogs.answers][:2]
    client.post(url, {"name": "Hunde", "answers": keep, "query": "k=2"})
    theme = Theme.objects.get(campaign=campaign, name="Hunde")
    assert set(theme.answers.values_list("pk", flat=True)) == set(keep)
    assert {t.name: t.answer_count for t in theme_counts(campaign=campaign)} == {"Hunde": 2}
    review = client.get(
        reverse("interviews:review", args=[campaign.organisation.slug, campaign.pk])
    )
    assert "Hunde: 2" in review.content.decode()


def test_adopting_keeps_the_themes_an_answer_already_has(campaign, admin):
    from quartier.interviews.services import answer_tag

    answer = Answer.objects.filter(interview__campaign=campaign).first()
    answer_tag(answer=answer, actor=admin, themes=[], new_theme="Grün")
    client = Client()
    client.force_login(admin)
    url = reverse("topics:interview_themes", args=[campaign.organisation.slug, campaign.pk])
    client.post(url, {"name": "Tiere", "answers": [answer.pk]})
    assert sorted(answer.themes.values_list("name", flat=True)) == ["Grün", "Tiere"]


def test_people_outside_the_campaign_see_no_suggestions(campaign, organisation, make_member):
    client = Client()
    client.force_login(make_member(organisation, "moderator", email="fremd@example.org"))
    url = reverse("topics:interview_themes", args=[campaign.organisation.slug, campaign.pk])
    assert client.get(url).status_code in (403, 404)
