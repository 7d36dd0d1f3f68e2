"""Opinion maps in the web app: services, moderation, permissions and the pages."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from quartier.topics import opinion_selectors as selectors
from quartier.topics import opinion_services as services
from quartier.topics.errors import OpinionError
from quartier.topics.models import Opinion, StatementStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def conversation(event, moderator):
    return services.conversation_create(
        event=event,
        actor=moderator,
        question="Wie soll der Platz aussehen?",
        statements=["Mehr Bänke", "Weniger Autos", "Mehr Bänke", ""],
    )


def test_starting_statements_are_accepted_once_each(conversation):
    assert [s.text for s in selectors.accepted(conversation=conversation)] == [
        "Mehr Bänke",
        "Weniger Autos",
    ]


def test_a_participants_statement_waits_for_moderation(conversation, join, moderator):
    anna = join("Anna")
    statement = services.statement_add(
        conversation=conversation, text="Ein Brunnen", participant=anna
    )
    assert statement.status == StatementStatus.PENDING
    assert statement not in selectors.accepted(conversation=conversation)
    services.statement_moderate(statement=statement, actor=moderator, accept=True)
    assert statement in selectors.accepted(conversation=conversation)
    with pytest.raises(OpinionError) as duplicate:
        services.statement_add(conversation=conversation, text="ein brunnen", participant=anna)
    assert duplicate.value.code == "statement_duplicate"


def test_answering_again_replaces_the_answer_and_closed_maps_take_no_votes(
    conversation, join, moderator
):
    anna = join("Anna")
    first = selectors.accepted(conversation=conversation).first()
    services.opinion_cast(statement=first, participant=anna, value=1)
    services.opinion_cast(statement=first, participant=anna, value=-1)
    assert list(Opinion.objects.values_list("value", flat=True)) == [-1]
    progress = selectors.progress_for(conversation=conversation, participant=anna)
    assert (progress.answered, progress.total) == (1, 2)
    services.conversation_set_open(conversation=conversation, actor=moderator, open_=False)
    with pytest.raises(OpinionError) as closed:
        services.opinion_cast(statement=first, participant=anna, value=1)
    assert closed.value.code == "conversation_closed"


def test_the_map_splits_two_camps_and_finds_common_ground(event, moderator, join):
    texts = [f"These {i}" for i in range(8)] + ["Wir wollen einen schönen Platz"]
    conversation = services.conversation_create(
        event=event, actor=moderator, question="Platz?", statements=texts
    )
    statements = list(selectors.accepted(conversation=conversation))
    for p in range(10):
        person = join(f"P{p}")
        for i, statement in enumerate(statements):
            agree = i == 8 or ((i < 4) == (p % 2 == 0))
            services.opinion_cast(statement=statement, participant=person, value=1 if agree else -1)
    view = selectors.opinion_map_for(conversation=conversation)
    assert view.result.group_count == 2 and len(view.points) == 10
    assert [g.size for g in view.groups] == [5, 5]
    assert view.consensus[0].statement.text == "Wir wollen einen schönen Platz"
    assert view.divisive and view.divisive[0].statement.text.startswith("These")


def test_a_participant_answers_on_the_phone_page(client, event, conversation, token):
    client.post(
        reverse("events:join", args=[event.join_code]),
        {"display_name": "Anna", "client_token": token()},
    )
    url = reverse("topics:vote", args=[event.join_code, conversation.pk])
    page = client.get(url).content.decode()
    assert "Mehr Bänke" in page
    first = selectors.accepted(conversation=conversation).first()
    client.post(url, {"statement": first.pk, "vote": "agree"})
    assert "Weniger Autos" in client.get(url).content.decode()
    client.post(url, {"action": "statement", "text": "Ein Brunnen"})
    assert conversation.statements.get(text="Ein Brunnen").status == StatementStatus.PENDING


def test_someone_who_has_not_joined_is_sent_to_the_join_page(client, event, conversation):
    response = client.get(reverse("topics:vote", args=[event.join_code, conversation.pk]))
    assert response.status_code == 302 and "/j/" in response["Location"]


def test_only_the_events_team_sees_and_moderates_the_map(
    client, event, conversation, moderator, make_member, organisation
):
    url = reverse(
        "topics:conversation", args=[event.process.organisation.slug, event.pk, conversation.pk]
    )
    assert client.get(url).status_code == 302  # to the login page
    outsider = make_member(organisation, "participant", email="member@example.org", name="Mia")
    client.force_login(outsider)
    moderate = reverse(
        "topics:moderate", args=[event.process.organisation.slug, event.pk, conversation.pk]
    )
    assert client.post(moderate, {"action": "close"}).status_code in {403, 404}
    client.force_login(moderator)
    assert client.get(url).status_code == 200
    client.post(moderate, {"action": "close"})
    conversation.refresh_from_db()
    assert conversation.status == "closed"


def test_the_team_sees_the_wall_sorted_into_themes(client, event, join, category, token, moderator):
    from quartier.wall import services as wall_services

    titles = [
        ("Hundewiese", "Eine Wiese für Hunde ohne Leine."),
        ("Hundeauslaufplatz", "Ein Auslauf für Hunde."),
        ("Badesee", "Ein See zum Baden im Sommer."),
        ("Schwimmteich", "Ein Teich zum Baden und Schwimmen."),
    ]
    for title, text in titles:
        wall_services.card_post(
            event=event,
            participant=join(),
            title=title,
            text=text,
            category_id=category.pk,
            token=token(),
        )
    client.force_login(moderator)
    url = reverse("topics:themes", args=[event.process.organisation.slug, event.pk])
    page = client.get(url, {"k": "2"}).content.decode()
    groups = [block for block in page.split('<li class="panel"')[1:]]
    assert len(groups) == 2
    assert any("Hundewiese" in g and "Hundeauslaufplatz" in g for g in groups)
    assert any("Badesee" in g and "Schwimmteich" in g for g in groups)


def test_the_statements_export_as_csv_with_agreement_per_group(client, event, moderator, join):
    conversation = services.conversation_create(
        event=event, actor=moderator, question="Platz?", statements=["A", "B", "Gemeinsam"]
    )
    statements = {s.text: s for s in selectors.accepted(conversation=conversation)}
    for p in range(8):
        person = join(f"P{p}")
        side = p % 2
        services.opinion_cast(statement=statements["A"], participant=person, value=1 - 2 * side)
        services.opinion_cast(statement=statements["B"], participant=person, value=2 * side - 1)
        services.opinion_cast(statement=statements["Gemeinsam"], participant=person, value=1)
    client.force_login(moderator)
    url = reverse(
        "topics:export_csv", args=[event.process.organisation.slug, event.pk, conversation.pk]
    )
    rows = list(csv.DictReader(io.StringIO(client.get(url).content.decode())))
    by_text = {r["statement"]: r for r in rows}
    assert by_text["Gemeinsam"]["agree_percent"] == "100"
    assert by_text["Gemeinsam"]["common_ground"] == "1"
    assert by_text["A"]["votes"] == "8" and by_text["A"]["agree_percent"] == "50"


def test_votes_reach_the_events_live_channel_at_most_every_two_seconds(
    conversation, join, moderator, monkeypatch
):
    from datetime import timedelta

    from django.utils import timezone

    from quartier.events.models import LiveEntry

    def opinion_entries():
        return LiveEntry.objects.filter(event=conversation.event, kind="opinion").count()

    anna, ben = join("Anna"), join("Ben")
    first, second = selectors.accepted(conversation=conversation)
    services.opinion_cast(statement=first, participant=anna, value=1)
    services.opinion_cast(statement=second, participant=anna, value=1)
    services.opinion_cast(statement=first, participant=ben, value=-1)
    assert opinion_entries() == 1  # the first vote; the next ones within 2 s wait
    later = timezone.now() + timedelta(seconds=3)
    monkeypatch.setattr("quartier.topics.opinion_services.timezone.now", lambda: later)
    services.opinion_cast(statement=second, participant=ben, value=-1)
    assert opinion_entries() == 2
    services.statement_add(conversation=conversation, text="Ein Brunnen", actor=moderator)
    services.conversation_set_open(conversation=conversation, actor=moderator, open_=False)
    assert opinion_entries() == 4  # the team's changes always go out
    entry = LiveEntry.objects.filter(kind="opinion").last()
    assert entry.payload == {"conversation": conversation.pk}


def test_online_maps_use_no_event_channel(process, admin):
    from quartier.events.models import LiveEntry

    online = services.conversation_create(
        process=process, actor=admin, question="Online?", statements=["A"]
    )
    voice = services.respondent_for(conversation=online)
    services.opinion_cast(
        statement=selectors.accepted(conversation=online).get(), respondent=voice, value=1
    )
    assert not LiveEntry.objects.filter(kind="opinion").exists()
