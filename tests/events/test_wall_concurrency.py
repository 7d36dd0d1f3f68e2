"""Concurrent requests cannot exceed the dots, fill a group beyond capacity, or double a
write: many threads hit the services at once (real transactions, real locks)."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.db import close_old_connections, connection

from quartier.core.errors import DomainError
from quartier.wall import services
from quartier.wall.models import Card, TopicGroupMember, Vote

pytestmark = pytest.mark.django_db(transaction=True)


def _race(worker, n=8):
    barrier = threading.Barrier(n)
    outcomes: list[object] = []
    lock = threading.Lock()

    def run(i):
        barrier.wait(timeout=10)
        try:
            result = worker(i)
        except DomainError as exc:
            result = exc.code
        finally:
            close_old_connections()
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return outcomes


def test_concurrent_votes_never_exceed_the_dots(event, join, category, token, admin, in_phase):
    in_phase("voting")
    anna = join("Anna")
    cards = [
        Card.objects.get(
            pk=services.card_post(
                event=event, participant=anna, title=f"T{i}", category_id=category.pk, token=token()
            )["card"]
        )
        for i in range(8)
    ]
    services.voting_open(event=event, actor=admin, dots=3, max_per_card=1)
    outcomes = _race(
        lambda i: services.vote_cast(card=cards[i], participant=anna, token=str(uuid.uuid4()))
    )
    assert Vote.objects.filter(participant=anna).count() == 3
    assert outcomes.count("vote_no_dots_left") == 5


def test_the_same_vote_sent_eight_times_at_once_counts_once(
    event, join, category, token, admin, in_phase
):
    in_phase("voting")
    anna = join("Anna")
    card = Card.objects.get(
        pk=services.card_post(
            event=event, participant=anna, title="T", category_id=category.pk, token=token()
        )["card"]
    )
    services.voting_open(event=event, actor=admin, dots=5, max_per_card=5)
    same = str(uuid.uuid4())
    outcomes = _race(lambda i: services.vote_cast(card=card, participant=anna, token=same))
    assert card.votes.count() == 1
    assert sorted(o["replayed"] for o in outcomes) == [False] + [True] * 7


def test_the_last_dot_sent_eight_times_at_once_is_confirmed_to_every_copy(
    event, join, category, token, admin, in_phase
):
    """A copy that waited for the event lock while the first copy took the last dot must
    be answered from the first copy's receipt, not told "no dots left"."""
    in_phase("voting")
    anna = join("Anna")
    card = Card.objects.get(
        pk=services.card_post(
            event=event, participant=anna, title="T", category_id=category.pk, token=token()
        )["card"]
    )
    services.voting_open(event=event, actor=admin, dots=1, max_per_card=1)
    same = str(uuid.uuid4())
    outcomes = _race(lambda i: services.vote_cast(card=card, participant=anna, token=same))
    assert card.votes.count() == 1
    assert [o for o in outcomes if not isinstance(o, dict)] == []
    assert sorted(o["replayed"] for o in outcomes) == [False] + [True] * 7


def test_concurrent_posts_with_one_token_create_one_card(event, join, category, in_phase):
    in_phase("voting")
    anna = join("Anna")
    same = str(uuid.uuid4())
    _race(
        lambda i: services.card_post(
            event=event, participant=anna, title="Radwege", category_id=category.pk, token=same
        )
    )
    assert Card.objects.filter(event=event).count() == 1


def test_a_full_group_stays_full_under_concurrency(event, join, admin, in_phase):
    people = [join(f"P{i}") for i in range(8)]
    group = services.topic_group_create(event=event, actor=admin, title="Klein", capacity=3)
    in_phase("groups")
    outcomes = _race(
        lambda i: services.topic_group_join(
            group=group, participant=people[i], token=str(uuid.uuid4())
        )
    )
    assert TopicGroupMember.objects.filter(topic_group=group).count() == 3
    assert outcomes.count("group_full") == 5


def test_concurrent_dots_number_the_live_log_without_gaps(
    event, join, category, token, admin, in_phase
):
    from quartier.events.models import Event, LiveEntry

    in_phase("voting")
    people = [join(f"P{i}") for i in range(8)]
    card = Card.objects.get(
        pk=services.card_post(
            event=event, participant=people[0], title="T", category_id=category.pk, token=token()
        )["card"]
    )
    services.voting_open(event=event, actor=admin, dots=3, max_per_card=1)
    _race(lambda i: services.vote_cast(card=card, participant=people[i], token=str(uuid.uuid4())))
    entries = list(LiveEntry.objects.filter(event=event).order_by("seq"))
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    assert Event.objects.get(pk=event.pk).last_seq == len(entries)
    tallies = [e.payload["votes"] for e in entries if e.kind == "tally"]
    assert tallies == list(range(1, 9))  # one entry per dot, in commit order


def test_concurrent_posts_number_the_live_log_without_gaps_and_all_get_vectors(
    event, join, category, in_phase
):
    """Eight people post at once while each commit runs the card-vector job (the test
    settings run jobs immediately): on PostgreSQL the job once took its locks in the
    other order than the writers and deadlocked half of the posts."""
    from quartier.events.models import Event, LiveEntry
    from quartier.topics.models import CardVector

    in_phase("voting")
    people = [join(f"P{i}") for i in range(8)]
    outcomes = _race(
        lambda i: services.card_post(
            event=event,
            participant=people[i],
            title=f"Thema {i}",
            category_id=category.pk,
            token=str(uuid.uuid4()),
        )
    )
    assert len(outcomes) == 8
    entries = list(LiveEntry.objects.filter(event=event).order_by("seq"))
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    assert Event.objects.get(pk=event.pk).last_seq == len(entries)
    posted = {e.payload["id"] for e in entries if e.kind == "card"}
    cards = set(Card.objects.filter(event=event).values_list("pk", flat=True))
    assert posted == cards
    assert len(cards) == 8
    assert set(CardVector.objects.filter(event=event).values_list("card_id", flat=True)) == cards
