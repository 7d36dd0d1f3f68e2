"""No dead ends in Chromium: a phase too far is taken back, a removal asks first, and
short buttons still tell a screen reader which item they act on."""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_a_moderator_goes_back_a_phase_and_a_removal_asks_first(
    live_server: Any,
    new_page: Any,
    login: Any,
    assert_accessible: Any,
    consultation: Any,
    admin: Any,
) -> None:
    from quartier.meetings.selectors.meetings import phase_plan

    base = (
        f"{live_server.url}/o/{consultation.organisation.slug}/p/{consultation.process.slug}"
        f"/meetings/{consultation.pk}"
    )
    page = new_page(width=360, height=740)
    login(page, admin.email)
    page.goto(base + "/run/")
    page.get_by_role("button", name="Treffen starten").click()
    first = page.locator(".phase-heading").inner_text()
    assert page.get_by_role("button", name="Vorige Phase").count() == 0  # nothing before
    page.get_by_role("button", name="Nächste Phase").click()
    wanted = page.locator(".phase-heading").inner_text()
    page.get_by_role("button", name="Nächste Phase").click()  # one click too many
    assert page.locator(".phase-heading").inner_text() != wanted
    assert_accessible(page)
    page.get_by_role("button", name="Vorige Phase").click()
    assert page.locator(".phase-heading").inner_text() == wanted
    consultation.refresh_from_db()
    states = [row.state for row in phase_plan(meeting=consultation)]
    assert states[:3] == ["done", "current", "next"]
    assert first != wanted

    # removing a phase from the plan asks first; "cancel" keeps it
    page.goto(base + "/plan/")
    last = consultation.phases.order_by("position").last()
    button = page.get_by_role("button", name=re.compile(rf"^Entfernen\s*: {last.title}$"))
    visible = button.evaluate("b => b.firstChild.textContent")
    assert visible == "Entfernen"  # a short label; the phase's name is for screen readers
    assert_accessible(page)
    questions: list[str] = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    button.click()
    assert consultation.phases.filter(pk=last.pk).exists()
    assert questions and str(last.title) in questions[0]
    page.once("dialog", lambda dialog: dialog.accept())
    button.click()
    page.wait_for_load_state()
    page.get_by_role("heading", name="Ablaufplan").first.wait_for()
    assert not consultation.phases.filter(pk=last.pk).exists()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
