"""The public registration pages answer every wrong input clearly and cannot be used to
try codes in bulk; organizers can delete register data early, with confirmation."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils import timezone

from quartier.lottery import codes
from quartier.lottery.throttle import MAX_FAILURES
from tests.lottery.conftest import import_extract

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_lottery(lottery_world, extract_csv):
    from quartier.lottery.services.draw import invitations_draw

    import_extract(lottery_world, extract_csv(200, seed=3), "Elsenfeld")
    invitations_draw(
        lottery=lottery_world.lottery, actor=lottery_world.organizer, seed="1", announced=""
    )
    lottery = lottery_world.lottery
    lottery.refresh_from_db()
    lottery.letters_generated_at = timezone.now()
    lottery.save()
    cache.clear()
    return lottery


def _form(letter):
    return {
        "feature_register": letter.municipality.name,
        "feature_sex": "female",
        "full_name": "Ayşe Yıldız",
        "email": "ayse@example.org",
        "consent": "on",
    }


def test_a_person_registers_once_and_a_second_try_is_told_why(client, open_lottery):
    letter = open_lottery.letters.first()
    response = client.post(f"/los/{letter.code}", _form(letter))
    assert "Danke für Ihre Anmeldung!" in response.content.decode()
    again = client.post(f"/los/{letter.code}", _form(letter) | {"full_name": "Jemand anders"})
    assert "Mit diesem Code hat sich schon jemand angemeldet" in again.content.decode()
    assert open_lottery.registrations.get().full_name == "Ayşe Yıldız"


def test_without_any_contact_the_form_says_what_is_missing(client, open_lottery):
    letter = open_lottery.letters.first()
    response = client.post(f"/los/{letter.code}", _form(letter) | {"email": ""})
    assert "E-Mail-Adresse, eine Telefonnummer oder eine Postanschrift" in response.content.decode()
    assert not open_lottery.registrations.exists()


def test_wrong_codes_get_clear_messages(client, open_lottery):
    letter = open_lottery.letters.first()
    short = client.get("/los/", {"code": letter.code[:8]})
    assert "Der Code hat 12 Zeichen, Ihre Eingabe hat 8" in short.content.decode()
    typo = letter.code[:-1] + ("2" if letter.code[-1] != "2" else "3")
    assert "Tippfehler" in client.get(f"/los/{typo}").content.decode()
    body = codes.new_code()[:-1]
    unknown = client.get(f"/los/{body}{codes.check_character(body)}")
    assert unknown.status_code == 404
    assert "Diesen Code kennen wir nicht" in unknown.content.decode()


def test_after_the_deadline_the_code_says_registration_has_ended(client, open_lottery):
    from datetime import timedelta

    open_lottery.registration_deadline = timezone.localdate() - timedelta(days=1)
    open_lottery.save()
    letter = open_lottery.letters.first()
    response = client.get(f"/los/{letter.code}")
    assert response.status_code == 410
    assert "Die Anmeldung ist am" in response.content.decode()


def test_codes_cannot_be_tried_in_bulk(client, open_lottery):
    letter = open_lottery.letters.first()
    for _ in range(MAX_FAILURES):
        body = codes.new_code()[:-1]
        client.get(f"/los/{body}{codes.check_character(body)}")
    blocked = client.get(f"/los/{letter.code}")
    assert "Zu viele Versuche" in blocked.content.decode()
    assert "Danke" not in blocked.content.decode()


def test_codes_are_long_random_and_self_checking():
    drawn = {codes.new_code() for _ in range(2000)}
    assert len(drawn) == 2000
    assert all(codes.is_well_formed(code) for code in drawn)
    code = next(iter(drawn))
    for position in range(codes.LENGTH):
        for replacement in codes.ALPHABET:
            if replacement != code[position]:
                changed = code[:position] + replacement + code[position + 1 :]
                assert not codes.is_well_formed(changed)
    swapped = {code[:i] + code[i + 1] + code[i] + code[i + 2 :] for i in range(codes.LENGTH - 1)}
    assert not any(codes.is_well_formed(s) for s in swapped - {code})


def test_an_organizer_deletes_register_data_early_only_with_confirmation(
    client, lottery_world, open_lottery
):
    from quartier.audit.models import AuditEntry

    client.force_login(lottery_world.organizer)
    url = f"/o/{lottery_world.organisation.slug}/p/{lottery_world.process.slug}/lottery/{open_lottery.pk}/privacy/delete/"
    response = client.post(url, follow=True)
    assert "Setzen Sie das Häkchen" in response.content.decode()
    assert open_lottery.letters.exclude(family_name="").exists()
    response = client.post(url, {"confirm": "1"}, follow=True)
    assert "Melderegisterdaten gelöscht" in response.content.decode()
    assert not open_lottery.letters.exclude(family_name="").exists()
    assert AuditEntry.objects.get(action="lottery.register_deleted").data["reason"] == "by_hand"
    letter = open_lottery.letters.first()
    assert client.get(f"/los/{letter.code}").status_code == 200  # codes keep working


def test_register_values_prefill_the_form_only_when_the_process_says_so(client, open_lottery):
    letter = open_lottery.letters.exclude(features__sex="").first()
    sex = letter.features["sex"]
    page = client.get(f"/los/{letter.code}").content.decode()
    assert page.count(" checked") == 0  # self-report: nothing is preselected
    open_lottery.prefill_from_register = True
    open_lottery.save()
    page = client.get(f"/los/{letter.code}").content.decode()
    chosen = [
        chunk for chunk in page.split("<input") if " checked" in chunk and "feature_" in chunk
    ]
    assert any(f'value="{sex}"' in chunk for chunk in chosen)
    assert any(f'value="{letter.municipality.name}"' in chunk for chunk in chosen)
