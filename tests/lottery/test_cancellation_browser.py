"""Cancellations clicked through: nobody who registered keeps the quotas, the organizer
reads why in German, accepts the smallest relaxation in one click and the replacement is
drawn; the next cancellation can only leave the seat empty."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from tests.lottery.test_workflow import _drawn

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_a_cancellation_without_a_fitting_person_is_relaxed_in_one_click(
    live_server, new_page, login, lottery_world, extract_csv, settings, assert_accessible
):
    from quartier.lottery.services.registration import registration_close, registration_submit
    from quartier.lottery.services.selection import quotas_save, selection_start

    settings.SITE_URL = live_server.url
    world = lottery_world
    _drawn(world, extract_csv)
    lottery = world.lottery
    lottery.letters_generated_at = timezone.now()
    lottery.save()
    for town, count in (("Elsenfeld", 5), ("Erlenbach", 4)):
        for letter in lottery.letters.filter(municipality__name=town)[:count]:
            registration_submit(
                letter=letter,
                features={"register": town, "sex": "female"},
                full_name=f"Person {letter.number}",
                phone="0170 555",
                consent=True,
            )
    registration_close(lottery=lottery, actor=world.organizer)
    quotas = [
        {"category": "register", "value": "Elsenfeld", "min": 5, "max": 5},
        {"category": "register", "value": "Erlenbach", "min": 3, "max": 3},
    ] + [{"category": "sex", "value": v, "min": 0, "max": 8} for v in ("female", "male", "diverse")]
    quotas_save(lottery=lottery, actor=world.organizer, quotas=quotas)
    selection_start(lottery=lottery, actor=world.organizer, seed="5")
    reserve = lottery.registrations.get(status="reserve")
    leaving = lottery.registrations.filter(
        status="selected", features__register="Elsenfeld"
    ).first()

    page = new_page()
    login(page, world.organizer.email)
    page.goto(
        f"{live_server.url}/o/{world.organisation.slug}/p/{world.process.slug}"
        f"/lottery/{lottery.pk}/confirmations/"
    )
    page.get_by_role("button", name=f"{leaving.pool_id} sagt ab").click()
    assert page.get_by_role(
        "heading", name=f"{leaving.pool_id} sagt ab: niemand passt"
    ).is_visible()
    assert (
        page.get_by_role("alert")
        .get_by_text("hält niemand aus dem Kreis der Angemeldeten die Quoten ein")
        .is_visible()
    )
    assert page.get_by_text(
        "Das Minimum von „Gemeinde: Elsenfeld“ von 5 auf 4 senken."
    ).is_visible()
    assert page.get_by_text(
        "Das Maximum von „Gemeinde: Erlenbach“ von 3 auf 4 anheben."
    ).is_visible()
    assert_accessible(page)
    leaving.refresh_from_db()
    assert leaving.status == "selected"  # nothing changed yet
    page.get_by_role("button", name="Diese Lockerung übernehmen und Ersatz ziehen").click()
    assert page.get_by_text(
        f"{leaving.pool_id} hat abgesagt; {reserve.pool_id} wurde als Ersatz gezogen."
    ).is_visible()
    assert page.get_by_text("nach Lockerung der Quoten").is_visible()
    assert_accessible(page)
    reserve.refresh_from_db()
    assert reserve.status == "selected"
    # Everybody who registered now sits on the panel: the next cancellation can only
    # leave the seat empty.
    second = lottery.registrations.filter(status="selected", features__register="Elsenfeld")[0]
    page.get_by_role("button", name=f"{second.pool_id} sagt ab").click()
    assert page.get_by_text("Es ist niemand mehr angemeldet, der nachrücken könnte.").is_visible()
    assert (
        page.get_by_role("button", name="Diese Lockerung übernehmen und Ersatz ziehen").count() == 0
    )
    assert_accessible(page)
    page.get_by_role("button", name="Absagen und Platz frei lassen").click()
    assert page.get_by_text(
        re.compile(f"{second.pool_id} hat abgesagt; der Platz bleibt frei")
    ).is_visible()
    assert lottery.registrations.filter(status="selected").count() == 7
    # The public page shows both cancellations and how the replacement can be recomputed.
    from quartier.lottery.services.selection import lottery_publish

    lottery_publish(lottery=lottery, actor=world.organizer, published=True)
    public = new_page(width=360, height=740)
    public.goto(f"{live_server.url}/lotterie/{lottery.public_id}/")
    assert public.get_by_text(
        re.compile(rf"Ersatz 1, Position 0 von {reserve.pool_id}")
    ).is_visible()
    assert public.get_by_text(re.compile(r"Position = SHA-256 aus der Zufallszahl")).is_visible()
    assert_accessible(public)
    assert public.evaluate("document.documentElement.scrollWidth") <= 360
