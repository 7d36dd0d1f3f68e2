"""The lottery's services end to end, and what goes wrong in each step."""

from __future__ import annotations

import hashlib
import io
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone
from pypdf import PdfReader

from quartier.audit.models import AuditEntry
from quartier.core.errors import DomainError
from tests.lottery.conftest import import_extract, register_people
from tests.lottery.pdf_pages import qr_links

pytestmark = pytest.mark.django_db


def _drawn(world, extract_csv, seed="4711"):
    from quartier.lottery.services.draw import invitations_draw

    import_extract(world, extract_csv(300, seed=1, town="Elsenfeld"), "Elsenfeld")
    import_extract(world, extract_csv(200, seed=2, town="Erlenbach", postcode="63906"), "Erlenbach")
    invitations_draw(
        lottery=world.lottery, actor=world.organizer, seed=seed, announced="Lotto 3.10."
    )
    world.lottery.refresh_from_db()


def test_the_import_reads_a_windows_1252_extract_and_filters_children(lottery_world, extract_csv):
    extract = import_extract(lottery_world, extract_csv(300), "Elsenfeld")
    assert extract.status == "imported", lottery_world.lottery.jobs.first().error
    assert extract.encoding == "cp1252"
    assert extract.delimiter == ";"
    assert extract.rows == 300
    assert extract.reasons["too_young"] > 0
    assert extract.eligible + extract.reasons["too_young"] == 300
    job = lottery_world.lottery.jobs.get(kind="import")
    assert job.state == "done" and job.percent == 100


def test_bad_rows_are_reported_with_line_and_column(lottery_world, tmp_path):
    path = tmp_path / "kaputt.csv"
    path.write_text(
        "Familienname;Vornamen;Geburtsdatum;Geschlecht;Straße;PLZ\n"
        "Muster;Max;01.02.1980;m;Hauptstr. 1;63820\n"
        "Probe;Pia;31.02.1980;w;Hauptstr. 2;63820\n"
        ";Paul;01.01.1970;x-y;Hauptstr. 3;6382\n",
        encoding="utf-8",
    )
    extract = import_extract(lottery_world, path, "Elsenfeld")
    assert extract.rows == 3 and extract.error_count == 2
    problems = {(e["line"], e["column"], e["code"]) for e in extract.errors}
    assert (3, "Geburtsdatum", "bad_date") in problems
    assert (4, "Familienname", "missing") in problems
    assert (4, "PLZ", "bad_postcode") in problems
    assert (4, "Geschlecht", "bad_sex") in problems


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("liste.pdf", b"%PDF-1.4", "wrong_file_type"),
        ("leer.csv", b"", "empty_file"),
        ("binär.csv", b"\x00\x01\x02\x00", "binary_file"),
        ("kaputt.xlsx", b"not a zip file", "broken_xlsx"),
    ],
)
def test_wrong_files_are_refused_and_nothing_is_kept(lottery_world, name, content, code):
    from quartier.lottery.services.extracts import extract_upload

    with pytest.raises(DomainError) as error:
        extract_upload(
            lottery=lottery_world.lottery,
            municipality=lottery_world.towns["Elsenfeld"],
            actor=lottery_world.organizer,
            filename=name,
            chunks=[content],
        )
    assert error.value.code == code
    assert not lottery_world.lottery.extracts.exists()


