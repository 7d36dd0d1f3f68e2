"""A complete collegial consultation in the browser: 14 people, cases on phones, dot votes,
two balanced groups, phase timers, a confidential case that only its group reads, the purge
after the meeting and a protocol without any case content."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.meetings.conftest import SECRET, SECRET_NOTE, SECRET_TITLE

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_a_collegial_consultation_from_planning_to_protocol_keeps_cases_in_their_group(
    live_server: Any,
    new_page: Any,
    login: Any,
    assert_accessible: Any,
    process: Any,
    organizer: Any,
    participants: list[Any],
) -> None:
    from pypdf import PdfReader

    from quartier.meetings.models import Case, Meeting
    from quartier.meetings.services.consultation import case_submit, votes_cast

    base = f"{live_server.url}/o/{process.organisation.slug}/p/{process.slug}/meetings/"
    laptop = new_page()
    login(laptop, organizer.email)
    laptop.goto(base + "new/?format=collegial_consultation")
    laptop.get_by_label("Format").select_option("collegial_consultation")
    laptop.get_by_label("Titel").fill("Kollegiale Beratung im November")
    laptop.get_by_label("Datum und Uhrzeit").fill("2030-11-12T10:00")
    laptop.get_by_label("Ort", exact=True).fill("Nachbarschaftshaus, Raum 2")
    assert laptop.get_by_label("Anzahl der Kleingruppen").input_value() == "2"
    for person in participants:
        laptop.get_by_label(person.full_name, exact=True).check()
    assert_accessible(laptop)
    laptop.get_by_role("button", name="Treffen planen").click()
    laptop.wait_for_url(re.compile(r"/meetings/\d+/$"))
    assert laptop.get_by_text("Fälle sind vertraulich").is_visible()
    assert_accessible(laptop)
    meeting = Meeting.objects.get(title="Kollegiale Beratung im November")
    assert meeting.invitees.count() == 14

    laptop.get_by_role("link", name="Moderieren").first.click()
    laptop.get_by_role("button", name="Treffen starten").click()
    laptop.get_by_role("button", name="Nächste Phase").click()
    assert laptop.locator(".phase-heading").inner_text() == "Fälle sammeln"

    # Two case givers enter their cases on their phones.
    giver = new_page(width=360, height=740)
    login(giver, participants[0].email)
    giver.goto(f"{base}{meeting.pk}/consultation/")
    assert giver.locator(".phase-heading").inner_text() == "Fälle sammeln"
    giver.get_by_label("Kurzer Titel").fill(SECRET_TITLE)
    giver.get_by_label("Ihr Fall").fill(SECRET)
    giver.get_by_role("button", name="Fall einreichen").click()
    assert giver.get_by_text("Nur Ihre Gruppe wird ihn lesen").is_visible()
    giver.wait_for_load_state()
    assert giver.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(giver)

    second = new_page(width=360, height=740)
    login(second, participants[1].email)
    second.goto(f"{base}{meeting.pk}/consultation/")
    second.get_by_label("Kurzer Titel").fill("Ehrenamtliche springen ab")
    second.get_by_label("Ihr Fall").fill("Vier von sieben Ehrenamtlichen haben aufgehört.")
    second.get_by_role("button", name="Fall einreichen").click()
    case_submit(
        meeting=meeting, actor=participants[2], title="Grenzen setzen", text="Abendliche Anrufe."
    )

    # Everyone votes with three dots; two vote on their phones.
    laptop.get_by_role("button", name="Nächste Phase").click()
    secret = Case.objects.get(title=SECRET_TITLE)
    second_case = Case.objects.get(title="Ehrenamtliche springen ab")
    # The phones notice the new phase by polling and reload themselves while idle.
    giver.get_by_label(re.compile("Fall 3: Grenzen setzen")).wait_for()
    giver.get_by_label(re.compile(f"Fall 1: {SECRET_TITLE}")).fill("2")
    giver.get_by_label(re.compile("Fall 2: Ehrenamtliche")).fill("1")
    giver.get_by_role("button", name="Meine Stimme speichern").click()
    assert giver.get_by_text("Ihre Stimme wurde gespeichert").is_visible()
    second.get_by_label(re.compile("Fall 3: Grenzen setzen")).wait_for()
    assert second.get_by_label(re.compile("Fall 2: Ehrenamtliche")).get_attribute("max") == "3"
    second.get_by_label(re.compile("Fall 2: Ehrenamtliche")).fill("3")
    second.get_by_role("button", name="Meine Stimme speichern").click()
    for voter in participants[3:10]:
        votes_cast(meeting=meeting, actor=voter, points={secret.pk: 2, second_case.pk: 1})

    laptop.reload()
    assert laptop.get_by_role("cell", name="Fall 1").is_visible()  # the organizer sees labels only
    assert SECRET_TITLE not in _settled_content(laptop)
    laptop.get_by_role("button", name="Fälle mit den meisten Punkten auswählen").click()
    assert laptop.get_by_text("2 Fälle ausgewählt.").is_visible()
    laptop.get_by_role("button", name="Nächste Phase").click()
    laptop.get_by_role("button", name="Ausgewogene Gruppen bilden").click()
    assert laptop.get_by_text("2 Gruppen gebildet.").is_visible()
    assert laptop.get_by_role("heading", name="Gruppe 1").is_visible()
    assert_accessible(laptop)
    with laptop.expect_download() as poster:
        laptop.get_by_role("link", name="Gruppen drucken (PDF)").click()
    poster_pdf = PdfReader(io.BytesIO(Path(poster.value.path()).read_bytes()))
    poster_text = "\n".join(p.extract_text() or "" for p in poster_pdf.pages)
    assert "Gruppe 1" in poster_text and "Gruppe 2" in poster_text
    assert SECRET_TITLE not in poster_text and SECRET not in poster_text

    # Case presentation: every phase has a timer driven from the facilitation screen.
    laptop.get_by_role("button", name="Nächste Phase").click()
    assert laptop.locator(".phase-heading").inner_text() == "Fallvorstellung"
    laptop.get_by_role("button", name="Pausieren").click()
    laptop.get_by_text("Timer pausiert").wait_for()
    laptop.get_by_role("button", name="+1 Minute").click()
    laptop.get_by_text("verlängert").wait_for()
    assert re.fullmatch(r"1[01]:\d\d", laptop.locator("[data-timer-display]").inner_text())
    laptop.get_by_role("button", name="Starten").click()
    laptop.get_by_text("Timer läuft").wait_for()

    secret.refresh_from_db()
    group_users = set(secret.group.members.values_list("user_id", flat=True))
    member = next(p for p in participants[1:] if p.pk in group_users)
    outsider = next(p for p in participants if p.pk not in group_users)

    colleague = new_page(width=360, height=740)
    login(colleague, member.email)
    colleague.goto(f"{base}{meeting.pk}/consultation/")
    assert colleague.get_by_text(SECRET).is_visible()
    colleague.get_by_label("Notiz").fill(SECRET_NOTE)
    colleague.get_by_role("button", name="Notiz hinzufügen").click()
    assert colleague.get_by_text(SECRET_NOTE).is_visible()
    assert colleague.locator(".phase-heading").inner_text() == "Fallvorstellung"
    assert_accessible(colleague)

    stranger = new_page(width=360, height=740)
    login(stranger, outsider.email)
    stranger.goto(f"{base}{meeting.pk}/consultation/")
    content = _settled_content(stranger)
    assert SECRET not in content and SECRET_TITLE not in content and SECRET_NOTE not in content
    assert_accessible(stranger)

    giver.goto(f"{base}{meeting.pk}/consultation/")
    giver.get_by_role("button", name="Privat für mich behalten").click()
    assert giver.get_by_text("Sie behalten diesen Fall nach dem Treffen privat.").is_visible()

    laptop.reload()
    html = _settled_content(laptop)
    assert SECRET not in html and SECRET_TITLE not in html
    for _phase in range(5):  # questions, key question, hypotheses, response -> closing
        laptop.get_by_role("button", name="Phase überspringen").click()
    assert laptop.locator(".phase-heading").inner_text() == "Abschluss"
    laptop.get_by_label("Ergebnisnotiz (ohne Fallinhalte)").fill(
        "2 Fälle beraten, Rückmeldung: neue Perspektiven"
    )
    laptop.get_by_role("button", name="Ergebnisnotiz speichern").click()
    laptop.get_by_role("link", name="Treffen beenden").click()
    laptop.get_by_role("button", name="Treffen beenden").click()
    laptop.wait_for_url(re.compile(r"/protocol/$"))
    body = laptop.locator(".protocol-body").inner_text()
    assert "2 Fälle beraten." in body and "neue Perspektiven" in body
    assert SECRET not in body and SECRET_TITLE not in body and SECRET_NOTE not in body
    assert_accessible(laptop)
    with laptop.expect_download() as download:
        laptop.get_by_role("link", name="PDF herunterladen").click()
    pdf = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    pdf_text = "\n".join(p.extract_text() or "" for p in pdf.pages)
    assert "2 Fälle beraten" in pdf_text and "Stadtteilzentrum Nord" in pdf_text
    for marker in ("Xylophon", "Quokka", "Zebrafink"):
        assert marker not in pdf_text

    # After the purge the group no longer reads the case; its giver kept it privately.
    _goto_settled(colleague, f"{base}{meeting.pk}/consultation/")
    html = _settled_content(colleague)
    assert SECRET not in html and SECRET_NOTE not in html
    _goto_settled(giver, f"{base}{meeting.pk}/consultation/")
    assert giver.get_by_text(SECRET).is_visible()
    assert Case.objects.filter(meeting=meeting).count() == 1


def _goto_settled(page: Any, url: str) -> None:
    """Open ``url``; a screen that reloads itself because the meeting ended may interrupt
    the first attempt, as it would interrupt a person's click."""
    for _attempt in range(3):
        try:
            page.goto(url)
            return
        except PlaywrightError as error:
            if "interrupted by another navigation" not in str(error):
                raise
            page.wait_for_load_state()
    page.goto(url)


def _settled_content(page: Any) -> str:
    """The page's HTML once it stopped navigating: the meeting screens reload themselves
    when the phase changes, which may happen just as the test reads them."""
    for _attempt in range(5):
        try:
            return str(page.content())
        except PlaywrightError as error:
            if "navigating" not in str(error):
                raise
            page.wait_for_load_state()
    return str(page.content())
