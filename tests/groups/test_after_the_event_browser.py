"""After the event, clicked through in Chromium: phones in a live event join a topic
group and leave their details with consent; the organizer carries the topic group on as
a standing group whose members receive its e-mail; a volunteer offer is matched to a
need; an open end is reviewed and published. Every page is checked with axe, phones at
360 px without sideways scrolling."""

from __future__ import annotations

import re
import uuid

import pytest
from django.core import mail
from playwright.sync_api import expect

from quartier.events.services import event_set_phase
from quartier.groups.models import Group
from quartier.volunteers.models import Match
from quartier.wall import services as wall
from quartier.wall.models import OpenEnd

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
SCRIPT = "<script>alert('x')</script>"


def _fits(page):
    page.wait_for_load_state()
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")


def _phone_join(new_page, server, event, name):
    phone = new_page(**PHONE)
    phone.goto(f"{server.url}/j/{event.join_code}/")
    phone.locator("#display_name").fill(name)
    phone.locator("form[data-join-form] button[type=submit]").click()
    expect(phone.locator("[data-live]")).to_have_attribute("data-live-connected", "1")
    return phone


def test_from_a_live_event_to_a_working_group_a_matched_offer_and_a_public_open_end(
    asgi_server, asgi_login, new_page, event, admin, category, join, assert_accessible, in_phase
):
    process = event.process
    org, slug = process.organisation.slug, process.slug
    base = asgi_server.url
    topic = wall.topic_group_create(event=event, actor=admin, title="Repair-Café")
    author = join("Karten")
    in_phase("wall")
    for title in ("Lastenrad teilen", SCRIPT):
        wall.card_post(
            event=event,
            participant=author,
            title=title,
            category_id=category.pk,
            token=str(uuid.uuid4()),
        )
    event_set_phase(event=event, actor=admin, phase="groups")

    # Two phones join the topic group; Anna leaves her details, Ben stays anonymous.
    anna = _phone_join(new_page, asgi_server, event, "Anna")
    ben = _phone_join(new_page, asgi_server, event, "Ben")
    for phone in (anna, ben):
        phone.locator("form[data-live-form=group] button").click()
        expect(phone.locator("[data-group] .badge")).to_be_visible()
    anna.get_by_role("link", name="In Kontakt bleiben").click()
    expect(anna.get_by_role("heading", name="In Kontakt bleiben")).to_be_visible()
    _fits(anna)
    assert_accessible(anna)
    anna.get_by_label("Name", exact=True).fill("Anna Beispiel")
    anna.get_by_label("E-Mail-Adresse").fill("anna@example.org")
    expect(anna.get_by_role("checkbox", name="Repair-Café")).to_be_checked()
    anna.get_by_role("checkbox", name=re.compile("Ehrenamtsbörse")).check()
    anna.get_by_role("checkbox", name=re.compile("Ich bin einverstanden")).check()
    anna.get_by_role("button", name="Meine Angaben speichern").click()
    expect(anna.get_by_role("status")).to_contain_text("Danke")
    expect(anna.get_by_text("Du machst weiter bei „Repair-Café“.", exact=True)).to_be_visible()
    _fits(anna)
    assert_accessible(anna)

    # The organizer carries the topic group on; it keeps Anna (not only the moderator).
    laptop = new_page()
    asgi_login(laptop, admin.email)
    laptop.goto(f"{base}{event.get_absolute_url()}")
    laptop.get_by_text("Als feste Gruppe weiterführen").click()
    laptop.get_by_label("Ziel").first.fill("Dinge reparieren statt wegwerfen")
    laptop.locator(f"#moderator-{topic.pk}").select_option(str(admin.pk))
    laptop.get_by_role("button", name="Feste Gruppe anlegen").click()
    expect(
        laptop.get_by_text("„Repair-Café“ geht als feste Gruppe weiter.", exact=True)
    ).to_be_visible()
    group = Group.objects.get(title="Repair-Café")
    laptop.goto(f"{base}/o/{org}/groups/p/{slug}/")
    expect(laptop.get_by_text("2 Mitglieder")).to_be_visible()
    assert_accessible(laptop)
    laptop.get_by_role("link", name="Repair-Café").click()
    expect(laptop.get_by_role("cell", name="Anna Beispiel", exact=True)).to_be_visible()
    assert_accessible(laptop)
    laptop.get_by_label("Neue Aufgabe").fill("Werkzeug besorgen")
    laptop.get_by_label("Verantwortlich").select_option(label="Anna Beispiel")
    laptop.get_by_role("button", name="Aufgabe hinzufügen").click()
    expect(laptop.get_by_text("Aufgabe hinzugefügt.", exact=True)).to_be_visible()
    mail.outbox.clear()
    laptop.get_by_label("Betreff").fill("Erstes Treffen")
    laptop.get_by_label("Nachricht", exact=True).fill("Wir treffen uns am Freitag im Jugendhaus.")
    laptop.get_by_role("button", name="An alle Mitglieder senden").click()
    expect(laptop.get_by_text("An 2 Mitglieder gesendet.", exact=True)).to_be_visible()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(["anna@example.org", admin.email])
    assert "Jugendhaus" in next(m for m in mail.outbox if m.to == ["anna@example.org"]).body
    assert_accessible(laptop)

    # Open ends: collected, reviewed (the script card dropped), one marked public.
    laptop.goto(f"{base}{event.get_absolute_url()}")
    laptop.get_by_role("button", name="Offene Enden sammeln").click()
    laptop.goto(f"{base}/o/{org}/wall/p/{slug}/open-ends/")
    expect(laptop.get_by_role("heading", name="Zu prüfen (2)")).to_be_visible()
    assert_accessible(laptop)
    script = OpenEnd.objects.get(title=SCRIPT)
    laptop.locator(f"#open-end-{script.pk} button", has_text="Verwerfen").click()
    expect(laptop.get_by_role("heading", name="Zusammengeführt oder verworfen (1)")).to_be_visible()
    laptop.get_by_role(
        "button", name=re.compile("Als öffentlich markieren.*Lastenrad teilen")
    ).click()
    expect(
        laptop.get_by_text("„Lastenrad teilen“ steht auf der öffentlichen Seite.", exact=True)
    ).to_be_visible()

    # The organizer publishes the process's public pages in its settings.
    laptop.goto(f"{base}/o/{org}/p/{slug}/public-pages/")
    assert_accessible(laptop)
    for label in ("Offene Enden", "Ehrenamtsbörse"):
        laptop.get_by_role("button", name=re.compile(f"Veröffentlichen.*{label}")).click()
        expect(laptop.get_by_text("Die Seite ist jetzt öffentlich.", exact=True)).to_be_visible()
    expect(laptop.get_by_role("heading", name="Adresse zum Teilen")).to_be_visible()
    assert_accessible(laptop)  # with the QR code of the shared address

    ben.goto(f"{base}/offene-enden/{org}/{slug}/")
    expect(ben.get_by_role("heading", name="Lastenrad teilen")).to_be_visible()
    assert "alert(" not in ben.content() and "&lt;script" not in ben.content()
    _fits(ben)
    assert_accessible(ben)

    # Volunteer board: a need posted by the organizer, an offer from a phone, a match.
    laptop.goto(f"{base}/o/{org}/volunteers/p/{slug}/")
    laptop.get_by_label("Was gebraucht wird").fill("Fotos beim Stadtteilfest")
    laptop.get_by_label("Fähigkeiten").fill("Fotografie, Presse")
    laptop.get_by_role("checkbox", name="am Wochenende").check()
    laptop.get_by_label("Für die Gruppe").select_option(label="Repair-Café")
    laptop.get_by_role("button", name="Eintragen", exact=True).click()
    expect(
        laptop.get_by_text("„Fotos beim Stadtteilfest“ steht in der Börse.", exact=True)
    ).to_be_visible()
    assert_accessible(laptop)

    ben.goto(f"{base}/ehrenamt/{org}/{slug}/")
    expect(ben.get_by_role("heading", name="Fotos beim Stadtteilfest")).to_be_visible()
    _fits(ben)
    assert_accessible(ben)
    ben.get_by_role("link", name="Ich möchte Hilfe anbieten").click()
    ben.get_by_label("Name", exact=True).fill("Ben")
    ben.get_by_label("Telefon (freiwillig)").fill("0170 5550123")
    ben.get_by_label("Was ich kann").fill("fotografieren")
    ben.get_by_role("checkbox", name="am Wochenende").check()
    ben.get_by_role("checkbox", name=re.compile("Ich bin einverstanden")).check()
    ben.get_by_role("button", name="Hilfe anbieten").click()
    expect(ben.get_by_role("status")).to_contain_text("Danke")
    _fits(ben)
    assert_accessible(ben)

    laptop.reload()
    laptop.get_by_role(
        "button", name=re.compile("Zuordnung bestätigen.*Ben – Fotos beim Stadtteilfest")
    ).click()
    expect(
        laptop.get_by_text(
            "Ben passt zu „Fotos beim Stadtteilfest“; bitte melden Sie sich.", exact=True
        )
    ).to_be_visible()
    assert Match.objects.get().offer.contact.full_name == "Ben"
    assert_accessible(laptop)

    assert group.members.count() == 2
    assert OpenEnd.objects.get(title=SCRIPT).status == "dropped"