def test_an_xlsx_extract_imports_like_a_csv(lottery_world, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Nachname", "Vorname", "Geburtsdatum", "Geschlecht", "Straße", "PLZ"])
    sheet.append(["Weiß", "Jürgen", "12.03.1961", "m", "Lindenweg 4", "63820"])
    sheet.append(["Öztürk", "Ayşe", "01.01.2015", "w", "Lindenweg 5", "63820"])
    path = tmp_path / "auszug.xlsx"
    book.save(path)
    extract = import_extract(lottery_world, path, "Elsenfeld")
    assert extract.status == "imported"
    assert (extract.rows, extract.eligible) == (2, 1)


def test_the_draw_is_reproducible_from_the_announced_seed(lottery_world, extract_csv):
    _drawn(lottery_world, extract_csv)
    lottery = lottery_world.lottery
    letters = list(lottery.letters.order_by("number").values_list("family_name", "street"))
    assert len(letters) == 60
    audit = lottery.invitation_audit
    assert audit["seed"] == "4711"
    assert sum(a["invited"] for a in audit["lists"][0]["allocation"]) == 60
    assert {letter.features["age_band"] for letter in lottery.letters.all()} - {""}
    assert "" not in {letter.features["age_band"] for letter in lottery.letters.all()}  # no child
    # Same extracts and seed, second lottery: the same people.
    from quartier.engine.sortition import invite

    assert audit["lists"][0]["eligible_sha256"]
    assert invite  # the engine call is what the service used
    assert lottery.population["total"] == audit["lists"][0]["eligible_rows"]


def test_letters_pdf_has_one_page_per_letter_and_the_qr_code_holds_the_link(
    lottery_world, extract_csv
):
    from quartier.lottery.services.letters import letters_generate_start

    _drawn(lottery_world, extract_csv)
    lottery = lottery_world.lottery
    lottery.letters.filter(number=1).update(given_name="Ayşe", family_name="Yılmaz-Łukasiewicz")
    letters_generate_start(lottery=lottery, actor=lottery_world.organizer)
    lottery.refresh_from_db()
    reader = PdfReader(lottery.letters_file)
    assert len(reader.pages) == lottery.letters.count() == 60
    first = lottery.letters.order_by("number").first()
    page = reader.pages[0]
    text = page.extract_text()
    assert first.display_code in text
    assert "Ayşe Yılmaz-Łukasiewicz" in text  # names outside Latin-1 keep their letters
    assert "Persönliche Einladung" in text
    assert qr_links(lottery.letters_file) == [f"https://quartier.example/los/{first.code}"]
    last = lottery.letters.order_by("number").last()
    assert qr_links(lottery.letters_file, 59) == [f"https://quartier.example/los/{last.code}"]


def test_a_person_registers_once_and_codes_with_typos_are_told_apart(lottery_world, extract_csv):
    from quartier.lottery import codes
    from quartier.lottery.services.registration import letter_for_code, registration_submit

    _drawn(lottery_world, extract_csv)
    lottery = lottery_world.lottery
    lottery.letters_generated_at = timezone.now()
    lottery.save()
    letter = lottery.letters.first()
    typo = letter.code[:3] + ("2" if letter.code[3] != "2" else "3") + letter.code[4:]
    with pytest.raises(DomainError) as error:
        letter_for_code(typo)
    assert error.value.code == "code_typo"
    body = codes.new_code()[:-1]
    with pytest.raises(DomainError) as error:
        letter_for_code(body + codes.check_character(body))
    assert error.value.code == "code_unknown"
    assert letter_for_code(letter.display_code.lower()) == letter
    registration_submit(
        letter=letter,
        features={"register": "Elsenfeld", "sex": "female"},
        full_name="A",
        email="a@example.org",
        consent=True,
    )
    with pytest.raises(DomainError) as error:
        registration_submit(
            letter=letter,
            features={"register": "Elsenfeld", "sex": "female"},
            full_name="B",
            email="b@example.org",
            consent=True,
        )
    assert error.value.code == "already_registered"
    assert lottery.registrations.count() == 1


def test_an_expired_code_gets_a_clear_message(lottery_world, extract_csv):
    from quartier.lottery.services.registration import check_open, letter_for_code

    _drawn(lottery_world, extract_csv)
    lottery = lottery_world.lottery
    lottery.letters_generated_at = timezone.now()
    lottery.registration_deadline = timezone.localdate() - timedelta(days=2)
    lottery.save()
    letter = letter_for_code(lottery.letters.first().code)
    with pytest.raises(DomainError) as error:
        check_open(letter)
    assert error.value.code == "code_expired"
    assert "Anmeldung" in str(error.value) or "Registration" in str(error.value)


def _pool(world, extract_csv, people=40):
    from quartier.lottery.services.registration import registration_close

    _drawn(world, extract_csv)
    lottery = world.lottery
    lottery.letters_generated_at = timezone.now()
    lottery.save()
    register_people(world, people)
    registration_close(lottery=lottery, actor=world.organizer)
    lottery.refresh_from_db()
    return lottery


def test_selection_meets_the_quotas_and_orders_a_reserve_list(lottery_world, extract_csv):
    from quartier.lottery.services.selection import quotas_propose, quotas_save, selection_start

    lottery = _pool(lottery_world, extract_csv)
    quotas = quotas_propose(lottery=lottery)
    assert {q["category"] for q in quotas} == {"register", "sex"}
    quotas_save(lottery=lottery, actor=lottery_world.organizer, quotas=quotas)
    draw, job = selection_start(lottery=lottery, actor=lottery_world.organizer, seed="17 23 31")
    draw.refresh_from_db()
    job.refresh_from_db()
    assert job.state == "done"
    assert len(draw.selected) == 8
    selected = lottery.registrations.filter(status="selected")
    assert selected.count() == 8
    for q in quotas:
        count = sum(1 for r in selected if r.features[q["category"]] == q["value"])
        assert q["min"] <= count <= q["max"]
    ranks = list(
        lottery.registrations.filter(status="reserve")
        .order_by("reserve_rank")
        .values_list("reserve_rank", flat=True)
    )
    assert ranks == list(range(1, len(ranks) + 1))
    assert abs(sum(r.probability for r in lottery.registrations.all()) - 8) < 1e-6
    from quartier.engine.sortition import AuditRecord, verify
    from quartier.lottery.adapters import selection_problem

    record = AuditRecord.from_json(__import__("json").dumps(draw.audit))
    assert verify(
        record,
        selection_problem(lottery, list(lottery.registrations.order_by("pool_id")), draw.quotas),
    ).ok


def test_infeasible_quotas_are_explained_in_german_and_relaxed_in_one_step(
    lottery_world, extract_csv
):
    from django.utils import translation

    from quartier.lottery.explain import explain
    from quartier.lottery.services.selection import quotas_save, selection_start

    lottery = _pool(lottery_world, extract_csv)
    impossible = [
        {"category": "register", "value": "Elsenfeld", "min": 7, "max": 8},
        {"category": "register", "value": "Erlenbach", "min": 3, "max": 8},
        {"category": "sex", "value": "female", "min": 0, "max": 8},
        {"category": "sex", "value": "male", "min": 0, "max": 8},
        {"category": "sex", "value": "diverse", "min": 0, "max": 8},
    ]
    quotas_save(lottery=lottery, actor=lottery_world.organizer, quotas=impossible)
    draw, _job = selection_start(lottery=lottery, actor=lottery_world.organizer, seed="1")
    draw.refresh_from_db()
    assert not draw.selected and draw.infeasibility["quotas"]
    with translation.override("de"):
        text = explain(lottery, draw.infeasibility)
    assert any("Mindestwerte" in s and "Gemeinde" in s for s in text["conflicts"]), text
    assert text["changes"] and text["can_relax"]
    quotas_save(lottery=lottery, actor=lottery_world.organizer, quotas=draw.infeasibility["quotas"])
    second, _job = selection_start(lottery=lottery, actor=lottery_world.organizer, seed="1")
    second.refresh_from_db()
    assert len(second.selected) == 8


def test_a_cancellation_moves_up_a_reserve_who_keeps_the_quotas(lottery_world, extract_csv):
    from quartier.lottery.services.confirmations import confirmations_send
    from quartier.lottery.services.selection import (
        quotas_propose,
        quotas_save,
        registration_cancel,
        selection_start,
    )

    lottery = _pool(lottery_world, extract_csv)
    quotas_save(
        lottery=lottery, actor=lottery_world.organizer, quotas=quotas_propose(lottery=lottery)
    )
    selection_start(lottery=lottery, actor=lottery_world.organizer, seed="99")
    counts = confirmations_send(lottery=lottery, actor=lottery_world.organizer)
    assert counts["invitees"] == 8
    assert lottery.invitees.filter(event=lottery_world.event).count() == 8
    leaving = lottery.registrations.filter(status="selected").first()
    others = list(lottery.registrations.filter(status="selected").exclude(pk=leaving.pk))
    pool = list(lottery.registrations.filter(status__in=["reserve", "not_selected"]))

    def keeps_quotas(person):
        panel = [*others, person]
        return all(
            q["min"] <= sum(1 for r in panel if r.features[q["category"]] == q["value"]) <= q["max"]
            for q in lottery.quotas
        )

    fitting = sorted(r.pool_id for r in pool if keeps_quotas(r))
    replacement = registration_cancel(registration=leaving, actor=lottery_world.organizer)
    assert replacement is not None
    # A re-draw with the others fixed: uniform among everyone registered and not selected
    # who keeps the quotas, the position recomputable from the seed.
    digest = hashlib.sha256("\n".join(["99", "replacement 1", *fitting]).encode()).hexdigest()
    assert replacement.pool_id == fitting[int(digest, 16) % len(fitting)]
    move = lottery.draws.first().moves[0]
    assert move["candidates"] == fitting and move["sha256"] == digest
    assert move["relaxation"] == []
    lottery.refresh_from_db()
    selected = list(lottery.registrations.filter(status="selected"))
    assert len(selected) == 8 and leaving.pk not in {r.pk for r in selected}
    for q in lottery.quotas:
        count = sum(1 for r in selected if r.features[q["category"]] == q["value"])
        assert q["min"] <= count <= q["max"]
    assert set(lottery.invitees.values_list("registration_id", flat=True)) == {
        r.pk for r in selected
    }
    assert AuditEntry.objects.filter(
        action="lottery.cancelled", data__moved_up=replacement.pool_id
    ).exists()


def test_a_cancellation_nobody_fits_changes_nothing_until_a_relaxation_is_accepted(
    lottery_world, extract_csv
):
    from quartier.lottery.services.registration import registration_close, registration_submit
    from quartier.lottery.services.selection import (
        quotas_save,
        registration_cancel,
        replacement_proposal,
        selection_start,
    )

    _drawn(lottery_world, extract_csv)
    lottery = lottery_world.lottery
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
    registration_close(lottery=lottery, actor=lottery_world.organizer)
    lottery.refresh_from_db()
    # All five from Elsenfeld must sit; three of the four from Erlenbach.
    quotas = [
        {"category": "register", "value": "Elsenfeld", "min": 5, "max": 5},
        {"category": "register", "value": "Erlenbach", "min": 3, "max": 3},
    ] + [{"category": "sex", "value": v, "min": 0, "max": 8} for v in ("female", "male", "diverse")]
    quotas_save(lottery=lottery, actor=lottery_world.organizer, quotas=quotas)
    selection_start(lottery=lottery, actor=lottery_world.organizer, seed="5")
    reserve = lottery.registrations.get(status="reserve")
    assert reserve.features["register"] == "Erlenbach"
    leaving = lottery.registrations.filter(
        status="selected", features__register="Elsenfeld"
    ).first()
    with pytest.raises(DomainError) as error:
        registration_cancel(registration=leaving, actor=lottery_world.organizer)
    assert error.value.code == "no_reserve_fits"
    assert "hält niemand aus dem Kreis der Angemeldeten die Quoten ein" in str(error.value)
    leaving.refresh_from_db()
    reserve.refresh_from_db()
    assert (leaving.status, reserve.status) == ("selected", "reserve")
    # The smallest relaxation: one Elsenfeld seat fewer, one Erlenbach seat more.
    proposal = replacement_proposal(registration=leaving)
    assert [(c.category, c.value, c.new_min, c.new_max) for c in proposal.relaxation] == [
        ("register", "Elsenfeld", 4, 5),
        ("register", "Erlenbach", 3, 4),
    ]
    replacement = registration_cancel(
        registration=leaving, actor=lottery_world.organizer, accept_relaxation=True
    )
    assert replacement.pk == reserve.pk
    move = lottery.draws.first().moves[0]
    assert [c["new_max"] for c in move["relaxation"]] == [5, 4]
    assert AuditEntry.objects.filter(action="lottery.cancelled", data__moved_up=reserve.pool_id)
    # Nobody is left: the second cancellation can only leave the seat empty.
    second = lottery.registrations.filter(status="selected", features__register="Elsenfeld")[0]
    assert replacement_proposal(registration=second).relaxation == ()
    with pytest.raises(DomainError):
        registration_cancel(registration=second, actor=lottery_world.organizer)
    registration_cancel(registration=second, actor=lottery_world.organizer, leave_empty=True)
    assert lottery.registrations.filter(status="selected").count() == 7


def test_register_data_is_deleted_when_due_and_the_deletion_is_logged(lottery_world, extract_csv):
    from quartier.core.schedule import enqueue_periodic_jobs
    from quartier.lottery.services.letters import letters_generate_start
    from quartier.lottery.services.retention import retention_sweep

    _drawn(lottery_world, extract_csv)
    lottery = lottery_world.lottery
    assert retention_sweep(lottery=lottery) == []  # letters missing, registration open
    letters_generate_start(lottery=lottery, actor=lottery_world.organizer)
    lottery.refresh_from_db()
    assert retention_sweep(lottery=lottery) == []  # registration still open
    later = timezone.localdate() + timedelta(days=21)
    with mock.patch("django.utils.timezone.localdate", return_value=later):
        enqueue_periodic_jobs()  # what `quartier worker` does every few minutes
    lottery.refresh_from_db()
    assert lottery.register_deleted_at is not None
    assert not lottery.letters.exclude(family_name="").exists()
    assert not lottery.letters.exclude(street="").exists()
    from quartier.lottery import storage

    assert not list(storage.lottery_dir(lottery.pk).iterdir())
    entry = AuditEntry.objects.get(action="lottery.register_deleted")
    assert entry.data["addresses"] == 60


def test_registrations_of_people_not_selected_go_after_the_event_unless_they_agreed(
    lottery_world, extract_csv
):
    from quartier.lottery.services.retention import retention_sweep
    from quartier.lottery.services.selection import quotas_propose, quotas_save, selection_start

    lottery = _pool(lottery_world, extract_csv)
    quotas_save(
        lottery=lottery, actor=lottery_world.organizer, quotas=quotas_propose(lottery=lottery)
    )
    selection_start(lottery=lottery, actor=lottery_world.organizer, seed="8")
    keepers = lottery.registrations.exclude(status="selected").filter(keep_informed=True).count()
    after = lottery.event_date + timedelta(days=1)
    with mock.patch("django.utils.timezone.localdate", return_value=after):
        retention_sweep(lottery=lottery)
    assert lottery.registrations.filter(status="selected").count() == 8
    assert lottery.registrations.exclude(status="selected").count() == keepers
    assert AuditEntry.objects.filter(action="lottery.registrations_deleted").exists()


def test_mail_merge_csv_lists_every_letter_and_logs_the_export(lottery_world, extract_csv):
    from quartier.lottery.services.letters import mail_merge_csv

    _drawn(lottery_world, extract_csv)
    text = mail_merge_csv(lottery=lottery_world.lottery, actor=lottery_world.organizer)
    lines = text.strip().splitlines()
    assert len(lines) == 61
    assert lines[0].startswith("nummer;code;link")
    assert AuditEntry.objects.filter(action="lottery.addresses_exported").exists()
    assert io.StringIO(text)


def test_anyone_can_verify_the_published_draw_with_the_cli(
    client, lottery_world, extract_csv, tmp_path
):
    from quartier.cli import main
    from quartier.lottery.services.retention import registrations_purge
    from quartier.lottery.services.selection import (
        lottery_publish,
        quotas_propose,
        quotas_save,
        selection_start,
    )

    lottery = _pool(lottery_world, extract_csv)
    quotas_save(
        lottery=lottery, actor=lottery_world.organizer, quotas=quotas_propose(lottery=lottery)
    )
    selection_start(lottery=lottery, actor=lottery_world.organizer, seed="31 41 59")
    lottery_publish(lottery=lottery, actor=lottery_world.organizer, published=True)
    registrations_purge(lottery=lottery)  # the check must survive the deletion
    for name in ("audit.json", "pool.csv", "quotas.csv"):
        response = client.get(f"/lotterie/{lottery.public_id}/{name}")
        assert response.status_code == 200, name
        (tmp_path / name).write_bytes(response.content)
    code = main(
        [
            "sortition",
            "verify",
            "--audit",
            str(tmp_path / "audit.json"),
            "--people",
            str(tmp_path / "pool.csv"),
            "--quotas",
            str(tmp_path / "quotas.csv"),
        ]
    )
    assert code == 0
    pool = (tmp_path / "pool.csv").read_text()
    assert "@" not in pool and "Person" not in pool  # pseudonymous: no names, no contacts


def test_confirmation_emails_go_out_in_german_after_commit(
    lottery_world, extract_csv, django_capture_on_commit_callbacks, mailoutbox
):
    from django.utils import translation

    from quartier.lottery.services.confirmations import confirmations_send
    from quartier.lottery.services.selection import quotas_propose, quotas_save, selection_start

    lottery = _pool(lottery_world, extract_csv)
    quotas_save(
        lottery=lottery, actor=lottery_world.organizer, quotas=quotas_propose(lottery=lottery)
    )
    selection_start(lottery=lottery, actor=lottery_world.organizer, seed="12")
    with translation.override("de"), django_capture_on_commit_callbacks(execute=True):
        counts = confirmations_send(lottery=lottery, actor=lottery_world.organizer)
    assert counts["emails"] == len(mailoutbox) == lottery.registrations.count()
    subjects = {m.subject.split(":")[0] for m in mailoutbox}
    assert "Sie sind gelost" in subjects
    assert subjects <= {
        "Sie sind gelost",
        "Sie stehen auf der Nachrückliste",
        "Danke für Ihre Anmeldung",
    }
    reserve = lottery.registrations.get(status="reserve", reserve_rank=1)
    mail = next(m for m in mailoutbox if m.to == [reserve.email])
    assert "Sie stehen auf der Nachrückliste." in mail.body
    assert "wird der Ersatz unter den Angemeldeten gelost" in mail.body


def test_the_letter_puts_the_address_into_the_din_5008_window(lottery_world, extract_csv):
    from reportlab.lib.units import mm

    from quartier.lottery.letters import PAGE_H
    from quartier.lottery.services.letters import letters_generate_start

    _drawn(lottery_world, extract_csv)
    lottery = lottery_world.lottery
    letters_generate_start(lottery=lottery, actor=lottery_world.organizer)
    lottery.refresh_from_db()
    first = lottery.letters.order_by("number").first()
    positions = {}

    def visit(text, cm, tm, font, size):
        if text.strip():
            positions.setdefault(text.strip(), (tm[4], tm[5]))

    PdfReader(lottery.letters_file).pages[0].extract_text(visitor_text=visit)
    name = f"{first.given_name} {first.family_name}"
    x, y = positions[name]
    # Form B: window field 20-105 mm from the left, 45-90 mm from the top; the address
    # zone is its lower 27.3 mm.
    assert 20 * mm <= x <= 105 * mm
    assert 62.7 * mm <= PAGE_H - y <= 90 * mm
    x, y = positions[first.street]
    assert 62.7 * mm <= PAGE_H - y <= 90 * mm


def test_the_process_lottery_page_lists_published_draws_and_is_404_before(
    client, lottery_world, extract_csv
):
    from quartier.lottery.services.selection import (
        lottery_publish,
        quotas_propose,
        quotas_save,
        selection_start,
    )
    from quartier.processes.selectors import publication_states

    world = lottery_world
    url = f"/lotterie/{world.organisation.slug}/{world.process.slug}/"
    lottery = _pool(world, extract_csv)
    quotas_save(lottery=lottery, actor=world.organizer, quotas=quotas_propose(lottery=lottery))
    selection_start(lottery=lottery, actor=world.organizer, seed="27 18 28")
    assert client.get(url).status_code == 404
    states = {
        page.key: (published, where)
        for page, published, where in publication_states(process=world.process)
    }
    assert states["lottery"][0] is False
    assert states["lottery"][1].endswith("/lottery/")

    lottery_publish(lottery=lottery, actor=world.organizer, published=True)
    response = client.get(url)
    assert response.status_code == 200
    assert f"/lotterie/{lottery.public_id}/" in response.content.decode()
    states = {
        page.key: published for page, published, _ in publication_states(process=world.process)
    }
    assert states["lottery"] is True
