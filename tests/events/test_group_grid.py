"""Topic groups as a grid: ranked wishes, one group per person and time slot placed by
the grouping engine, and a rooms × slots grid that warns of double bookings."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from quartier.wall import selectors, services
from quartier.wall.models import GroupWish, TopicGroupMember

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_slots(event, admin, in_phase):
    in_phase("groups")
    early, late = list(event.slots.order_by("label"))
    saal, raum = event.rooms.get(name="Saal"), event.rooms.get(name="Raum 1")
    make = services.topic_group_create
    return {
        "A": make(event=event, actor=admin, title="Radwege", slot=early, room=saal, capacity=2),
        "B": make(event=event, actor=admin, title="Bäume", slot=early, room=raum, capacity=2),
        "C": make(event=event, actor=admin, title="Repair-Café", slot=late, room=saal, capacity=2),
        "D": make(event=event, actor=admin, title="Sprachcafé", slot=late, room=raum, capacity=2),
    }


def test_wishes_are_stored_as_ranks_in_the_order_given(event, join, two_slots):
    anna = join("Anna")
    g = two_slots
    services.group_wishes_set(participant=anna, groups=[g["C"], g["A"], g["D"]])
    assert selectors.my_wishes(participant=anna) == {g["C"].pk: 1, g["A"].pk: 2, g["D"].pk: 3}


def test_the_phone_form_sends_ranks_and_gaps_are_closed(client, event, two_slots):
    client.post(
        reverse("events:join", args=[event.join_code]),
        {"display_name": "Ben", "client_token": str(uuid.uuid4())},
    )
    g = two_slots
    client.post(
        reverse("events:set_wishes", args=[event.join_code]),
        {f"rank-{g['B'].pk}": "3", f"rank-{g['D'].pk}": "1", f"rank-{g['A'].pk}": ""},
    )
    ranks = dict(GroupWish.objects.values_list("topic_group_id", "rank"))
    assert ranks == {g["D"].pk: 1, g["B"].pk: 2}


def test_assignment_places_everyone_once_per_slot_by_rank_and_capacity(
    event, join, admin, two_slots
):
    g = two_slots
    people = [join(f"P{i}") for i in range(4)]
    wishes = [["A", "C"], ["A", "C"], ["A", "D"], ["B", "D"]]
    for person, ranked in zip(people, wishes, strict=True):
        services.group_wishes_set(participant=person, groups=[g[k] for k in ranked])
    algorithm = services.topic_groups_assign(event=event, actor=admin)
    assert algorithm == "engine.grouping.assign"
    for person in people:
        slots = list(
            TopicGroupMember.objects.filter(participant=person).values_list("slot_key", flat=True)
        )
        assert sorted(slots) == sorted({str(g["A"].slot_id), str(g["C"].slot_id)})
    for group in g.values():
        assert group.members.count() <= 2
    # Three want A (2 places) first: two get it, the third its next wish in that slot.
    assert g["A"].members.count() == 2 and g["B"].members.count() == 2


def test_the_grid_warns_of_double_bookings_and_rooms_too_small(event, admin, join, two_slots):
    g = two_slots
    saal = g["A"].room
    saal.capacity = 1
    saal.save()
    services.topic_group_create(
        event=event, actor=admin, title="Fahrradwerkstatt", slot=g["A"].slot, room=saal
    )
    for name in ("Anna", "Ben"):
        services.topic_group_join(group=g["A"], participant=join(name), token=uuid.uuid4())
    grid = selectors.group_grid(event=event)
    assert any("doppelt belegt" in w and "Fahrradwerkstatt" in w for w in grid.warnings)
    assert any("Radwege" in w and "fasst 1" in w for w in grid.warnings)
    saal_row = next(cells for room, cells in grid.rows if room.pk == saal.pk)
    assert saal_row[0].double_booked and len(saal_row[0].groups) == 2
