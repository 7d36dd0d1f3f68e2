"""A key person plans and runs a whole small-group conversation in the browser, from the
plan to the finalized protocol: laptop, projector and phone stay in sync through the server."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

NEIGHBOURS = [
    "Agnes Wiesner",
    "Bernd Kowalczyk",
    "Cem Aydın",
    "Doris Hahnemann",
    "Elif Şahin",
    "Frank Brettschneider",
    "Gisela Ortmann",
    "Hamid Rahimi",
]


def _fits_phone(page: Any) -> None:
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_a_key_person_runs_a_small_group_conversation_from_plan_to_protocol(
    live_server: Any,
    new_page: Any,
    login: Any,
    assert_accessible: Any,
    process: Any,
    key_person: Any,
) -> None:
    from pypdf import PdfReader

    from quartier.groups.models import Group
    from quartier.reach.models import Contact

    group = Group.objects.create(
        process=process, title="Nachbarschaft Lindenstraße", moderator=key_person
    )
    for name in NEIGHBOURS:
        Contact.objects.create(organisation=process.organisation, full_name=name)
    base = f"{live_server.url}/o/{process.organisation.slug}/p/{process.slug}/meetings/"

    laptop = new_page()
    login(laptop, key_person.email)
    laptop.goto(base)
    assert_accessible(laptop)
    laptop.get_by_role("link", name="Treffen planen").click()
    assert_accessible(laptop)
    laptop.get_by_label("Titel").fill("Kleingruppengespräch im Gemeindesaal")
    laptop.get_by_label("Datum und Uhrzeit").fill("2030-03-05T18:30")
    laptop.get_by_label("Ort", exact=True).fill("Gemeindesaal St. Marien, Kirchgasse 3")
    laptop.get_by_label("Gruppe", exact=True).select_option(str(group.pk))
    for name in NEIGHBOURS:
        laptop.get_by_label(name).check()
    laptop.get_by_role("button", name="Treffen planen").click()
    laptop.wait_for_url(re.compile(r"/meetings/\d+/$"))
    # Eight people: a warning, never a block.
    assert laptop.get_by_text("funktioniert am besten mit 10 bis 20 Personen").is_visible()
    assert_accessible(laptop)
    laptop.get_by_text("Weitere Menschen einladen").click()
    laptop.get_by_label("Weitere Personen (ein Name pro Zeile)").fill(
        "Irmgard Pohl\nJakob Lindqvist\nKarin Vogelsang"
    )
    laptop.get_by_role("button", name="Hinzufügen").click()
    assert laptop.get_by_text("3 Personen hinzugefügt.").is_visible()
    assert laptop.get_by_text("funktioniert am besten").count() == 0

    # The phase plan: re-time and reorder before the meeting.
    laptop.get_by_role("link", name="Ablaufplan").click()
    laptop.get_by_label("Minuten für Rahmen klären").fill("5")
    laptop.locator("li", has_text="Rahmen klären").get_by_role("button", name="Speichern").click()
    laptop.get_by_role("button", name="Zusammenfassung nach oben").click()
    laptop.get_by_role("button", name="Zusammenfassung nach unten").click()
    assert laptop.get_by_text("Insgesamt geplant: 95 Minuten.").is_visible()
    assert_accessible(laptop)

    # Facilitate: start, pause, extend; the projector (another device) follows.
    laptop.get_by_role("link", name="Moderieren").click()
    assert_accessible(laptop)
    laptop.get_by_role("button", name="Treffen starten").click()
    laptop.get_by_role("button", name="Pausieren").wait_for()
    assert laptop.locator(".phase-heading").inner_text() == "Vorstellungsrunde"
    assert laptop.get_by_text("Timer läuft").is_visible()

    projector = new_page(width=1920, height=1080)
    login(projector, key_person.email)
    projector.goto(laptop.url.replace("/run/", "/screen/"))
    assert projector.locator(".phase-heading").inner_text() == "Vorstellungsrunde"
    assert_accessible(projector)

    laptop.get_by_role("button", name="Pausieren").click()
    laptop.get_by_text("Timer pausiert").wait_for()
    laptop.get_by_role("button", name="+5 Minuten").click()
    laptop.get_by_text("verlängert").wait_for()
    projector.get_by_text("verlängert").wait_for()  # polled from the server
    shown = laptop.locator("[data-timer-display]").inner_text()
    assert re.fullmatch(r"(19|20):\d\d", shown)
    assert projector.locator("[data-timer-display]").inner_text() == shown
    laptop.reload()  # a plain reload always shows the truth
    assert laptop.locator("[data-timer-display]").inner_text() == shown

    laptop.get_by_role("button", name="Agnes Wiesner als anwesend markieren").click()
    laptop.get_by_role("button", name="Cem Aydın als anwesend markieren").click()
    laptop.get_by_label("Notizen zu dieser Phase").fill(
        "Alle waren pünktlich, Kaffee stand bereit."
    )
    laptop.get_by_role("button", name="Notizen speichern").click()
    laptop.get_by_role("button", name="Starten").click()
    laptop.get_by_role("button", name="Nächste Phase").click()
    assert laptop.locator(".phase-heading").inner_text() == "Rahmen klären"
    laptop.get_by_role("button", name="Phase überspringen").click()
    assert laptop.locator(".phase-heading").inner_text() == "Themen"
    projector.locator(".phase-heading", has_text="Themen").wait_for()  # the projector follows
    laptop.get_by_label("Thema").fill("Busverbindung am Abend")
    laptop.get_by_role("button", name="Thema hinzufügen").click()
    laptop.get_by_role("button", name="Nächste Phase").click()

    laptop.get_by_label("Anliegen", exact=True).fill("Der Spielplatz ist seit einem Jahr gesperrt")
    laptop.get_by_label("Wie viele Menschen teilen es?").fill("7")
    laptop.get_by_label("Wie groß ist die Handlungsbereitschaft?").select_option("5")
    laptop.get_by_role("button", name="Anliegen hinzufügen").click()
    assert laptop.get_by_text("Anliegen notiert.").is_visible()
    assert_accessible(laptop)

    phone = new_page(width=360, height=740)
    login(phone, key_person.email)
    phone.goto(laptop.url)
    _fits_phone(phone)
    assert_accessible(phone)

    laptop.get_by_role("button", name="Nächste Phase").click()
    laptop.get_by_role("textbox", name="Zusammenfassung").fill(
        "Der Spielplatz bewegt am meisten; viele wollen sofort handeln."
    )
    laptop.get_by_role("button", name="Zusammenfassung speichern").click()
    laptop.get_by_role("button", name="Nächste Phase").click()
    assert laptop.locator(".phase-heading").inner_text() == "Nächste Schritte"
    laptop.get_by_label("Nächster Schritt").fill("Unterschriften für den Spielplatz sammeln")
    laptop.get_by_label("…oder ein Name").fill("Doris Hahnemann")
    laptop.get_by_label("Fällig am").fill("2030-03-20")
    laptop.get_by_role("button", name="Nächsten Schritt hinzufügen").click()
    assert laptop.get_by_text("Nächster Schritt als Aufgabe angelegt.").is_visible()
    assert_accessible(laptop)

    laptop.get_by_role("link", name="Treffen beenden").click()
    assert_accessible(laptop)
    laptop.get_by_role("button", name="Treffen beenden").click()
    laptop.wait_for_url(re.compile(r"/protocol/$"))
    body = laptop.locator(".protocol-body").inner_text()
    for expected in (
        "Agnes Wiesner",
        "Busverbindung am Abend",
        "viele wollen sofort handeln",
        "Unterschriften für den Spielplatz sammeln — Doris Hahnemann",
        "Alle waren pünktlich",
    ):
        assert expected in body, expected
    assert "**" not in body and "|" not in body  # shown formatted, not as raw Markdown
    row = laptop.locator(
        ".protocol-body tr", has_text="Der Spielplatz ist seit einem Jahr gesperrt"
    )
    assert row.locator("td").all_inner_texts()[1:] == ["7", "5"]
    assert_accessible(laptop)

    # Correct with a preview, finalize after confirming, correct again: every version is kept.
    laptop.get_by_text("Protokoll korrigieren").click()
    text = laptop.get_by_label("Protokoll (Markdown)")
    text.fill(text.input_value() + "\n**Nächstes Treffen:** 2. April.\n")
    laptop.get_by_role("button", name="Vorschau", exact=True).click()
    preview = laptop.locator(".protocol-preview")
    assert preview.locator("strong", has_text="Nächstes Treffen:").is_visible()
    assert "2. April" not in laptop.locator("#protocol-text + .protocol-body").inner_text()
    assert_accessible(laptop)
    laptop.get_by_role("button", name="Korrektur speichern").click()
    laptop.get_by_role("link", name="Protokoll abschließen").click()
    assert laptop.get_by_role("heading", name="Protokoll abschließen?").is_visible()
    assert_accessible(laptop)
    laptop.get_by_role("link", name="Abbrechen: weiter bearbeiten").click()
    assert laptop.get_by_text("Entwurf").first.is_visible()
    laptop.get_by_role("link", name="Protokoll abschließen").click()
    laptop.get_by_role("button", name="Ja, Protokoll abschließen").click()
    laptop.get_by_text("Abgeschlossenes Protokoll korrigieren").click()
    text = laptop.get_by_label("Protokoll (Markdown)")
    text.fill(text.input_value().replace("2. April", "9. April"))
    laptop.get_by_label("Grund der Korrektur").fill("Termin verschoben")
    laptop.get_by_role("button", name="Korrektur speichern").click()
    assert laptop.get_by_role("cell", name="Termin verschoben").is_visible()
    assert laptop.get_by_role("link", name="PDF der Version 1").is_visible()
    assert_accessible(laptop)

    with laptop.expect_download() as download:
        laptop.get_by_role("link", name="PDF herunterladen").click()
    pdf = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    pdf_text = "\n".join(p.extract_text() or "" for p in pdf.pages)
    for expected in (
        "Stadtteilzentrum Nord",
        "Kleingruppengespräch im Gemeindesaal",
        "Der Spielplatz ist seit einem Jahr gesperrt",
        "Doris Hahnemann",
        "9. April",
    ):
        assert expected in pdf_text, expected

    # The next step is a task that can be done on the task board.
    laptop.goto(f"{live_server.url}/o/{process.organisation.slug}/p/{process.slug}/tasks/")
    assert_accessible(laptop)
    laptop.get_by_role(
        "button", name=re.compile(r"^Erledigt\s*: Unterschriften für den Spielplatz sammeln$")
    ).click()
    assert laptop.get_by_text("ist erledigt").is_visible()
