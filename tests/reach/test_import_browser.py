"""An organizer imports the list they really have, in Chromium: Windows-1252, ``;``,
first and last name in two columns, addresses, and no consent column."""

from __future__ import annotations

import pytest

from quartier.reach.models import Contact

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

EXCEL_LIST = (
    "Vorname;Nachname;Straße;Hausnummer;PLZ;Ort\r\n"
    "Jürgen;Weiß;Hauptstraße;5a;12345;Berlin\r\n"
    "Gül;Öztürk;Müllerstraße;12;13353;Berlin\r\n"
    ";Müller;;;;\r\n"
).encode("cp1252")


def test_an_organizer_imports_a_cp1252_first_and_last_name_list_without_consent_column(
    live_server, new_page, login, reach, assert_accessible
):
    page = new_page(width=360, height=740)
    login(page, reach.organizer.email)
    page.goto(f"{live_server.url}/o/{reach.organisation.slug}/reach/import/")
    assert_accessible(page)
    page.get_by_label("CSV- oder Excel-Datei").set_input_files(
        files=[{"name": "nachbarn.csv", "mimeType": "text/csv", "buffer": EXCEL_LIST}]
    )
    page.get_by_role("button", name="Hochladen und weiter").click()
    assert page.get_by_text("Kodierung cp1252").is_visible()
    steps = page.get_by_role("list", name="Schritte des Imports")
    assert "1. Hochladen" in steps.inner_text() and "2. Spalten" in steps.inner_text()
    assert page.get_by_label("Vorname", exact=True).input_value() == "0"
    assert page.get_by_label("Nachname", exact=True).input_value() == "1"
    assert page.get_by_label("PLZ").input_value() == "4"
    assert_accessible(page)
    # consent is the default legal basis, but the file has no date: the form says so in German
    page.get_by_role("button", name="Vorschau anzeigen").click()
    assert page.get_by_text("Die Datei enthält kein Einwilligungsdatum").is_visible()
    assert page.get_by_text("consent_given_on").count() == 0
    assert_accessible(page)
    page.get_by_label("Einwilligung am (für Zeilen ohne Datum)").fill("2026-03-01")
    page.get_by_role("button", name="Vorschau anzeigen").click()
    assert page.get_by_text("3 neue Personen").is_visible()
    assert page.get_by_role("cell", name="Jürgen Weiß").is_visible()
    assert page.get_by_role("cell", name="Hauptstraße 5a, 12345 Berlin").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="3 Personen importieren").click()
    assert page.get_by_text("3 Personen importiert.").is_visible()
    assert_accessible(page)
    weiss = Contact.objects.get(full_name="Jürgen Weiß")
    assert (weiss.street, weiss.house_number, weiss.postcode, weiss.city) == (
        "Hauptstraße",
        "5a",
        "12345",
        "Berlin",
    )
    assert Contact.objects.get(full_name="Gül Öztürk").consent_given_on.isoformat() == "2026-03-01"
    assert Contact.objects.filter(full_name="Müller").exists()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
