"""Services of the live wall: idempotent posting, voting limits, merge, groups, open ends."""

from __future__ import annotations

import pytest

from quartier.core.errors import DomainError
from quartier.events.models import LiveEntry, Receipt
from quartier.wall import services
from quartier.wall.models import Card, CardStatus, OpenEnd, Vote

pytestmark = pytest.mark.django_db


def test_a_new_event_has_categories_a_closed_vote_and_starts_in_the_first_phase(event):
    labels = list(event.categories.values_list("label", flat=True))
    assert labels[:4] == ["Mobilität", "Zusammenleben", "Ökologie & Stadtumbau", "Kultur"]
    assert event.phase == "arrival"
    assert not event.voting.is_open
    assert len(event.join_code) == 8


def test_posting_twice_with_the_same_token_creates_one_card(event, join, category, token, in_phase):
    in_phase("voting")
    anna = join("Anna")
    same = token()
    first = services.card_post(
        event=event, participant=anna, title="Sichere Radwege", category_id=category.pk, token=same
    )
    again = services.card_post(
        event=event, participant=anna, title="Sichere Radwege", category_id=category.pk, token=same
    )
    assert first["card"] == again["card"]
    assert (first["replayed"], again["replayed"]) == (False, True)
    assert Card.objects.filter(event=event).count() == 1
    assert Receipt.objects.filter(token=same).count() == 1


def test_a_token_of_someone_else_is_refused(event, join, category, token, in_phase):
    in_phase("voting")
    anna, ben = join("Anna"), join("Ben")
    same = token()
    services.card_post(
        event=event, participant=anna, title="Sichere Radwege", category_id=category.pk, token=same
    )
    with pytest.raises(DomainError):
        services.card_post(
            event=event, participant=ben, title="Other", category_id=category.pk, token=same
        )


def test_garbage_input_gets_clear_errors(event, join, category, token, in_phase):
    in_phase("voting")
    anna = join("Anna")
    for kwargs, code in [
        ({"title": "   ", "category_id": category.pk, "token": token()}, "title_missing"),
        ({"title": "x" * 121, "category_id": category.pk, "token": token()}, "title_too_long"),
        ({"title": "Ok", "category_id": "nope", "token": token()}, "category_missing"),
        (
            {"title": "Ok", "category_id": category.pk, "token": "not-a-uuid"},
            "client_token_invalid",
        ),
    ]:
        with pytest.raises(DomainError) as info:
            services.card_post(event=event, participant=anna, **kwargs)
        assert info.value.code == code
    assert not Card.objects.exists()


def test_every_change_gets_the_next_sequence_number(event, join, category, token, in_phase):
    in_phase("voting")
    anna = join("Anna")
    before = event.__class__.objects.get(pk=event.pk).last_seq
    for title in ["Eins", "Zwei", "Drei"]:
        services.card_post(
            event=event, participant=anna, title=title, category_id=category.pk, token=token()
        )
    seqs = list(LiveEntry.objects.filter(event=event).values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))
    assert seqs[-1] == before + 3


def _card(event, who, category, token, title="Mehr Bäume im Kiez"):
    result = services.card_post(
        event=event, participant=who, title=title, category_id=category.pk, token=token()
    )
    return Card.objects.get(pk=result["card"])


def test_dot_voting_respects_dots_per_person_and_per_card(
    event, join, category, token, admin, in_phase
):
    in_phase("voting")
    anna = join("Anna")
    cards = [_card(event, anna, category, token, f"Thema {i}") for i in range(7)]
    services.voting_open(event=event, actor=admin, dots=3, max_per_card=2)
    services.vote_cast(card=cards[0], participant=anna, token=token())
    services.vote_cast(card=cards[0], participant=anna, token=token())
    with pytest.raises(DomainError) as info:
        services.vote_cast(card=cards[0], participant=anna, token=token())
    assert info.value.code == "vote_twice"
    services.vote_cast(card=cards[1], participant=anna, token=token())
    with pytest.raises(DomainError) as info:
        services.vote_cast(card=cards[2], participant=anna, token=token())
    assert info.value.code == "vote_no_dots_left"
    assert Vote.objects.filter(participant=anna).count() == 3


def test_a_retried_vote_counts_once(event, join, category, token, admin, in_phase):
    in_phase("voting")
    anna = join("Anna")
    card = _card(event, anna, category, token)
    services.voting_open(event=event, actor=admin)
    same = token()
    services.vote_cast(card=card, participant=anna, token=same)
    services.vote_cast(card=card, participant=anna, token=same)
    assert card.votes.count() == 1


def test_approval_voting_allows_one_approval_per_card(
    event, join, category, token, admin, in_phase
):
    in_phase("voting")
    anna = join("Anna")
    cards = [_card(event, anna, category, token, f"Thema {i}") for i in range(8)]
    services.voting_open(event=event, actor=admin, method="approval", dots=1)
    for card in cards:
        services.vote_cast(card=card, participant=anna, token=token())
    with pytest.raises(DomainError):
        services.vote_cast(card=cards[0], participant=anna, token=token())
    assert Vote.objects.filter(participant=anna).count() == 8


def test_closing_the_vote_freezes_the_result(event, join, category, token, admin, in_phase):
    in_phase("voting")
    anna, ben = join("Anna"), join("Ben")
    card = _card(event, anna, category, token)
    services.voting_open(event=event, actor=admin)
    services.vote_cast(card=card, participant=anna, token=token())
    voting = services.voting_close(event=event, actor=admin)
    assert voting.result == [{"card": card.pk, "title": card.title, "votes": 1}]
    with pytest.raises(DomainError) as info:
        services.vote_cast(card=card, participant=ben, token=token())
    assert info.value.code == "vote_not_open"
    with pytest.raises(DomainError):
        services.voting_open(event=event, actor=admin)


