"""Public pages in a phone-sized browser, checked with axe: entering a code, joining,
the open-ends page with its consent form, and a standing group's join request."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from quartier.groups.models import JoinRequest
from quartier.wall import services
from quartier.wall.models import Interest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page):
    page.wait_for_load_state()
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_code_join_open_ends_and_group_request_on_a_phone(
    live_server, new_page, event, join, category, admin, process, assert_accessible, in_phase
):
    from quartier.groups.services import group_create, group_publish
    from quartier.processes.services import publication_set

    in_phase("wall")

    services.card_post(
        event=event,
        participant=join("A"),
        title="Repair-Café im Jugendhaus",
        category_id=category.pk,
        token=str(uuid.uuid4()),
    )
    for open_end in services.open_ends_collect(event=event, actor=admin):
        services.open_end_publish(open_end=open_end, actor=admin, public=True)  # reviewed (#16)
    group = group_create(
        process=process,
        actor=admin,
        title="Nachbarschaftscafé",
        goal="Ein Treffpunkt",
        mission="Monatlich",
        moderator=admin,
    )
    group_publish(group=group, actor=admin, published=True)
    for page in ("open_ends", "groups"):
        publication_set(process=process, actor=admin, page=page, published=True)
    phone = new_page(width=360, height=740)

    phone.goto(f"{live_server.url}/j/")
    phone.get_by_label("Code von der Leinwand").fill("zzz-zzz")
    phone.get_by_role("button", name="Weiter").click()
    expect(phone.locator("#code-error")).to_be_visible()
    assert_accessible(phone)
    phone.get_by_label("Code von der Leinwand").fill(event.display_code.lower())
    phone.get_by_role("button", name="Weiter").click()
    expect(phone.get_by_role("heading", name=event.title)).to_be_visible()
    expect(phone.get_by_role("heading", name="Deine Daten, kurz gesagt")).to_be_visible()
    _fits(phone)
    assert_accessible(phone)

    org, slug = process.organisation.slug, process.slug
    phone.goto(f"{live_server.url}/offene-enden/{org}/{slug}/")
    assert_accessible(phone)
    phone.get_by_role("link", name=re.compile("Ich bin interessiert.*Repair-Café")).click()
    phone.get_by_label("Name", exact=True).fill("Eva")
    phone.get_by_label("E-Mail oder Telefon").fill("eva@example.org")
    phone.get_by_role("checkbox").check()
    phone.get_by_role("button", name="Senden").click()
    expect(phone.get_by_role("status")).to_contain_text("Danke")
    assert Interest.objects.get().name == "Eva"
    _fits(phone)
    assert_accessible(phone)

    phone.goto(f"{live_server.url}/gruppen/{org}/{slug}/")
    assert_accessible(phone)
    phone.get_by_role("link", name=re.compile("Mehr und mitmachen.*Nachbarschaftscafé")).click()
    expect(phone.get_by_text("Ein Treffpunkt")).to_be_visible()
    phone.get_by_label("Name", exact=True).fill("Jo")
    phone.get_by_label("E-Mail oder Telefon").fill("0151 000000")
    phone.get_by_role("checkbox").check()
    phone.get_by_role("button", name="Anfrage senden").click()
    expect(phone.get_by_role("status")).to_contain_text("Danke")
    assert JoinRequest.objects.get(group=group).name == "Jo"
    _fits(phone)
    assert_accessible(phone)


def test_the_team_pages_for_groups_and_open_ends_are_accessible(
    live_server, new_page, login, event, admin, process, assert_accessible
):
    from quartier.groups.services import group_create, group_publish, join_request_create

    group = group_create(
        process=process, actor=admin, title="Nachbarschaftscafé", goal="Treffpunkt", moderator=admin
    )
    group_publish(group=group, actor=admin, published=True)
    join_request_create(group=group, name="Jo", contact_details="jo@example.org", consent=True)
    page = new_page()
    login(page, admin.email)
    org = process.organisation.slug
    page.goto(f"{live_server.url}{process.get_absolute_url()}")
    expect(page.get_by_role("heading", name="Live-Veranstaltungen")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/o/{org}/groups/p/{process.slug}/")
    page.get_by_role("link", name="Nachbarschaftscafé").click()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Annehmen.*Jo")).click()
    expect(page.get_by_text("Jo ist jetzt Mitglied")).to_be_visible()
    page.goto(f"{live_server.url}/o/{org}/wall/p/{process.slug}/open-ends/")
    assert_accessible(page)
    page.goto(f"{live_server.url}/o/{org}/events/p/{process.slug}/new/")
    assert_accessible(page)
