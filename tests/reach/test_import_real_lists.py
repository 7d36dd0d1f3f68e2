"""Imports of the lists organizers really have: first and last name in two columns,
addresses, no consent column, long Excel files and files that are not lists at all."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from quartier.reach import importing
from quartier.reach.import_rows import FIELD_KEYS, ImportDefaults
from quartier.reach.importing import (
    ImportFileError,
    guess_mapping,
    missing_required,
    read_table,
    validate_rows,
)
from quartier.reach.models import Contact, ContactImport, ImportStatus
from quartier.reach.services import imports as import_services
from quartier.reach.services.imports import (
    contact_import_preview,
    contact_import_start,
    contact_import_upload,
)

NAMES_ONLY = (
    "Titel;Vorname;Nachname;Straße;Hausnummer;PLZ;Ort\n"
    ";Jürgen;Weiß;Hauptstraße;5a;12345;Berlin\n"
    "Dr.;Özlem;Öztürk;;;;\n"
    ";;Müller;;;;\n"
).encode("cp1252")


def xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_first_last_name_and_title_are_joined_and_address_columns_recognised():
    table = read_table(filename="liste.csv", data=NAMES_ONLY)
    mapping = guess_mapping(table.headers)
    assert missing_required(mapping) == []
    assert mapping["full_name"] is None
    rows = validate_rows(table, mapping, defaults=ImportDefaults("consent", date(2026, 3, 1)))
    assert [r.values["full_name"] for r in rows] == ["Jürgen Weiß", "Dr. Özlem Öztürk", "Müller"]
    first = rows[0].values
    assert (first["street"], first["house_number"], first["postcode"], first["city"]) == (
        "Hauptstraße",
        "5a",
        "12345",
        "Berlin",
    )
    assert all(r.is_valid and r.values["consent_given_on"] == date(2026, 3, 1) for r in rows)


def test_without_a_consent_date_the_error_names_the_field_in_german_not_its_code():
    table = read_table(filename="liste.csv", data=NAMES_ONLY)
    with translation.override("de"):
        rows = validate_rows(table, guess_mapping(table.headers))
    columns = {e.column for row in rows for e in row.errors}
    assert columns == {"Einwilligung am"}
    assert not any(key in str(e) for row in rows for e in row.errors for key in FIELD_KEYS)


def test_a_legal_basis_set_for_the_whole_import_needs_no_date():
    table = read_table(filename="liste.csv", data=NAMES_ONLY)
    rows = validate_rows(table, guess_mapping(table.headers), defaults=ImportDefaults("contract"))
    assert all(r.is_valid and r.values["legal_basis"] == "contract" for r in rows)


def test_a_row_value_wins_over_the_import_wide_consent_date():
    data = b"Name;Einwilligung am\nAnna Alt;01.02.2026\nBen Bau;\n"
    table = read_table(filename="liste.csv", data=data)
    rows = validate_rows(
        table, guess_mapping(table.headers), defaults=ImportDefaults("consent", date(2026, 5, 5))
    )
    assert [r.values["consent_given_on"] for r in rows] == [date(2026, 2, 1), date(2026, 5, 5)]


def test_an_xlsx_that_unzips_too_large_is_refused_before_it_is_parsed(monkeypatch):
    data = xlsx([["Name"], *[[f"Person {i}"] for i in range(50)]])
    monkeypatch.setattr(importing, "MAX_XLSX_UNCOMPRESSED", 1000)
    monkeypatch.setattr(
        "openpyxl.load_workbook", lambda *a, **k: pytest.fail("the workbook was parsed")
    )
    with translation.override("de"), pytest.raises(ImportFileError) as error:
        read_table(filename="liste.xlsx", data=data)
    assert "entpackt" in str(error.value)


def test_a_zip_bomb_shaped_xlsx_is_refused_by_its_unzipped_size():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<" + b" " * (80 * 1024 * 1024) + b">")
    assert len(buffer.getvalue()) < 1024 * 1024
    with pytest.raises(ImportFileError) as error:
        read_table(filename="bombe.xlsx", data=buffer.getvalue())
    assert error.value.params["max"] == importing.MAX_XLSX_UNCOMPRESSED // (1024 * 1024)


def test_the_row_limit_stops_reading_an_xlsx_early(monkeypatch):
    data = xlsx([["Name"], *[[f"Person {i}"] for i in range(500)]])
    monkeypatch.setattr(importing, "MAX_ROWS", 20)
    cells = {"read": 0}
    original = importing._cell_text

    def counting(value):
        cells["read"] += 1
        return original(value)

    monkeypatch.setattr(importing, "_cell_text", counting)
    with pytest.raises(ImportFileError):
        read_table(filename="lang.xlsx", data=data)
    assert cells["read"] <= 25  # stopped at the limit, not after all 500 rows


@pytest.mark.django_db
def test_an_xlsx_upload_is_kept_as_csv_so_later_steps_do_not_unzip_it_again(reach, monkeypatch):
    data = xlsx([["Vorname", "Nachname"], ["Nadia", "Haddad"]])
    contact_import = contact_import_upload(
        organisation=reach.organisation, actor=reach.organizer, filename="l.xlsx", data=data
    )
    assert contact_import.normalized and contact_import.total_rows == 1
    monkeypatch.setattr(importing, "read_xlsx", lambda *a: pytest.fail("unzipped again"))
    _table, rows = contact_import_preview(contact_import=contact_import)
    assert rows[0].row.values["full_name"] == "Nadia Haddad"


@pytest.mark.django_db
def test_the_mapping_form_asks_for_a_consent_date_when_the_file_has_none(client, reach):
    client.force_login(reach.organizer)
    slug = reach.organisation.slug
    response = client.post(
        reverse("reach:import_upload", args=[slug]),
        {"file": SimpleUploadedFile("liste.csv", NAMES_ONLY)},
    )
    contact_import = ContactImport.objects.get()
    columns = {
        f"col_{key}": "" if index is None else str(index)
        for key, index in contact_import.mapping["columns"].items()
    } | {"encoding": "cp1252"}
    page = client.post(
        response.url, columns | {"duplicate_mode": "skip", "legal_basis": "consent"}
    ).content.decode()
    assert "Die Datei enthält kein Einwilligungsdatum" in page
    response = client.post(
        response.url,
        columns
        | {"duplicate_mode": "skip", "legal_basis": "consent", "consent_given_on": "2026-03-01"},
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    page = client.get(response.url).content.decode()
    assert "3 Personen importieren" in page
    client.post(reverse("reach:import_preview", args=[slug, contact_import.pk]))
    weiss = Contact.objects.get(full_name="Jürgen Weiß")
    assert weiss.address == "Hauptstraße 5a, 12345 Berlin"
    assert weiss.consent_given_on == date(2026, 3, 1)
    assert Contact.objects.filter(full_name="Dr. Özlem Öztürk").exists()


@pytest.mark.django_db
def test_the_import_button_is_disabled_and_a_post_imports_nothing_when_no_row_is_valid(
    client, reach
):
    client.force_login(reach.organizer)
    slug = reach.organisation.slug
    contact_import = contact_import_upload(
        organisation=reach.organisation,
        actor=reach.organizer,
        filename="l.csv",
        data=NAMES_ONLY,
    )
    url = reverse("reach:import_preview", args=[slug, contact_import.pk])
    page = client.get(url).content.decode()
    assert 'disabled aria-describedby="nothing-to-import"' in page
    assert "0 Personen importieren" in page
    before = Contact.objects.count()
    client.post(url)
    contact_import.refresh_from_db()
    assert contact_import.status == ImportStatus.UPLOADED
    assert Contact.objects.count() == before


@pytest.mark.django_db
def test_a_long_list_is_imported_by_the_worker_with_progress(
    client, reach, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(import_services, "BACKGROUND_ROWS", 5)
    monkeypatch.setattr(import_services, "CHUNK", 4)
    lines = "\n".join(f"Person;Nummer{i:03d};2026-01-0{1 + i % 9}" for i in range(12))
    data = f"Vorname;Nachname;Einwilligung am\n{lines}\n".encode()
    contact_import = contact_import_upload(
        organisation=reach.organisation, actor=reach.organizer, filename="l.csv", data=data
    )
    progress: list[int] = []
    original = Contact.objects.bulk_create

    def watch(objs, **kwargs):
        progress.append(len(objs))
        return original(objs, **kwargs)

    monkeypatch.setattr(Contact.objects, "bulk_create", watch)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        started = contact_import_start(contact_import=contact_import, actor=reach.organizer)
    assert started.status == ImportStatus.RUNNING
    client.force_login(reach.organizer)
    url = reverse("reach:import_report", args=[reach.organisation.slug, contact_import.pk])
    page = client.get(url).content.decode()
    assert "Import läuft: 0 von 12 Zeilen" in page
    for callback in callbacks:
        callback()  # the ImmediateBackend runs the task now, as the worker would
    contact_import.refresh_from_db()
    assert contact_import.status == ImportStatus.DONE
    assert contact_import.processed_rows == 12
    assert progress == [4, 4, 4, 0]
    assert Contact.objects.filter(full_name__startswith="Person Nummer").count() == 12
    response = client.get(url, headers={"HX-Request": "true"})
    assert response["HX-Refresh"] == "true"


ENCODINGS = ["utf-8", "utf-16", "cp1252", "latin-1", "cp1251", "shift_jis", "utf-8-sig"]
DELIMITERS = [",", ";", "\t", "|", " ", ":"]
anything = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
printable = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)


def check_failure_is_explained(filename: str, data: bytes) -> None:
    with translation.override("de"):
        try:
            table = read_table(filename=filename, data=data)
        except ImportFileError as error:
            assert str(error).strip() and error.code == "import_file"
            return
        rows = validate_rows(table, guess_mapping(table.headers))
        for row in rows:
            for cell_error in row.errors:
                assert cell_error.reason.strip() and cell_error.column.strip()
                assert cell_error.column not in FIELD_KEYS or cell_error.column in table.headers


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=400), suffix=st.sampled_from(["csv", "txt", "xlsx"]))
def test_random_bytes_never_crash_the_importer(data, suffix):
    check_failure_is_explained(f"liste.{suffix}", data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cells=st.lists(st.lists(anything, min_size=1, max_size=6), min_size=1, max_size=6),
    encoding=st.sampled_from(ENCODINGS),
    delimiter=st.sampled_from(DELIMITERS),
    header=st.lists(
        st.sampled_from(["Name", "Vorname", "Nachname", "E-Mail", "PLZ", "Einwilligung", "x"]),
        min_size=1,
        max_size=6,
    ),
)
def test_random_text_in_any_encoding_and_delimiter_never_crashes_the_importer(
    cells, encoding, delimiter, header
):
    text = "\n".join(delimiter.join(row) for row in [header, *cells])
    data = text.encode(encoding, errors="replace")
    check_failure_is_explained("liste.csv", data)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(
        st.lists(
            st.one_of(printable, st.integers(), st.floats(allow_nan=False), st.none()), max_size=4
        ),
        max_size=5,
    )
)
def test_random_workbooks_never_crash_the_importer(rows):
    check_failure_is_explained("liste.xlsx", xlsx([["Name", "E-Mail"], *rows]))
