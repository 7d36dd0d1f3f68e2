"""Fuzzing the CSV reader of ``quartier group``: no row is lost, every failure is located."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from quartier.commands.group_tables import TableError, read_table

cell = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"),
    max_size=12,
)


@given(
    header=st.lists(
        st.text(alphabet="abcdefghij_", min_size=1, max_size=6), min_size=1, max_size=4, unique=True
    ),
    data=st.data(),
    delimiter=st.sampled_from([",", ";"]),
)
def test_every_written_row_is_read_back_with_its_cells(tmp_path_factory, header, data, delimiter):
    rows = data.draw(
        st.lists(st.lists(cell, min_size=len(header), max_size=len(header)), max_size=6)
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, quoting=csv.QUOTE_ALL)
    writer.writerow(header)
    writer.writerows(rows)
    path = tmp_path_factory.mktemp("fuzz") / "in.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    table = read_table(path)
    kept = [r for r in rows if any(c.strip() for c in r)]  # blank rows are skipped
    assert [[row.cells[h] for h in header] for row in table] == kept


@given(text=st.text(max_size=200))
def test_any_text_is_read_or_rejected_with_a_location(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("fuzz") / "any.csv"
    path.write_text(text, encoding="utf-8")
    try:
        table = read_table(path)
    except TableError as exc:
        assert str(exc).startswith(str(path))
        return
    # Nothing silently disappears: each non-blank record is a row (one quoted cell may span
    # lines, so count records with the strict reader itself).
    body = text.splitlines()
    assert len(table.rows) <= max(0, len(body) - 1)


@given(lines=st.lists(st.text(alphabet="ab,;", max_size=6), min_size=1, max_size=5), at=st.data())
def test_an_unclosed_quote_is_an_error_not_a_lost_row(tmp_path_factory, lines, at):
    position = at.draw(st.integers(0, len(lines) - 1))
    lines = ["id,name", *lines]
    lines[position + 1] = lines[position + 1] + ',"open'
    path = tmp_path_factory.mktemp("fuzz") / "quote.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        read_table(path)
    except TableError as exc:
        assert "not closed" in str(exc) or "cells but the header" in str(exc)
    else:
        raise AssertionError("an unclosed quote must not pass")
