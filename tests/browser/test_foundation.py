"""The foundation clicked through in Chromium, with axe-core on every page visited."""

import re

import pytest
from django.core import mail

from quartier.organisations.models import Membership
from quartier.processes.models import Process

pytestmark = pytest.mark.django_db(transaction=True)


def _no_horizontal_scroll(page):
    page.wait_for_load_state()
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def test_an_admin_invites_an_organizer_who_joins_and_creates_a_process(
    live_server, new_page, login, organisation, admin, assert_accessible
):
    admin_page = new_page()
    login(admin_page, admin.email)
    assert_accessible(admin_page)  # empty process list

    admin_page.get_by_role("link", name="Mitglieder").click()
    assert_accessible(admin_page)
    admin_page.get_by_label("E-Mail-Adresse").fill("nele@example.org")
    admin_page.get_by_label("Rolle", exact=True).select_option("organizer")
    admin_page.get_by_role("button", name="Einladung senden").click()
    assert admin_page.get_by_text("Einladung an nele@example.org gesendet.").is_visible()
    assert admin_page.get_by_role("cell", name="nele@example.org", exact=True).is_visible()
    assert_accessible(admin_page)

    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/o/invitations/\S+/", mail.outbox[0].body).group(0)
    path = link[link.index("/o/invitations/") :]

    organizer_page = new_page(width=360, height=740)
    organizer_page.goto(live_server.url + path)
    assert organizer_page.get_by_role(
        "heading", name="Bei Stadtteilzentrum Nord mitmachen"
    ).is_visible()
    assert_accessible(organizer_page)
    assert _no_horizontal_scroll(organizer_page)
    organizer_page.get_by_label("Ihr Name").fill("Nele Neumann")
    organizer_page.get_by_label("Passwort", exact=True).fill("gutes-passwort-2026")
    organizer_page.get_by_label("Passwort wiederholen").fill("gutes-passwort-2026")
    organizer_page.get_by_role("button", name="Einladung annehmen").click()
    assert organizer_page.get_by_text("Willkommen bei Stadtteilzentrum Nord!").is_visible()
    assert Membership.objects.get(user__email="nele@example.org").role == "organizer"

    organizer_page.get_by_role("link", name="Ersten Prozess starten").click()
    assert_accessible(organizer_page)
    organizer_page.get_by_label("Titel").fill("Open-Sozial Nordkiez")
    organizer_page.get_by_label("Quartier oder Gebiet").fill("Nordkiez")
    organizer_page.get_by_label("Beginn").fill("2027-03-01")
    organizer_page.get_by_label("Ende").fill("2027-02-01")
    organizer_page.get_by_role("button", name="Prozess anlegen").click()
    assert organizer_page.get_by_text("Das Ende darf nicht vor dem Beginn liegen.").is_visible()
    assert_accessible(organizer_page)  # the form with errors
    organizer_page.get_by_label("Ende").fill("2027-06-30")
    organizer_page.get_by_role("button", name="Prozess anlegen").click()
    assert organizer_page.get_by_role("heading", name="Open-Sozial Nordkiez").is_visible()
    assert organizer_page.get_by_text("Prozess angelegt.").is_visible()
    assert_accessible(organizer_page)  # dashboard
    assert _no_horizontal_scroll(organizer_page)
    process = Process.objects.get(title="Open-Sozial Nordkiez")
    assert process.area == "Nordkiez" and str(process.ends_on) == "2027-06-30"


def test_a_visitor_switches_the_language_to_english_and_back(
    live_server, page, login, organisation, admin, assert_accessible
):
    login(page, admin.email)
    page.get_by_label("Sprache").select_option("en")
    page.get_by_role("button", name="Wechseln").click()
    assert page.get_by_role("heading", name="Processes", exact=True).is_visible()
    assert page.evaluate("() => document.documentElement.lang") == "en"
    assert_accessible(page)
    page.get_by_label("Language").select_option("de")
    page.get_by_role("button", name="Switch").click()
    assert page.get_by_role("heading", name="Prozesse", exact=True).is_visible()


