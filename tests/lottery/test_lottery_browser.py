"""The whole lottery clicked through in Chromium: an organizer sets it up, uploads two
register extracts, draws the letters, downloads the PDF, people register on their phones
(360 px) with the QR link, the panel is drawn, confirmed, and the register is deleted.
Every page is checked with axe-core."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from tests.lottery.conftest import EVENT_DAY, signature_png
from tests.lottery.pdf_pages import qr_links

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_an_organizer_runs_the_whole_lottery_in_the_browser(
    live_server,
    new_page,
    login,
    organisation,
    process,
    make_member,
    extract_csv,
    settings,
    tmp_path,
    assert_accessible,
):
    from quartier.events.services import event_create
    from quartier.lottery.models import Lottery

    settings.SITE_URL = live_server.url
    organizer = make_member(organisation, "organizer", email="orga@example.org", name="Olga Orga")
    event_create(
        process=process,
        actor=organizer,
        format_key="open_space",
        title="Open-Sozial im Bürgerzentrum",
        starts_at=timezone.now() + timedelta(days=EVENT_DAY),
        place="Bürgerzentrum",
    )
    signature = tmp_path / "unterschrift.png"
    signature.write_bytes(signature_png())
    today = timezone.localdate()
    base = f"{live_server.url}/o/{organisation.slug}/p/{process.slug}"

    page = new_page()
    login(page, organizer.email)
    # 1. Set-up
    page.goto(f"{base}/")
    page.get_by_role("link", name="Losverfahren dieses Prozesses").click()
    assert page.get_by_role("heading", name="Losverfahren", exact=True).is_visible()
    assert_accessible(page)
    page.get_by_label("Name").fill("Open-Sozial Los")
    page.get_by_label("Veranstaltung, zu der eingeladen wird").select_option(
        label="Open-Sozial im Bürgerzentrum"
    )
    page.get_by_label("Datum der Veranstaltung").fill(
        (today + timedelta(days=EVENT_DAY)).isoformat()
    )
    page.get_by_label("Anmeldeschluss").fill((today + timedelta(days=20)).isoformat())
    page.get_by_label("Anzahl Briefe").fill("60")
    page.get_by_label("Größe der Runde").fill("8")
    page.get_by_label("Ort", exact=True).fill("Bürgerzentrum Elsenfeld")
    page.locator("#id_quota_categories").get_by_label("Altersgruppe").uncheck()
    page.get_by_role("button", name="Losverfahren anlegen").click()
    assert page.get_by_text("Losverfahren „Open-Sozial Los“ angelegt").is_visible()
    assert page.get_by_text(
        "automatisch gelöscht"
    ).first.is_visible()  # retention date from the start
    assert_accessible(page)
    lottery = Lottery.objects.get()
    for town in ("Elsenfeld", "Erlenbach"):
        page.get_by_role("link", name="Gemeinde hinzufügen").click()
        assert_accessible(page)
        page.get_by_label("Name").fill(town)
        page.get_by_label("Briefkopf").fill(f"Markt {town}\nRathaus, Marktplatz 1")
        page.get_by_label("Rücksendeangabe").fill(f"Markt {town} · Marktplatz 1")
        page.get_by_label("unterschrieben von").fill(f"Erika {town}")
        page.get_by_label("Unterschrift als Bild (PNG oder JPEG)").set_input_files(str(signature))
        page.get_by_role("button", name="Gemeinde speichern").click()
        assert page.get_by_text(f"Gemeinde „{town}“ gespeichert.").is_visible()
    # 2. Register extracts (a wrong file first)
    rail = page.get_by_role("navigation", name="Schritte des Losverfahrens")
    rail.get_by_role("link", name="Melderegisterauszug").click()
    assert_accessible(page)
    wrong = tmp_path / "auszug.pdf"
    wrong.write_bytes(b"%PDF-1.4")
    page.get_by_label("Gemeinde").select_option(label="Elsenfeld")
    page.get_by_label("Datei (CSV oder XLSX)").set_input_files(str(wrong))
    page.get_by_role("button", name="Hochladen und weiter").click()
    assert page.get_by_text("„auszug.pdf“ ist keine CSV- oder XLSX-Datei").is_visible()
    for town, size, seed, postcode in (
        ("Elsenfeld", 300, 1, "63820"),
        ("Erlenbach", 200, 2, "63906"),
    ):
        page.get_by_label("Gemeinde").select_option(label=town)
        page.get_by_label("Datei (CSV oder XLSX)").set_input_files(
            str(extract_csv(size, seed=seed, town=town, postcode=postcode))
        )
        page.get_by_role("button", name="Hochladen und weiter").click()
        assert page.get_by_role("heading", name="Vorschau: die ersten Zeilen").is_visible()
        assert page.get_by_label("Familienname").input_value() == "0"  # recognised column
        assert_accessible(page)
        page.get_by_role("button", name="Auszug einlesen").click()
        assert page.get_by_text("Das Einlesen hat begonnen.").is_visible()
    assert page.get_by_role("cell", name="Importiert").count() == 2, page.locator(
        "table"
    ).inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Elsenfeld-1.csv").click()
    assert page.get_by_role(
        "heading", name="Zusammensetzung der Teilnahmeberechtigten"
    ).is_visible()
    assert page.get_by_text("am Tag der Veranstaltung jünger als das Mindestalter").is_visible()
    assert_accessible(page)
    # 3. Stage-one draw with an announced seed
    rail.get_by_role("link", name="Einladungsziehung").click()
    assert_accessible(page)
    page.get_by_label("Angekündigte Zufallszahl").fill("3 14 15 92 65 35")
    page.get_by_label("Wo und wann wurde sie angekündigt?").fill("Gemeinderat 1. Oktober")
    page.get_by_label("Die Zahl wurde vor dieser Ziehung öffentlich angekündigt.").check()
    page.get_by_role("button", name="Briefe ziehen").click()
    assert page.get_by_text("60 Personen wurden für einen Brief gezogen.").is_visible()
    assert_accessible(page)
    # 4. Letters
    page.get_by_role("link", name="Weiter zu den Briefen").click()
    page.get_by_role("button", name="Briefe erstellen").click()
    assert page.get_by_text("Die Briefe werden erstellt.").is_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Briefe herunterladen (PDF für die Druckerei)").click()
    pdf = tmp_path / "briefe.pdf"
    download.value.save_as(pdf)
    assert len(PdfReader(pdf).pages) == 60
    links = qr_links(pdf, 0)
    first = lottery.letters.order_by("number").first()
    assert links == [f"{live_server.url}/los/{first.code}"]
    # 5. Registration on a phone at 360 px, by QR link
    phone = new_page(width=360, height=740)
    phone.goto(links[0])
    assert phone.get_by_role("heading", name="Open-Sozial Los").is_visible()
    assert_accessible(phone)
    phone.get_by_label(first.municipality.name).check()
    phone.get_by_label("weiblich").check()
    phone.get_by_label("Ihr Name").fill("Fatma Beispiel")
    phone.get_by_role("button", name="Jetzt anmelden").click()
    assert phone.locator("#id_consent").get_attribute("aria-invalid") == "true"
    phone.get_by_label("Telefon").fill("0170 5550101")
    phone.get_by_label("Ich bin einverstanden").check()
    phone.get_by_role("button", name="Jetzt anmelden").click()
    assert phone.get_by_role("heading", name="Danke für Ihre Anmeldung!").is_visible()
    assert_accessible(phone)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    second = new_page(width=360, height=740)
    second.goto(links[0])
    assert second.get_by_text("Mit diesem Code hat sich schon jemand angemeldet").is_visible()
    assert_accessible(second)
    second.goto(f"{live_server.url}/los/")
    typo = first.code[:5] + ("2" if first.code[5] != "2" else "3") + first.code[6:]
    second.get_by_label("Ihr persönlicher Code").fill(typo)
    second.get_by_role("button", name="Weiter").click()
    assert second.get_by_text("Dieser Code enthält einen Tippfehler").is_visible()
    assert_accessible(second)
    # Organizer enters a reply card
    rail.get_by_role("link", name="Anmeldung").click()
    card = lottery.letters.order_by("number")[1]
    page.get_by_label("Ihr persönlicher Code").fill(card.display_code)
    page.get_by_role("button", name="Brief suchen").click()
    assert_accessible(page)
    page.get_by_label(card.municipality.name).check()
    page.get_by_label("männlich").check()
    page.get_by_label("Ihr Name").fill("Karl Papier")
    page.get_by_label("Postanschrift").fill("Lindenweg 1\n63820 Elsenfeld")
    page.get_by_label("Ich bin einverstanden").check()
    page.get_by_role("button", name="Antwort speichern").click()
    assert page.get_by_text(
        f"Die Antwort zu Code {card.display_code} wurde gespeichert."
    ).is_visible()
    assert_accessible(page)
    lottery.refresh_from_db()
    done = set(lottery.registrations.values_list("letter_id", flat=True))
    from quartier.lottery.services.registration import registration_submit

    for letter in lottery.letters.exclude(pk__in=done).order_by("number")[:38]:
        registration_submit(
            letter=letter,
            features={c: letter.features.get(c) or "female" for c in lottery.quota_categories},
            full_name=f"Person {letter.number}",
            email=f"p{letter.number}@example.org",
            consent=True,
        )
    page.reload()
    page.get_by_role("button", name="Anmeldung jetzt beenden").click()
    assert page.get_by_text("Die Anmeldung ist beendet.").first.is_visible()
    # 6. Pool dashboard
    rail.get_by_role("link", name="Rücklauf").click()
    assert page.locator("svg.lottery-chart").count() == 2
    assert page.get_by_role("img", name="Gemeinde").is_visible()
    assert_accessible(page)
    # 7. Panel selection
    rail.get_by_role("link", name="Auslosung der Runde").click()
    page.get_by_role("button", name="Aus Bevölkerungsanteilen vorschlagen").click()
    assert page.get_by_text("Quoten aus den Bevölkerungsanteilen vorgeschlagen.").is_visible()
    assert_accessible(page)
    page.get_by_label("Angekündigte Zufallszahl").fill("07 12 19 33 41 48")
    page.get_by_label("Die Zahl wurde vor dieser Ziehung öffentlich angekündigt.").check()
    page.get_by_role("button", name="Runde auslosen").click()
    if page.get_by_role("heading", name="Keine Runde erfüllt diese Quoten").count():
        page.get_by_role("button", name="Diese Änderung übernehmen").click()
        page.get_by_label("Angekündigte Zufallszahl").fill("07 12 19 33 41 48")
        page.get_by_label("Die Zahl wurde vor dieser Ziehung öffentlich angekündigt.").check()
        page.get_by_role("button", name="Runde auslosen").click()
    assert page.get_by_role("heading", name="Ergebnis").is_visible()
    assert page.get_by_role("cell", name=re.compile(r"^Nachrückliste 1$")).count() == 1
    assert_accessible(page)
    page.get_by_role("button", name="Auslosung veröffentlichen").click()
    page.get_by_role("link", name="Öffentliche Seite der Auslosung").click()
    assert page.get_by_role("heading", name="So prüfen Sie die Auslosung").is_visible()
    assert page.get_by_text("quartier sortition verify").is_visible()
    assert_accessible(page)
    page.go_back()
    # 8. Confirmations and a cancellation
    rail.get_by_role("link", name="Bestätigungen").click()
    page.get_by_role("button", name="Bestätigungen senden").click()
    assert page.get_by_text(re.compile(r"Bestätigungen verschickt: \d+ E-Mails")).is_visible()
    assert_accessible(page)
    assert page.get_by_text(
        "8 Personen sind zu „Open-Sozial im Bürgerzentrum“ eingeladen."
    ).is_visible()
    page.get_by_role("button", name=re.compile(r"T\d+ sagt ab")).first.click()
    assert page.get_by_text(
        re.compile(r"wurde als Ersatz gezogen\.|der Platz bleibt frei\.|sagt ab: niemand passt")
    ).is_visible()
    assert_accessible(page)
    # 9. Data protection: registration ended and the letters exist, so the register
    # extract and every address were deleted automatically, with a record.
    rail.get_by_role("link", name="Datenschutz").click()
    assert page.get_by_text(re.compile(r"gelöscht am")).first.is_visible()
    assert page.get_by_role("cell", name="lottery.register_deleted").is_visible()
    assert_accessible(page)
    assert not lottery.letters.exclude(family_name="").exists()
    assert not lottery.letters.exclude(street="").exists()
    rail.get_by_role("link", name="Briefe").click()
    assert page.get_by_text("Die Anschriften sind gelöscht").is_visible()
