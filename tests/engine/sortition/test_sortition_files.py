"""Reading quota and pool files: both layouts, encodings, delimiters, XLSX, errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from quartier.engine.sortition import InputError, read_people, read_quotas


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_it_reads_sortition_foundation_quotas_with_flex_columns(tmp_path: Path) -> None:
    path = write(
        tmp_path / "f.csv",
        "feature,value,min,max,min_flex,max_flex\ngender,female,2,3,1,4\ngender,male,2,3,,\n",
    )
    quotas = read_quotas(path)
    assert quotas[0].min_flex == 1 and quotas[0].max_flex == 4
    assert quotas[1].min_flex is None


def test_it_reads_panelot_files_and_numbers_the_respondents(tmp_path: Path) -> None:
    quotas = read_quotas(
        write(tmp_path / "categories.csv", "category,feature,min,max\ng,a,1,2\ng,b,0,2\n")
    )
    pool = read_people(write(tmp_path / "respondents.csv", "g\na\nb\na\n"), quotas)
    assert [p.id for p in pool.people] == ["1", "2", "3"]
    assert pool.id_column is None


def test_it_reads_a_cp1252_semicolon_file_with_bom_free_umlauts(tmp_path: Path) -> None:
    quotas = read_quotas(
        write(
            tmp_path / "q.csv",
            "feature;value;min;max\nBezirk;Neukölln;1;2\nBezirk;Köpenick;0;2\n",
            "cp1252",
        )
    )
    pool = read_people(
        write(
            tmp_path / "p.csv",
            "id;Name;Bezirk\n1;Jürgen Muster;Neukölln\n2;Ärmel Beispiel;Köpenick\n",
            "cp1252",
        ),
        quotas,
    )
    assert pool.people[0].features["Bezirk"] == "Neukölln"
    assert pool.people[1].features["Name"] == "Ärmel Beispiel"


def test_it_reads_utf8_with_bom(tmp_path: Path) -> None:
    quotas = read_quotas(write(tmp_path / "q.csv", "\ufefffeature,value,min,max\nort,Straße,0,1\n"))
    assert quotas[0].category == "ort" and quotas[0].value == "Straße"


def test_it_reads_xlsx_files(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["feature", "value", "min", "max"], ["g", "a", 1, 2], ["g", "b", 0, 2]):
        sheet.append(row)
    book.save(tmp_path / "q.xlsx")
    people = Workbook()
    psheet = people.active
    assert psheet is not None
    for row in (["id", "g"], [101, "a"], [102, "b"]):
        psheet.append(row)
    people.save(tmp_path / "p.xlsx")
    quotas = read_quotas(tmp_path / "q.xlsx")
    pool = read_people(tmp_path / "p.xlsx", quotas)
    assert quotas[0].min == 1 and quotas[0].max == 2
    assert [p.id for p in pool.people] == ["101", "102"]


def test_it_rejects_a_semicolon_file_with_missing_column(tmp_path: Path) -> None:
    path = write(tmp_path / "q.csv", "feature;value;min\ng;a;1\n")
    with pytest.raises(InputError) as caught:
        read_quotas(path)
    assert caught.value.code == "missing_column"
    assert caught.value.params["column"] == "max"
    assert caught.value.params["file"] == "q.csv"
    assert "q.csv, line 1, column 'max'" in caught.value.message


def test_it_rejects_a_quota_that_is_not_a_number(tmp_path: Path) -> None:
    path = write(tmp_path / "q.csv", "feature,value,min,max\ng,a,1,2\ng,b,two,3\n")
    with pytest.raises(InputError) as caught:
        read_quotas(path)
    error = caught.value
    assert error.code == "bad_number"
    assert (error.params["line"], error.params["column"], error.params["value"]) == (
        3,
        "min",
        "two",
    )
    assert error.message == "q.csv, line 3, column 'min': 'two' is not a whole number"


def test_it_rejects_a_minimum_above_the_maximum(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        read_quotas(write(tmp_path / "q.csv", "feature,value,min,max\ng,a,3,2\n"))
    assert caught.value.code == "min_above_max"


def test_it_rejects_a_person_with_a_value_without_quota(tmp_path: Path) -> None:
    quotas = read_quotas(write(tmp_path / "q.csv", "feature,value,min,max\ng,a,0,2\ng,b,0,2\n"))
    with pytest.raises(InputError) as caught:
        read_people(write(tmp_path / "p.csv", "id,g\n1,a\n2,c\n"), quotas)
    error = caught.value
    assert error.code == "unknown_value"
    assert (error.params["line"], error.params["column"], error.params["value"]) == (3, "g", "c")


def test_it_rejects_duplicate_ids_naming_both_lines(tmp_path: Path) -> None:
    quotas = read_quotas(write(tmp_path / "q.csv", "feature,value,min,max\ng,a,0,2\n"))
    with pytest.raises(InputError) as caught:
        read_people(write(tmp_path / "p.csv", "id,g\n7,a\n7,a\n"), quotas)
    assert caught.value.code == "duplicate_id"
    assert "line 2" in caught.value.message and caught.value.params["line"] == 3


def test_a_quota_category_that_is_no_pool_column_is_named_at_its_quota_line(
    tmp_path: Path,
) -> None:
    quotas = read_quotas(
        write(tmp_path / "q.csv", "feature,value,min,max\ngender,f,0,2\n\nage,old,0,2\n")
    )
    with pytest.raises(InputError) as caught:
        read_people(write(tmp_path / "p.csv", "id;gender\n1;f\n"), quotas)
    assert caught.value.code == "category_not_in_pool"
    assert caught.value.params["column"] == "age"
    assert caught.value.params["file"] == "q.csv" and caught.value.params["line"] == 4
    assert caught.value.message.startswith("q.csv, line 4, column 'age':")
    assert "p.csv" in caught.value.message and "id, gender" in caught.value.message


def test_it_matches_values_ignoring_case(tmp_path: Path) -> None:
    quotas = read_quotas(write(tmp_path / "q.csv", "feature,value,min,max\ng,Female,0,2\n"))
    pool = read_people(write(tmp_path / "p.csv", "id,g\n1,female\n"), quotas)
    assert pool.people[0].features["g"] == "Female"
