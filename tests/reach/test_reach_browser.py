"""Organizers in a real Chromium (German UI): one-to-ones, the matrix with coverage, and
every reach page checked with axe-core."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

IMPORT_CSV = (
    "Name;E-Mail;Rechtsgrundlage\n"
    "Jürgen Weiß;juergen@example.org;Vertrag\n"
    "Kaputt;kein-mail;Vertrag\n"
).encode("cp1252")

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_an_organizer_records_a_one_to_one_with_a_follow_up(
    live_server, page, login, reach, assert_accessible
):
    login(page, reach.organizer.email)
    page.goto(f"{live_server.url}/o/{reach.organisation.slug}/")
    page.get_by_role("navigation", name="Organisation").get_by_role("link", name="Menschen").click()
    assert page.get_by_role("heading", name="Menschen", exact=True).is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Ayşe Yıldız").click()
    expect(page.get_by_role("heading", name="Ayşe Yıldız", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Beziehungsgespräch erfassen").click()
    assert_accessible(page)
    page.get_by_label("Interessen").fill("Spielplatz im Hof, Sprachcafé")
    page.get_by_label("Anliegen und Sorgen").fill("Zu viel Verkehr vor der Schule")
    page.get_by_label("Was die Person bewegt").fill("Ihre Kinder sollen sicher zur Schule kommen")
    page.get_by_label("4 – würde eine Aufgabe übernehmen").check()
    page.get_by_label("Vereinbarter nächster Schritt").fill("Elternabend gemeinsam vorbereiten")
    page.locator("#id_follow_up_1_due").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Beziehungsgespräch speichern").click()
    assert page.get_by_text("Das Beziehungsgespräch wurde erfasst.").is_visible()
    timeline = page.locator(".timeline")
    assert "Zu viel Verkehr vor der Schule" in timeline.inner_text()
    assert "4 – würde eine Aufgabe übernehmen" in timeline.inner_text()
    assert_accessible(page)
    page.locator(".breadcrumbs").get_by_role("link", name="Menschen").click()
    page.get_by_role("link", name="Nächste Schritte").click()
    assert page.get_by_role("heading", name="Elternabend gemeinsam vorbereiten").is_visible()
    assert_accessible(page)
    page.get_by_role(
        "button", name=re.compile(r"^Erledigt\s*: Elternabend gemeinsam vorbereiten$")
    ).click()
    assert page.get_by_text("Nichts ist fällig.").is_visible()


def test_an_organizer_builds_the_matrix_and_sees_coverage(
    live_server, page, login, reach, assert_accessible
):
    from quartier.reach.services import participation_record

    participation_record(
        contact=reach.inside,
        source=reach.process,
        kind="event",
        role="attendee",
        occurred_at=timezone.now(),
        label="Offene Versammlung",
    )
    login(page, reach.organizer.email)
    page.goto(f"{live_server.url}/o/{reach.organisation.slug}/reach/matrix/")
    assert page.get_by_text("Noch keine Zielgruppen").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Zielgruppe hinzufügen").first.click()
    assert_accessible(page)
    page.get_by_label("Name").fill("Neuzugezogene")
    page.get_by_label("Niedrig").check()
    page.get_by_label("Fokusgruppe").check()
    page.get_by_label("Zugangswege").fill("Begrüßungsbrief\nSprachcafé")
    page.get_by_role("button", name="Zielgruppe speichern").click()
    assert page.get_by_text("Zielgruppe „Neuzugezogene“ angelegt").is_visible()
    assert_accessible(page)
    page.get_by_label("Ayşe Yıldız").check()
    page.get_by_label("Bernd Außenseiter").check()
    page.get_by_role("button", name="Menschen speichern").click()
    page.get_by_role("link", name="Zielgruppe hinzufügen").first.click()
    page.get_by_label("Name").fill("Hauptamtliche")
    page.get_by_label("Hoch").check()
    page.get_by_role("button", name="Zielgruppe speichern").click()
    page.get_by_role("link", name="Zielgruppen", exact=True).click()
    matrix = page.locator("table.matrix")
    low_row = matrix.get_by_role("row").filter(has_text="Niedrig")
    assert low_row.locator("strong").inner_text() == "Neuzugezogene"  # focus groups in bold
    assert "Hauptamtliche" in matrix.get_by_role("row").filter(has_text="Hoch").inner_text()
    heat = page.locator(".heatmap .heat-cell", has_text="Neuzugezogene")
    assert "50 %" in heat.inner_text()
    assert re.search(r"bucket-2", heat.get_attribute("class") or "")
    table_row = page.locator("#coverage-table").get_by_role("row").filter(has_text="Neuzugezogene")
    assert [c.strip() for c in table_row.locator("td").all_inner_texts()][2:5] == ["2", "1", "50 %"]
    assert page.get_by_text("Fokusgruppen: 1 von 2 Menschen erreicht.").is_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}{reach.process.get_absolute_url()}")
    assert page.get_by_role("heading", name="Reichweite").is_visible()
    assert_accessible(page)


def test_every_reach_page_passes_axe(live_server, page, login, reach, assert_accessible):
    from quartier.reach.services import key_person_mark, place_create, place_membership_add

    parish = place_create(
        organisation=reach.organisation,
        actor=reach.admin,
        name="St. Marien",
        kind="parish",
        address="Kirchplatz 1",
    )
    place_membership_add(place=parish, contact=reach.inside, actor=reach.admin, role="Chor")
    key_person_mark(contact=reach.inside, actor=reach.admin, place=parish)
    reach.outside.retention_until = timezone.localdate()
    reach.outside.save(update_fields=["retention_until"])
    login(page, reach.admin.email)
    base = f"{live_server.url}/o/{reach.organisation.slug}/reach"
    for path in [
        "/places/",
        f"/places/{parish.pk}/",
        f"/places/{parish.pk}/edit/",
        "/places/new/",
        "/key-persons/",
        "/people/new/",
        f"/people/{reach.inside.pk}/",
        f"/people/{reach.inside.pk}/edit/",
        f"/people/{reach.outside.pk}/erase/",
        "/review/",
        "/import/",
        "/?q=Ay%C5%9Fe",
    ]:
        page.goto(base + path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)
    # the duplicate warning
    page.goto(base + "/people/new/")
    page.get_by_label("Name").fill("Ayşe Yıldız")
    page.get_by_label("Rechtsgrundlage").select_option("legitimate_interest")
    page.get_by_role("button", name="Speichern").click()
    assert page.get_by_role("heading", name="Diese Person gibt es vielleicht schon").is_visible()
    assert_accessible(page)
    # an import with a broken row, through its four steps
    page.goto(base + "/import/")
    page.get_by_label("CSV- oder Excel-Datei").set_input_files(
        files=[
            {
                "name": "liste.csv",
                "mimeType": "text/csv",
                "buffer": IMPORT_CSV,
            }
        ]
    )
    page.get_by_role("button", name="Hochladen und weiter").click()
    assert page.get_by_text("Kodierung cp1252").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Vorschau anzeigen").click()
    assert page.get_by_text("Zeile 3, Spalte „E-Mail“").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="1 Person importieren").click()
    assert page.get_by_text("1 Person importiert.").is_visible()
    assert_accessible(page)


def test_a_moderator_on_a_phone_sees_their_people_only(
    live_server, new_page, login, reach, assert_accessible
):
    page = new_page(width=360, height=740)
    login(page, reach.moderator.email)
    page.goto(f"{live_server.url}/o/{reach.organisation.slug}/reach/")
    assert page.get_by_role("link", name="Ayşe Yıldız").is_visible()
    assert page.get_by_text("Außenseiter").count() == 0
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)
    page.get_by_label("Name, E-Mail, Telefon oder Notizen durchsuchen").fill("niemand-heisst-so")
    expect(page.get_by_text("Niemand passt zu dieser Suche.")).to_be_visible()  # htmx, no reload
    response = page.goto(
        f"{live_server.url}/o/{reach.organisation.slug}/reach/people/{reach.outside.pk}/"
    )
    assert response.status == 404


def test_the_matrix_fits_a_phone_and_its_tables_scroll_by_keyboard(
    live_server, new_page, login, reach, assert_accessible
):
    from quartier.reach.services import target_group_create, target_group_members_set

    for name, level, focus in [
        ("Hauptamtliche Mitarbeitende der Wohlfahrtsverbände", "high", False),
        ("Neu zugezogene Familien mit Kindern unter sechs Jahren", "low", True),
        ("Jugendliche in Sportvereinen und Jugendfeuerwehren", "medium", False),
        ("Menschen, die in keiner Migrantenorganisation aktiv sind", "low", True),
    ]:
        group = target_group_create(
            organisation=reach.organisation,
            actor=reach.admin,
            name=name,
            reachability=level,
            is_focus=focus,
        )
        target_group_members_set(target_group=group, actor=reach.admin, contacts=[reach.inside])
    page = new_page(width=360, height=740)
    login(page, reach.admin.email)
    page.goto(f"{live_server.url}/o/{reach.organisation.slug}/reach/matrix/")
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Matrix der Erreichbarkeit")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)  # includes scrollable-region-focusable
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden()
