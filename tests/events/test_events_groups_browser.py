"""Topic groups on phones and on the team's grid: ranked wishes, placement in every time
slot, each person's plan on the phone, and a grid that flags a double booking."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.events.test_events_dots_browser import _phone_join

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_phones_rank_wishes_get_a_plan_and_the_grid_flags_a_double_booking(
    asgi_server, asgi_login, new_page, event, moderator, admin, assert_accessible
):
    from quartier.events.services import event_set_phase
    from quartier.wall.models import TopicGroupMember
    from quartier.wall.services import topic_group_create

    event_set_phase(event=event, actor=admin, phase="groups")
    early, late = list(event.slots.order_by("label"))
    saal, raum = event.rooms.get(name="Saal"), event.rooms.get(name="Raum 1")
    groups = {
        title: topic_group_create(
            event=event, actor=admin, title=title, slot=slot, room=room, capacity=1
        )
        for title, slot, room in [
            ("Radwege", early, saal),
            ("Bäume", early, raum),
            ("Repair-Café", late, saal),
            ("Nachbarschaftshilfeorganisation", late, raum),
        ]
    }
    anna = _phone_join(new_page, asgi_server, event, "Anna")
    ben = _phone_join(new_page, asgi_server, event, "Ben")
    for phone, order in (
        (anna, ["Radwege", "Repair-Café", "Bäume"]),
        (ben, ["Radwege", "Nachbarschaftshilfeorganisation", "Repair-Café", "Bäume"]),
    ):
        phone.locator("details.wishes summary").click()
        for rank, title in enumerate(order, start=1):
            phone.locator(f"#rank-{groups[title].pk}").select_option(str(rank))
        phone.locator("form[action$='/groups/wishes/'] button[type=submit]").click()
        phone.wait_for_load_state()
        expect(phone.locator(".messages")).to_contain_text("Wünsche")
    assert_accessible(anna)

    console = new_page()
    asgi_login(console, moderator.email)
    console.goto(f"{asgi_server.url}{event.get_absolute_url()}")
    console.locator("form[action$='/groups/assign/'] button").click()
    console.wait_for_load_state()
    for person in ("Anna", "Ben"):  # one group in each of the two slots
        slots = TopicGroupMember.objects.filter(participant__display_name=person).values_list(
            "slot_key", flat=True
        )
        assert sorted(slots) == sorted([str(early.pk), str(late.pk)])
    # Capacity 1: one of them gets "Radwege" (both ranked it first), the other "Bäume".
    assert groups["Radwege"].members.count() == 1 and groups["Bäume"].members.count() == 1

    for phone in (anna, ben):
        phone.reload()
        expect(phone.locator(".schedule li")).to_have_count(2)
        expect(phone.locator(".schedule li").first).to_contain_text(early.label)
        assert phone.evaluate("() => document.documentElement.scrollWidth <= 360 + 1")

    # A second group in the same room and slot: the console and the grid say so.
    console.locator("#group-title").fill("Fahrradwerkstatt")
    console.locator("#group-room").select_option(label="Saal")
    console.locator("#group-slot").select_option(label=early.label)
    console.locator("form.group-form button[type=submit]").click()
    console.wait_for_load_state()
    expect(console.locator(".grid-warnings")).to_contain_text("doppelt belegt")
    console.locator("a[href$='/grid/']").click()
    console.wait_for_load_state()
    expect(console.locator("td.double-booked")).to_have_count(1)
    expect(console.locator("td.double-booked")).to_contain_text("Fahrradwerkstatt")
    assert_accessible(console)