def test_an_admin_archives_restores_and_deletes_a_process_with_confirmation(
    live_server, page, login, organisation, admin, process, assert_accessible
):
    login(page, admin.email)
    page.get_by_role("link", name=process.title).click()
    page.get_by_role("link", name="Archivieren").click()
    assert_accessible(page)
    page.get_by_role("button", name="Archivieren").click()
    assert page.get_by_text("wurde archiviert").is_visible()
    page.get_by_role("link", name="Archiv anzeigen").click()
    assert_accessible(page)
    page.get_by_role("link", name=process.title).click()
    page.get_by_role("button", name="Wiederherstellen").click()
    assert page.get_by_text("wurde wiederhergestellt").is_visible()
    page.get_by_role("link", name="Löschen").click()
    assert_accessible(page)
    page.get_by_label("Zur Bestätigung den Titel eingeben").fill("falscher Titel")
    page.get_by_role("button", name="Endgültig löschen").click()
    assert page.get_by_text("Bitte geben Sie zur Bestätigung den Titel genau so ein").is_visible()
    page.get_by_label("Zur Bestätigung den Titel eingeben").fill(process.title)
    page.get_by_role("button", name="Endgültig löschen").click()
    assert page.get_by_text("wurde gelöscht").is_visible()
    assert not Process.objects.filter(pk=process.pk).exists()


def test_the_status_filter_works_with_htmx_and_by_keyboard(
    live_server, page, login, organisation, admin, assert_accessible
):
    from quartier.processes.services import process_create

    process_create(organisation=organisation, actor=admin, title="Läuft schon", status="running")
    process_create(organisation=organisation, actor=admin, title="Kommt noch", status="planned")
    login(page, admin.email)
    page.get_by_label("Status").focus()
    page.keyboard.press("ArrowDown")  # "Geplant"
    page.wait_for_function("() => !document.body.innerText.includes('Läuft schon')")
    assert page.get_by_role("link", name="Kommt noch").is_visible()
    assert "status=planned" in page.url
    assert_accessible(page)


def test_the_skip_link_is_the_first_stop_and_moves_focus_to_the_content(
    live_server, page, login, organisation, admin
):
    login(page, admin.email)
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Zum Inhalt springen"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


def test_login_errors_password_reset_and_account_pages_are_accessible(
    live_server, page, make_user, assert_accessible
):
    make_user(email="kim@example.org")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("E-Mail-Adresse").fill("kim@example.org")
    page.get_by_label("Passwort").fill("falsch")
    page.get_by_role("button", name="Anmelden").click()
    assert page.get_by_role("alert").filter(has_text="stimmen nicht").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Passwort vergessen?").click()
    assert_accessible(page)
    page.get_by_label("E-Mail-Adresse").fill("kim@example.org")
    page.get_by_role("button", name="Link senden").click()
    assert page.get_by_role("heading", name="Bitte prüfen Sie Ihre E-Mails").is_visible()
    assert_accessible(page)
    link = re.search(r"http://\S+/accounts/reset/\S+/", mail.outbox[0].body).group(0)
    page.goto(live_server.url + link[link.index("/accounts/reset/") :])
    assert_accessible(page)
    page.get_by_label("Neues Passwort", exact=True).fill("frisches-passwort-99")
    page.get_by_label("Neues Passwort bestätigen").fill("frisches-passwort-99")
    page.get_by_role("button", name="Passwort speichern").click()
    assert page.get_by_role("heading", name="Passwort gespeichert").is_visible()
    assert_accessible(page)


def test_a_new_user_sets_up_an_organisation_and_its_settings_and_audit_pages_are_accessible(
    live_server, page, login, make_user, assert_accessible
):
    user = make_user(email="neu@example.org")
    login(page, user.email)
    assert_accessible(page)  # home with empty state
    page.get_by_role("link", name="Organisation einrichten").click()
    assert_accessible(page)
    page.get_by_label("Name").fill("Kiezwerk e.V.")
    page.get_by_role("button", name="Organisation anlegen").click()
    assert page.get_by_text("Ihre Organisation ist angelegt.").is_visible()
    page.get_by_role("link", name="Einstellungen").click()
    assert_accessible(page)
    page.get_by_role("link", name="Änderungsverlauf").click()
    assert page.get_by_role("cell", name="Organisation: angelegt").is_visible()
    assert page.get_by_text("organisation.created").count() == 0
    assert_accessible(page)