def test_merging_moves_votes_and_supporters(event, join, category, token, admin, in_phase):
    in_phase("voting")
    anna, ben, cem = join("Anna"), join("Ben"), join("Cem")
    target = _card(event, anna, category, token, "Mehr Bäume")
    source = _card(event, ben, category, token, "Bäume pflanzen")
    services.card_support(card=source, participant=cem, token=token())
    services.card_support(card=target, participant=cem, token=token())
    services.voting_open(event=event, actor=admin)
    services.vote_cast(card=source, participant=ben, token=token())
    services.vote_cast(card=source, participant=cem, token=token())
    services.vote_cast(card=target, participant=anna, token=token())
    services.card_merge(source=source, target=target, actor=admin)
    source.refresh_from_db()
    assert source.status == CardStatus.MERGED and source.merged_into == target
    assert target.votes.count() == 3
    assert target.supporters.count() == 1  # Cem supported both: still one supporter


def test_hide_needs_a_reason_and_is_reversible(event, join, category, token, admin, in_phase):
    in_phase("voting")
    card = _card(event, join("Anna"), category, token)
    with pytest.raises(DomainError):
        services.card_hide(card=card, actor=admin, reason=" ")
    services.card_hide(card=card, actor=admin, reason="Beleidigend")
    card.refresh_from_db()
    assert card.status == CardStatus.HIDDEN and card.hidden_reason == "Beleidigend"
    services.card_unhide(card=card, actor=admin)
    card.refresh_from_db()
    assert card.status == CardStatus.VISIBLE


def test_split_keeps_the_card_and_adds_the_others(event, join, category, token, admin, in_phase):
    in_phase("voting")
    card = _card(event, join("Anna"), category, token, "Radwege und Bänke")
    parts = services.card_split(card=card, actor=admin, titles=["Radwege", "Mehr Bänke"])
    assert [p.title for p in parts] == ["Radwege", "Mehr Bänke"]
    assert parts[1].split_from == card


def test_a_full_group_refuses_and_one_group_per_slot(event, join, category, token, admin, in_phase):
    anna, ben = join("Anna"), join("Ben")
    slot = event.slots.first()
    small = services.topic_group_create(
        event=event, actor=admin, title="Radwege", capacity=1, slot=slot
    )
    other = services.topic_group_create(event=event, actor=admin, title="Bäume", slot=slot)
    in_phase("groups")
    services.topic_group_join(group=small, participant=anna, token=token())
    with pytest.raises(DomainError) as info:
        services.topic_group_join(group=small, participant=ben, token=token())
    assert info.value.code == "group_full"
    services.topic_group_join(
        group=other, participant=anna, token=token()
    )  # switching within the slot
    assert list(anna.topic_groups.values_list("topic_group_id", flat=True)) == [other.pk]


def test_assignment_from_wishes_places_people(event, join, admin, in_phase):
    people = [join(f"P{i}") for i in range(5)]
    a = services.topic_group_create(event=event, actor=admin, title="A", capacity=2)
    b = services.topic_group_create(event=event, actor=admin, title="B", capacity=3)
    in_phase("groups")
    for person in people:
        services.group_wishes_set(participant=person, groups=[a])
    algorithm = services.topic_groups_assign(event=event, actor=admin)
    assert algorithm.startswith("engine.grouping")
    assert a.members.count() == 2 and b.members.count() == 3


def test_cards_without_group_become_open_ends_that_can_come_back(
    event, join, category, token, admin, process, in_phase
):
    in_phase("voting")
    from quartier.events.services import event_create

    anna = join("Anna")
    grouped = _card(event, anna, category, token, "Radwege")
    lonely = _card(event, anna, category, token, "Repair-Café")
    services.topic_group_create(event=event, actor=admin, card=grouped)
    created = services.open_ends_collect(event=event, actor=admin)
    assert [o.title for o in created] == [lonely.title]
    assert services.open_ends_collect(event=event, actor=admin) == []  # idempotent
    services.open_end_publish(open_end=created[0], actor=admin, public=True)  # reviewed (#16)
    with pytest.raises(DomainError):
        services.open_end_interest(
            open_end=created[0], name="Eva", contact="eva@example.org", message="", consent=False
        )
    services.open_end_interest(
        open_end=created[0], name="Eva", contact="eva@example.org", message="", consent=True
    )
    later = event_create(
        process=process,
        actor=admin,
        format_key="open_assembly",
        title="Später",
        starts_at=event.starts_at,
    )
    card = services.open_end_revive(open_end=created[0], event=later, actor=admin)
    assert card.event == later and card.open_end == created[0]
    assert OpenEnd.objects.get(pk=created[0].pk).status == "revived"


def test_a_topic_group_carries_on_as_a_standing_group(event, join, admin, organisation, in_phase):
    from quartier.reach.models import Contact

    contact = Contact.objects.create(organisation=organisation, full_name="Eva Beispiel")
    from quartier.events.services import participant_register_walk_in

    eva = participant_register_walk_in(
        event=event, actor=admin, display_name="Eva", contact=contact
    )
    group = services.topic_group_create(event=event, actor=admin, title="Repair-Café")
    in_phase("groups")
    services.topic_group_join(
        group=group, participant=eva, token="3f1e0a52-9a61-4bb8-8d5c-2c5cf1d1d9a1"
    )
    standing = services.topic_group_make_standing(
        group=group, actor=admin, goal="Reparieren", mission="Monatlich", moderator=admin
    )
    assert standing.process == event.process
    assert standing.members.filter(contact=contact).exists()
    assert contact.participations.filter(kind="event").exists()
    with pytest.raises(DomainError):
        services.topic_group_make_standing(group=group, actor=admin, goal="", mission="")
