"""Contact import with the broken files real organizers have: Latin-1 from Excel, ``;``,
missing columns, bad cells and duplicates."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from quartier.reach.importing import (
    ImportFileError,
    guess_mapping,
    missing_required,
    read_table,
    validate_rows,
)
from quartier.reach.models import Contact, ContactImport
from quartier.reach.services.imports import (
    contact_import_configure,
    contact_import_run,
    contact_import_upload,
)

HEADER = "Name;E-Mail;Telefon;Quartier;Rechtsgrundlage;Einwilligung am\n"
LATIN1 = (
    HEADER
    + "Jürgen Weiß;juergen@example.org;0170 1111;Südstadt;Einwilligung;03.02.2026\n"
    + "Özlem Çelik;oezlem@example.org;;Nordkiez;berechtigtes Interesse;\n"
).encode("cp1252")


def test_a_latin1_file_with_semicolons_is_read_correctly():
    table = read_table(filename="liste.csv", data=LATIN1)
    assert table.delimiter == ";"
    assert table.encoding == "cp1252"
    assert table.rows[0][0] == "Jürgen Weiß"
    assert table.rows[1][0] == "Özlem Çelik"


def test_a_utf8_file_with_bom_and_commas_is_read_correctly():
    data = "\ufeffName,E-Mail\nAyşe Kaya,ayse@example.org\n".encode()
    table = read_table(filename="liste.csv", data=data)
    assert (table.headers, table.delimiter, table.rows) == (
        ["Name", "E-Mail"],
        ",",
        [["Ayşe Kaya", "ayse@example.org"]],
    )


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("liste.csv", b"", "leer"),
        ("liste.pdf", b"%PDF-1.4", "keine CSV- oder XLSX-Datei"),
        ("liste.xlsx", b"not a zip file at all", "Excel-Datei"),
        ("liste.csv", bytes(range(256)) * 4, ""),
    ],
)
def test_broken_files_are_refused_with_a_clear_message(filename, data, message):
    from django.utils import translation

    with translation.override("de"), pytest.raises(ImportFileError) as error:
        read_table(filename=filename, data=data)
    assert message in str(error.value)


def test_a_missing_required_column_is_named():
    table = read_table(filename="liste.csv", data=b"Spitzname;Mail\nAnna;anna@example.org\n")
    mapping = guess_mapping(table.headers)
    assert mapping["email"] == 1
    assert [f.key for f in missing_required(mapping)] == ["full_name"]


def test_row_errors_name_line_column_and_reason():
    data = (
        HEADER + "Jürgen Weiß;kein-mail;;;Einwilligung;31.02.2026\n;leer@example.org;;;Vertrag;\n"
    ).encode()
    table = read_table(filename="liste.csv", data=data)
    rows = validate_rows(table, guess_mapping(table.headers))
    errors = [(e.line, e.column, e.reason) for row in rows for e in row.errors]
    assert (2, "E-Mail", "„kein-mail“ ist keine gültige E-Mail-Adresse.") in errors
    assert any(line == 2 and column == "Einwilligung am" for line, column, _ in errors)
    assert (3, "Name", "Der Name fehlt.") in errors


@pytest.mark.django_db
@pytest.mark.parametrize("mode", ["skip", "merge"])
def test_valid_rows_are_imported_in_one_go_and_duplicates_are_skipped_or_merged(reach, mode):
    data = (
        (
            HEADER
            + "Jürgen Weiß;juergen@example.org;0170 1111;Südstadt;Einwilligung;03.02.2026\n"
            + "Ayşe Yıldız;AYSE.YILDIZ@example.org;;Nordkiez;Vertrag;\n"  # exists already
            + "Jürgen Weiß;juergen@example.org;;;Vertrag;\n"  # twice in the file
            + "Kaputt;kein-mail;;;Vertrag;\n"  # invalid
        )
        .encode("cp1252", errors="replace")
        .replace(b"?", b"s")
    )
    contact_import = contact_import_upload(
        organisation=reach.organisation, actor=reach.organizer, filename="liste.csv", data=data
    )
    contact_import_configure(
        contact_import=contact_import,
        columns=contact_import.mapping["columns"],
        duplicate_mode=mode,
        legal_basis="consent",
    )
    before = Contact.objects.count()
    report = contact_import_run(contact_import=contact_import, actor=reach.organizer)
    assert report["created"] == 1
    assert [e["line"] for e in report["errors"]] == [5]
    if mode == "skip":
        assert [s["line"] for s in report["skipped"]] == [3, 4]
        assert report["merged"] == 0
    else:
        assert report["merged"] == 2 and report["skipped"] == []
    assert Contact.objects.count() == before + 1
    contact_import.refresh_from_db()
    assert bytes(contact_import.data) == b""  # the uploaded list is not kept


@pytest.mark.django_db
def test_an_import_with_only_broken_rows_writes_nothing(reach):
    data = b"Name;E-Mail\n;a@example.org\nX;kaputt\n"
    contact_import = contact_import_upload(
        organisation=reach.organisation, actor=reach.organizer, filename="liste.csv", data=data
    )
    before = Contact.objects.count()
    report = contact_import_run(contact_import=contact_import, actor=reach.organizer)
    assert report["created"] == 0 and len(report["errors"]) >= 2
    assert Contact.objects.count() == before


@pytest.mark.django_db
def test_the_import_pages_walk_from_upload_to_report_with_xlsx(client, reach):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Vollständiger Name", "Mail", "Handy", "Rechtsgrundlage"])
    sheet.append(["Nadia Haddad", "nadia@example.org", "0151 2222", "Vertrag"])
    sheet.append(["Kein Name fehlt nicht", "kaputt", "", "Vertrag"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(reach.organizer)
    slug = reach.organisation.slug
    upload = SimpleUploadedFile("liste.xlsx", buffer.getvalue())
    response = client.post(reverse("reach:import_upload", args=[slug]), {"file": upload})
    contact_import = ContactImport.objects.get()
    assert response.url == reverse("reach:import_map", args=[slug, contact_import.pk])
    page = client.get(response.url).content.decode()
    assert "Nadia Haddad" in page
    columns = {
        f"col_{key}": "" if index is None else str(index)
        for key, index in contact_import.mapping["columns"].items()
    }
    response = client.post(
        reverse("reach:import_map", args=[slug, contact_import.pk]),
        columns | {"duplicate_mode": "skip", "legal_basis": "contract"},
    )
    page = client.get(response.url).content.decode()
    assert "Zeile 3, Spalte „Mail“" in page
    response = client.post(reverse("reach:import_preview", args=[slug, contact_import.pk]))
    page = client.get(response.url).content.decode()
    assert "1 Person importiert." in page
    assert Contact.objects.filter(full_name="Nadia Haddad", phone="0151 2222").exists()


@pytest.mark.django_db
def test_the_mapping_page_says_which_required_column_is_missing(client, reach):
    client.force_login(reach.organizer)
    upload = SimpleUploadedFile("liste.csv", b"Spitzname;Mail\nAnna;anna@example.org\n")
    response = client.post(
        reverse("reach:import_upload", args=[reach.organisation.slug]), {"file": upload}
    )
    page = client.get(response.url).content.decode()
    assert "Die Pflichtspalte „Name“ wurde in der Datei nicht gefunden" in page
    contact_import = ContactImport.objects.get()
    response = client.get(
        reverse("reach:import_preview", args=[reach.organisation.slug, contact_import.pk])
    )
    assert response.status_code == 302  # no preview without a name column


cell = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12).map(
    str.strip
)


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.lists(cell, min_size=3, max_size=3), min_size=1, max_size=5),
    delimiter=st.sampled_from([",", ";"]),
)
def test_csv_written_by_any_tool_reads_back_the_same_cells(rows, delimiter):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(["Name", "E-Mail", "Telefon"])
    writer.writerows(rows)
    table = read_table(filename="x.csv", data=buffer.getvalue().encode("utf-8"))
    assert table.headers == ["Name", "E-Mail", "Telefon"]
    assert [r for r in table.rows if any(r)] == [r for r in rows if any(r)]


@pytest.mark.django_db
def test_the_organizer_can_correct_a_wrongly_detected_encoding(client, reach):
    client.force_login(reach.organizer)
    slug = reach.organisation.slug
    data = "Name;E-Mail;Rechtsgrundlage\nЮлия Иванова;julia@example.org;Vertrag\n".encode("cp1251")
    response = client.post(
        reverse("reach:import_upload", args=[slug]), {"file": SimpleUploadedFile("l.csv", data)}
    )
    contact_import = ContactImport.objects.get()
    columns = {
        f"col_{key}": "" if index is None else str(index)
        for key, index in contact_import.mapping["columns"].items()
    }
    form = columns | {"duplicate_mode": "skip", "legal_basis": "contract"}
    response = client.post(response.url, form | {"encoding": "utf-16"})
    assert "kann nicht als utf-16 gelesen werden" in response.content.decode()
    response = client.post(
        reverse("reach:import_map", args=[slug, contact_import.pk]), form | {"encoding": "cp1251"}
    )
    assert response.url == reverse("reach:import_map", args=[slug, contact_import.pk])
    assert "Юлия Иванова" in client.get(response.url).content.decode()
    client.post(response.url, form | {"encoding": "cp1251"})
    client.post(reverse("reach:import_preview", args=[slug, contact_import.pk]))
    assert Contact.objects.filter(full_name="Юлия Иванова").exists()
