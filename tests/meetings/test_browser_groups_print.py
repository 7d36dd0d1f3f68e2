"""A facilitator on a phone forms the consultation groups and prints them: the groups
poster and a personal slip per member, downloaded by clicking the buttons in Chromium."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import AXE_SOURCE, AXE_TAGS

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def axe_violations_in(page: Any, selector: str) -> list[dict[str, Any]]:
    """axe-core (WCAG 2.1 AA) on one part of the page only."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    result = page.evaluate(
        "async ([sel, tags]) => await axe.run(document.querySelector(sel), "
        "{runOnly: {type: 'tag', values: tags}})",
        [selector, AXE_TAGS],
    )
    return list(result["violations"])


def pdf_text(download: Any) -> tuple[int, str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(Path(download.path()).read_bytes()))
    return len(reader.pages), "\n".join(p.extract_text() or "" for p in reader.pages)


def test_the_facilitator_prints_the_groups_poster_and_personal_slips_from_a_phone(
    live_server: Any,
    new_page: Any,
    login: Any,
    assert_accessible: Any,
    consultation: Any,
    participants: list[Any],
    admin: Any,
) -> None:
    from quartier.meetings.services.consultation import case_submit, cases_select

    case_submit(meeting=consultation, actor=participants[0], title="Fall A", text="Text A")
    case_submit(meeting=consultation, actor=participants[1], title="Fall B", text="Text B")
    phone = new_page(width=360, height=740)
    login(phone, admin.email)
    base = f"{live_server.url}/o/{consultation.process.organisation.slug}/p/"
    phone.goto(f"{base}{consultation.process.slug}/meetings/{consultation.pk}/run/")
    phone.get_by_role("button", name="Treffen starten").click()
    phone.get_by_role("button", name="Nächste Phase").click()
    phone.get_by_role("button", name="Nächste Phase").click()
    cases_select(meeting=consultation, actor=admin, count=2)
    phone.get_by_role("button", name="Nächste Phase").click()
    phone.get_by_role("button", name="Ausgewogene Gruppen bilden").click()
    phone.get_by_role("heading", name="Gruppe 2").wait_for()

    section = "section:has(#tool-split)"
    assert axe_violations_in(phone, section) == []
    assert_accessible(phone)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360

    with phone.expect_download() as poster:
        phone.get_by_role("link", name="Gruppen drucken (PDF)").click()
    pages, text = pdf_text(poster.value)
    assert pages >= 1 and "Gruppe 1" in text and "Gruppe 2" in text

    slips_link = phone.get_by_role("link", name="Persönliche Zettel drucken (PDF)")
    slips_link.focus()
    with phone.expect_download() as slips:
        phone.keyboard.press("Enter")  # keyboard use works like a click
    assert re.search(r"\.pdf$", slips.value.suggested_filename)
    pages, text = pdf_text(slips.value)
    members = [m.name for g in consultation.consultation_groups.all() for m in g.members.all()]
    assert len(members) == consultation.invitees.count() == 14
    for name in members:
        assert name in text, name
    assert "Fall A" not in text and "Text A" not in text  # cases stay out of print
