"""Several languages and official figures clicked through: the organizer enters Turkish
and Arabic, one municipality prints both, the other only Turkish, and picks official
figures for one; the register page compares the extract with them (chart and table); on a
360 px phone the registration page offers exactly the municipality's languages and shows
the Arabic text right to left."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.lottery.test_workflow import _drawn

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_languages_and_official_figures_from_set_up_to_the_phone(
    live_server, new_page, login, lottery_world, extract_csv, settings, assert_accessible
):
    settings.SITE_URL = live_server.url
    world = lottery_world
    lottery = world.lottery
    base = (
        f"{live_server.url}/o/{world.organisation.slug}/p/{world.process.slug}/lottery/{lottery.pk}"
    )
    page = new_page()
    login(page, world.organizer.email)
    page.goto(f"{base}/setup/")
    assert page.get_by_text("Noch keine Übersetzung").is_visible()
    for language, letter_text, page_text in (
        ("Türkçe", "Merhaba {vorname}, {datum} tarihinde davetlisiniz.", "Bu sayfadan kaydolun."),
        ("العربية", "مرحبا {vorname}، أنتم مدعوون يوم {datum}.", "يمكنكم التسجيل في هذه الصفحة."),
    ):
        page.get_by_role("link", name="Übersetzung hinzufügen").click()
        assert_accessible(page)
        page.get_by_label("Sprache der Übersetzung").select_option(label=language)
        page.get_by_label("Text im Brief").fill(letter_text)
        page.get_by_label("Text auf der Anmeldeseite").fill(page_text)
        page.get_by_role("button", name="Übersetzung speichern").click()
        assert page.get_by_text(f"Übersetzung ({language}) gespeichert.").is_visible()
    # A second Turkish translation is refused with a German message, nothing is lost.
    page.get_by_role("link", name="Übersetzung hinzufügen").click()
    page.get_by_label("Sprache der Übersetzung").select_option(label="Türkçe")
    page.get_by_label("Text im Brief").fill("İkinci")
    page.get_by_role("button", name="Übersetzung speichern").click()
    assert page.get_by_text("Für „Türkçe“ gibt es schon eine Übersetzung.").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Abbrechen").click()
    for town, languages in (("Elsenfeld", ("Türkçe", "العربية")), ("Erlenbach", ("Türkçe",))):
        page.get_by_role("link", name=f"{town} bearbeiten").click()
        for language in languages:
            page.get_by_label(language).check()
        if town == "Elsenfeld":
            page.get_by_label("Amtliche Zahlen nach Altersgruppe und Geschlecht").select_option(
                label="Mitte (Berlin, 31.12.2023)"
            )
        assert_accessible(page)
        page.get_by_role("button", name="Gemeinde speichern").click()
        assert page.get_by_text(f"Gemeinde „{town}“ gespeichert.").is_visible()
    towns = page.get_by_role("table", name="Gemeinden")
    assert towns.get_by_role("row", name="Elsenfeld").get_by_text("Türkçe, العربية").is_visible()
    assert_accessible(page)
    world.towns["Elsenfeld"].refresh_from_db()
    world.towns["Erlenbach"].refresh_from_db()
    assert world.towns["Elsenfeld"].languages == ["tr", "ar"]
    assert world.towns["Erlenbach"].languages == ["tr"]

    _drawn(world, extract_csv)
    page.get_by_role("navigation", name="Schritte des Losverfahrens").get_by_role(
        "link", name="Melderegisterauszug"
    ).click()
    assert page.get_by_role(
        "heading", name="Zusammensetzung im Vergleich zur amtlichen Statistik"
    ).is_visible()
    assert page.get_by_role("img", name="Elsenfeld: Erwachsene nach Altersgruppe").is_visible()
    ages = page.get_by_role("table", name="Elsenfeld: Erwachsene nach Altersgruppe")
    assert ages.get_by_role("row").count() == 6  # header + five bands
    assert page.get_by_role("table", name="Elsenfeld: Frauen und Männer").is_visible()
    assert page.get_by_text("Amtliche Zahlen: Mitte (Berlin, 31.12.2023).").first.is_visible()
    assert page.get_by_role("table", name="Erlenbach: Erwachsene nach Altersgruppe").count() == 0
    assert_accessible(page)
    lottery.letters_generated_at = timezone.now()
    lottery.save()
    elsenfeld = lottery.letters.filter(municipality__name="Elsenfeld").first()
    erlenbach = lottery.letters.filter(municipality__name="Erlenbach").first()
    phone = new_page(width=360, height=740)
    phone.goto(f"{live_server.url}/los/{elsenfeld.code}")
    choice = phone.get_by_role("navigation", name="Erklärung in anderen Sprachen")
    assert choice.get_by_role("link").all_inner_texts() == ["Türkçe", "العربية"]
    choice.get_by_role("link", name="العربية").click()
    arabic = phone.locator('section[lang="ar"]')
    assert arabic.inner_text().strip() == "يمكنكم التسجيل في هذه الصفحة."
    assert arabic.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert_accessible(phone)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.get_by_role("link", name="Deutsch").click()
    assert phone.locator('section[lang="ar"]').count() == 0
    # The person registers from the page they read.
    phone.get_by_role("link", name="Türkçe").click()
    assert phone.get_by_text("Bu sayfadan kaydolun.").is_visible()
    phone.get_by_label("Elsenfeld").check()
    phone.get_by_label("weiblich").check()
    phone.get_by_label("Ihr Name").fill("Ayşe Beispiel")
    phone.get_by_label("Telefon").fill("0170 5550102")
    phone.get_by_label("Ich bin einverstanden").check()
    phone.get_by_role("button", name="Jetzt anmelden").click()
    assert phone.get_by_role("heading", name="Danke für Ihre Anmeldung!").is_visible()
    assert lottery.registrations.filter(letter=elsenfeld).exists()
    other = new_page(width=360, height=740)
    other.goto(f"{live_server.url}/los/{erlenbach.code}")
    choice = other.get_by_role("navigation", name="Erklärung in anderen Sprachen")
    assert choice.get_by_role("link").all_inner_texts() == ["Türkçe"]
    assert_accessible(other)
