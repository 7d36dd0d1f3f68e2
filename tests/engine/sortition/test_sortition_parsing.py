"""Broken spreadsheets are refused at the right line and column, never read half-way.

Covers extra values in a row, quotes that never close (also after multi-line cells),
quota rows without category, quotas on values nobody has (a warning, not silence), and a
fuzz test: random bytes or random rows either parse or raise a coded error.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quartier.cli import main
from quartier.engine.sortition import InputError, read_people, read_quotas
from quartier.engine.sortition.formats import parse_people, parse_quotas
from quartier.engine.sortition.tables import parse_csv_bytes

QUOTAS = "feature,value,min,max\ngender,f,1,2\ngender,m,1,2\n"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def refusal(text: str) -> InputError:
    with pytest.raises(InputError) as caught:
        parse_csv_bytes(text.encode("utf-8"), "pool.csv")
    return caught.value


def test_an_extra_value_in_a_row_is_refused_with_line_and_position() -> None:
    error = refusal("id,gender\n1,f\n2,m,Berlin\n3,f\n")
    assert error.code == "extra_values"
    assert error.params["line"] == 3 and error.params["position"] == 3
    assert error.params["value"] == "Berlin"
    assert error.message.startswith("pool.csv, line 3, column '3':")


def test_trailing_empty_cells_of_spreadsheet_exports_are_fine() -> None:
    table = parse_csv_bytes(b"id,gender\n1,f,,\n2,m,\n", "pool.csv")
    assert table.rows == (("1", "f", "", ""), ("2", "m", ""))


def test_an_unclosed_quote_is_named_where_it_opens_not_at_the_end_of_the_file() -> None:
    error = refusal('id,gender,note\n1,f,ok\n2,m,"forgot to close\n3,f,x\n4,m,y\n')
    assert error.code == "unclosed_quote"
    assert (error.params["line"], error.params["column"]) == (3, "note")


def test_line_numbers_count_the_lines_inside_multi_line_cells() -> None:
    text = 'id,gender,note\n1,f,"two\nlines"\n\n2,m,"three\n\nlines"\n3,f,"open\n4,m,x\n'
    error = refusal(text)
    assert error.code == "unclosed_quote"
    assert (error.params["line"], error.params["column"]) == (8, "note")
    table = parse_csv_bytes(text.replace('"open', '"closed"').encode(), "pool.csv")
    assert table.lines == (2, 5, 8, 9)


def test_a_row_is_numbered_by_the_line_it_starts_on() -> None:
    table = parse_csv_bytes(b'id,note\r\n1,"a\r\nb"\r\n2,c\r\n', "pool.csv")
    assert table.lines == (2, 4)
    error = refusal('id,note\n1,"a\nb"\n2,c,d\n')
    assert error.params["line"] == 4


def test_text_after_a_closing_quote_is_refused_at_its_cell() -> None:
    error = refusal('id,gender,note\n1,f,"quoted" and more\n')
    assert error.code == "bad_quote"
    assert (error.params["line"], error.params["column"]) == (2, "note")
    left_open = refusal('id,gender,note\n1,f,"left open\n2,m,"two\nlines"\n')
    assert left_open.code == "bad_quote"
    assert (left_open.params["line"], left_open.params["end_line"]) == (2, 3)


def test_a_repeated_header_column_is_refused() -> None:
    error = refusal("id,gender,Gender\n1,f,m\n")
    assert error.code == "duplicate_column" and error.params["line"] == 1


def test_a_quota_row_without_category_is_not_skipped(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        read_quotas(write(tmp_path / "q.csv", "feature,value,min,max\ngender,f,1,2\n,m,1,2\n"))
    assert caught.value.code == "missing_value"
    assert (caught.value.params["line"], caught.value.params["column"]) == (3, "feature")


def test_a_quota_on_a_value_nobody_has_warns_with_its_line(tmp_path: Path) -> None:
    quotas = read_quotas(write(tmp_path / "q.csv", QUOTAS + "gender,d,0,1\ngender,x,1,1\n"))
    pool = read_people(write(tmp_path / "p.csv", "id,gender\n1,f\n2,m\n"), quotas)
    assert [(w.code, w.params["value"], w.params["line"]) for w in pool.warnings] == [
        ("quota_value_unused", "d", 4),
        ("quota_value_unmet", "x", 5),
    ]
    assert "q.csv, line 4" in pool.warnings[0].message
    assert "no effect" in pool.warnings[0].message
    assert "minimum of 1 cannot be met" in pool.warnings[1].message


def test_the_cli_prints_the_unused_quota_warning_and_still_selects(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    quotas = write(tmp_path / "q.csv", QUOTAS + "gender,d,0,1\n")
    rows = "".join(f"{i},{'fm'[i % 2]}\n" for i in range(10))
    people = write(tmp_path / "p.csv", "id,gender\n" + rows)
    code = main(
        [
            "sortition",
            "select",
            "--people",
            str(people),
            "--quotas",
            str(quotas),
            "--panel-size",
            "3",
            "--seed",
            "1",
            "--panels",
            "20",
            "--out",
            str(tmp_path / "out"),
        ]
    )
    assert code == 0
    err = capsys.readouterr().err
    assert "warning: q.csv, line 4: nobody in the pool has “gender: d”" in err


def test_the_cli_exits_2_naming_the_line_of_a_broken_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    quotas = write(tmp_path / "q.csv", QUOTAS)
    people = write(tmp_path / "p.csv", 'id,gender\n1,f\n2,"m\n3,f\n4,m\n')
    code = main(
        [
            "sortition",
            "select",
            "--people",
            str(people),
            "--quotas",
            str(quotas),
            "--panel-size",
            "2",
            "--out",
            str(tmp_path / "out"),
        ]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert "p.csv, line 3, column 'gender'" in err and "never closed" in err
    assert "Traceback" not in err


LOCATED = {
    "extra_values",
    "unclosed_quote",
    "bad_quote",
    "duplicate_column",
    "bad_number",
    "missing_value",
    "unknown_value",
    "min_above_max",
    "negative_quota",
    "duplicate_quota",
    "missing_id",
    "duplicate_id",
    "category_not_in_pool",
}


def _parse_everything(data: bytes) -> None:
    """Run both parsers; a refusal must be coded and, for a row problem, name its line."""
    try:
        quotas = parse_quotas(parse_csv_bytes(QUOTAS.encode(), "q.csv"))
        parse_people(parse_csv_bytes(data, "pool.csv"), quotas)
    except InputError as error:
        assert error.code and error.message
        if error.code in LOCATED:
            assert isinstance(error.params.get("line"), int), error.as_dict()
    try:
        parse_quotas(parse_csv_bytes(data, "q.csv"))
    except InputError as error:
        if error.code in LOCATED:
            assert isinstance(error.params.get("line"), int), error.as_dict()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_random_bytes_never_crash_the_parsers(data: bytes) -> None:
    _parse_everything(data)


cell = st.text(alphabet=st.sampled_from(list('fmx1 ,;"\n\r\tÄß')), max_size=6)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(cell, min_size=1, max_size=5), min_size=1, max_size=8), st.booleans())
def test_random_rows_parse_or_are_refused_at_their_line(
    rows: list[list[str]], quote_all: bool
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    writer.writerow(["id", "gender"])
    writer.writerows(rows)
    _parse_everything(buffer.getvalue().encode("utf-8"))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["f", "m"]), min_size=1, max_size=6), st.integers(0, 5))
def test_a_well_formed_pool_with_one_broken_quote_is_refused_at_that_line(
    genders: list[str], broken: int
) -> None:
    broken %= len(genders)
    lines = ["id,gender,note"]
    for i, gender in enumerate(genders):
        note = '"unclosed' if i == broken else '"two\nlines"'
        lines.append(f"{i},{gender},{note}")
    text = "\n".join(lines) + "\n"
    error = refusal(text)
    # a later row's quote may close the open one; then the text after it is the symptom
    assert error.code == ("unclosed_quote" if broken == len(genders) - 1 else "bad_quote")
    assert error.params["line"] == 2 + 2 * broken and error.params["column"] == "note"


def test_an_xlsx_value_beyond_the_header_is_refused_at_its_row(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["id", "gender"])
    sheet.append(["1", "f"])
    sheet.append([])
    sheet.append(["2", "m", None, "Berlin"])
    workbook.save(tmp_path / "pool.xlsx")
    quotas = read_quotas(write(tmp_path / "q.csv", QUOTAS))
    with pytest.raises(InputError) as caught:
        read_people(tmp_path / "pool.xlsx", quotas)
    assert caught.value.code == "extra_values"
    assert (caught.value.params["line"], caught.value.params["position"]) == (4, 4)
