"""Opinion maps of online processes: answered through a link, moderated by the team."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from quartier.topics import opinion_selectors as selectors
from quartier.topics import opinion_services as services
from quartier.topics.errors import OpinionError
from quartier.topics.models import Opinion, Participation, Respondent, StatementStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def online_map(process, admin):
    return services.conversation_create(
        process=process,
        actor=admin,
        question="Wie soll der Park werden?",
        statements=["Mehr Bänke", "Weniger Autos"],
    )


def _answer(client, conversation, vote):
    page = client.get(reverse("topics:online", args=[conversation.token]))
    statement = page.context["progress"].next
    return client.post(
        reverse("topics:online", args=[conversation.token]),
        {"statement": statement.pk, "vote": vote},
    )


def test_two_browsers_answer_with_one_voice_each_and_see_the_map_when_done(online_map):
    anna, ben = Client(), Client()
    for vote in ("agree", "disagree"):
        assert _answer(anna, online_map, vote).status_code == 302
    _answer(ben, online_map, "pass")
    assert Respondent.objects.filter(conversation=online_map).count() == 2
    assert Opinion.objects.filter(respondent__isnull=False).count() == 3
    done = anna.get(reverse("topics:online", args=[online_map.token]))
    assert done.context["progress"].next is None and done.context["map"] is not None
    halfway = ben.get(reverse("topics:online", args=[online_map.token]))
    assert halfway.context["progress"].answered == 1 and halfway.context["map"] is None


def test_an_online_statement_waits_for_the_teams_moderation(online_map, admin):
    anna = Client()
    anna.post(
        reverse("topics:online", args=[online_map.token]),
        {"action": "statement", "text": "Ein Trinkbrunnen"},
    )
    waiting = selectors.pending(conversation=online_map).get()
    assert waiting.text == "Ein Trinkbrunnen" and waiting.author_respondent is not None
    team = Client()
    team.force_login(admin)
    links = [online_map.process.organisation.slug, online_map.process.slug, online_map.pk]
    team.post(
        reverse("topics:process_moderate", args=links),
        {"action": "accept", "statement": waiting.pk},
    )
    waiting.refresh_from_db()
    assert waiting.status == StatementStatus.ACCEPTED
    page = team.get(reverse("topics:process_conversation", args=links))
    assert page.status_code == 200 and online_map.token in page.content.decode()


def test_a_map_for_accounts_sends_strangers_to_sign_in_and_counts_a_user_once(
    process, admin, make_user
):
    found = services.conversation_create(
        process=process,
        actor=admin,
        question="Frage?",
        statements=["A", "B"],
        participation=Participation.ACCOUNT,
    )
    stranger = Client().get(reverse("topics:online", args=[found.token]))
    assert stranger.status_code == 302 and "/accounts/login/" in stranger["Location"]
    resident = Client()
    resident.force_login(make_user(email="bewohnerin@example.org"))
    _answer(resident, found, "agree")
    _answer(resident, found, "disagree")
    assert Respondent.objects.filter(conversation=found).count() == 1
    with pytest.raises(OpinionError) as refused:
        services.respondent_for(conversation=found, user=None)
    assert refused.value.code == "sign_in_needed"


def test_a_wrong_link_or_an_archived_process_is_not_found(online_map, process, admin):
    assert Client().get(reverse("topics:online", args=["nichts"])).status_code == 404
    from quartier.processes.services import process_archive

    process_archive(process=process, actor=admin)
    assert Client().get(reverse("topics:online", args=[online_map.token])).status_code == 404


def test_only_the_team_sees_and_moderates_a_process_map(online_map, organisation, make_member):
    links = [online_map.process.organisation.slug, online_map.process.slug, online_map.pk]
    outsider = Client()
    outsider.force_login(make_member(organisation, "moderator", email="aussen@example.org"))
    assert outsider.get(reverse("topics:process_conversation", args=links)).status_code == 404
    response = outsider.post(reverse("topics:process_moderate", args=links), {"action": "close"})
    assert response.status_code == 404
    online_map.refresh_from_db()
    assert online_map.status == "open"


def test_a_closed_online_map_takes_no_new_voices(online_map, admin):
    services.conversation_set_open(conversation=online_map, actor=admin, open_=False)
    with pytest.raises(OpinionError) as closed:
        services.respondent_for(conversation=online_map, user=None)
    assert closed.value.code == "conversation_closed"
    page = Client().get(reverse("topics:online", args=[online_map.token]))
    assert page.context["closed"] is True


def test_the_process_overview_lists_its_opinion_maps(online_map, admin):
    team = Client()
    team.force_login(admin)
    page = team.get(online_map.process.get_absolute_url())
    assert online_map.question in page.content.decode()


@pytest.mark.parametrize("post", [{"vote": "vielleicht"}, {"action": "statement", "text": ""}])
def test_a_garbled_answer_is_refused_with_a_message_and_stores_nothing(online_map, post):
    client = Client()
    url = reverse("topics:online", args=[online_map.token])
    statement = client.get(url).context["progress"].next
    response = client.post(url, {"statement": statement.pk, **post}, follow=True)
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not Opinion.objects.exists()


@pytest.mark.parametrize("statement", ["keine-zahl", "999999", ""])
def test_an_answer_to_a_statement_that_does_not_exist_is_not_found(online_map, statement):
    url = reverse("topics:online", args=[online_map.token])
    response = Client().post(url, {"statement": statement, "vote": "agree"})
    assert response.status_code == 404 and not Opinion.objects.exists()
