"""Every new page at 360 px without sideways scrolling and with 0 axe violations: the
team pages a key person opens on the phone and the public pages."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from quartier.groups import services as groups
from quartier.processes.services import publication_set
from quartier.volunteers import services as volunteers
from quartier.wall import services as wall

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


WIDER = """() => [...document.querySelectorAll('body *')]
    .filter(e => !e.closest('.table-wrap') && e.getBoundingClientRect().right > window.innerWidth + 1)
    .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""


def _fits(page):
    page.wait_for_load_state()
    fits = page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert fits, page.evaluate(WIDER)


@pytest.fixture
def filled(event, admin, category, join, in_phase):
    """A process with a standing group, a need, an offer, and a reviewed open end."""
    process = event.process
    person = join("Anna")
    in_phase("groups")
    topic = wall.topic_group_create(event=event, actor=admin, title="Repair-Café")
    wall.topic_group_join(group=topic, participant=person, token=str(uuid.uuid4()))
    groups.stay_in_touch_record(
        participant=person,
        name="Anna Beispiel",
        email="anna@example.org",
        consent=True,
        topic_group_ids=[topic.pk],
    )
    group = wall.topic_group_make_standing(
        group=topic,
        actor=admin,
        goal="Dinge reparieren statt wegwerfen",
        mission="Einmal im Monat im Jugendhaus, mit Werkzeug und Kaffee",
        moderator=admin,
    )
    groups.group_publish(group=group, actor=admin, published=True)
    groups.group_task_add(
        group=group, actor=admin, title="Werkzeugliste für den ersten Abend schreiben"
    )
    groups.group_meeting_plan(
        group=group,
        actor=admin,
        title="Erstes Treffen",
        starts_at=timezone.now() + timedelta(days=5),
        place="Jugendhaus am Markt",
    )
    groups.join_request_create(
        group=group,
        name="Jo",
        contact_details="jo@example.org",
        message="Ich kann löten",
        consent=True,
    )
    in_phase("wall")
    wall.card_post(
        event=event,
        participant=person,
        title="Gemeinschaftsgartenbewässerungsanlagenpatenschaften an der Schule",
        text="Hochbeete für die Nachbarschaft",
        category_id=category.pk,
        token=str(uuid.uuid4()),
    )
    for open_end in wall.open_ends_collect(event=event, actor=admin):
        wall.open_end_publish(open_end=open_end, actor=admin, public=True)
    need = volunteers.need_create(
        process=process,
        actor=admin,
        title="Getränke verkaufen beim Stadtteilfest",
        skills="Kasse, Getränke",
        times=["weekend"],
        group=group,
        place="Marktplatz",
    )
    offer = volunteers.offer_create(
        process=process,
        name="Ben",
        email="ben@example.org",
        skills="Getränke, Aufbau",
        times=["weekend"],
        consent=True,
    )
    volunteers.response_create(
        need=need, name="Rita", contact_details="rita@example.org", consent=True
    )
    for page in ("groups", "open_ends", "volunteers"):
        publication_set(process=process, actor=admin, page=page, published=True)
    return {"group": group, "need": need, "offer": offer}


def test_team_pages_fit_a_phone_and_are_accessible(
    live_server, new_page, login, filled, event, admin, assert_accessible
):
    process = event.process
    org, slug = process.organisation.slug, process.slug
    phone = new_page(width=360, height=740)
    login(phone, admin.email)
    for path, heading in (
        (f"/o/{org}/p/{slug}/", process.title),
        (f"/o/{org}/p/{slug}/public-pages/", "Öffentliche Seiten"),
        (f"/o/{org}/groups/p/{slug}/", "Feste Gruppen"),
        (f"/o/{org}/groups/{filled['group'].pk}/", "Repair-Café"),
        (f"/o/{org}/groups/p/{slug}/report/", "Was aus dem Prozess entstanden ist"),
        (f"/o/{org}/volunteers/p/{slug}/", "Ehrenamtsbörse"),
        (f"/o/{org}/wall/p/{slug}/open-ends/", "Offene Enden"),
    ):
        phone.goto(f"{live_server.url}{path}")
        expect(phone.get_by_role("heading", level=1)).to_have_text(heading)
        _fits(phone)
        assert_accessible(phone)


def test_public_pages_fit_a_phone_and_are_accessible(
    live_server, new_page, filled, event, assert_accessible
):
    process = event.process
    org, slug = process.organisation.slug, process.slug
    phone = new_page(width=360, height=740)
    offer = filled["offer"]
    for path in (
        f"/gruppen/{org}/{slug}/",
        f"/gruppen/{org}/{slug}/{filled['group'].pk}/",
        f"/offene-enden/{org}/{slug}/",
        f"/ehrenamt/{org}/{slug}/",
        f"/ehrenamt/{org}/{slug}/{filled['need'].pk}/",
        f"/ehrenamt/{org}/{slug}/anbieten/",
        f"/ehrenamt/{org}/{slug}/zurueckziehen/{offer.token}/",
    ):
        response = phone.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        _fits(phone)
        assert_accessible(phone)
    phone.get_by_role("button", name="Mein Angebot zurückziehen").click()
    expect(phone.get_by_role("status")).to_contain_text("gelöscht")
    offer.refresh_from_db()
    assert offer.withdrawn_at is not None and offer.email == ""
