"""Households from several address columns, normalised, in `select`, `verify` and `invite`."""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quartier.cli import main
from quartier.engine.sortition import Person, Quota, make_problem
from quartier.engine.sortition.households import (
    household_columns,
    household_key,
    household_key_expr,
    normalize_part,
)
from quartier.engine.sortition.invitation import invite


def test_spellings_of_one_address_give_one_key() -> None:
    spellings = ["Hauptstraße 5a", " hauptstrasse  5 A ", "Hauptstr. 5a", "HAUPTSTR 5A"]
    assert {normalize_part(text) for text in spellings} == {"hauptstr5a"}
    assert normalize_part("Berliner Straße 12") == normalize_part("Berliner Str. 12")
    assert normalize_part("Karl-Marx-Allee 3") == normalize_part("karl marx allee 3")
    assert normalize_part("Hauptstr. 5") != normalize_part("Hauptstr. 15")


def test_a_household_needs_every_column_to_agree() -> None:
    columns = household_columns("street, number,postcode")
    assert columns == ("street", "number", "postcode")
    home = {"street": "Hauptstr.", "number": "5", "postcode": "10115"}
    same = {"street": "HAUPTSTRASSE", "number": " 5 ", "postcode": "10115"}
    other_town = {"street": "Hauptstr.", "number": "5", "postcode": "12043"}
    assert household_key(home, columns) == household_key(same, columns)
    assert household_key(home, columns) != household_key(other_town, columns)
    assert household_key({"street": " ", "number": "", "postcode": ""}, columns) is None


def test_repeated_household_options_combine_their_columns() -> None:
    assert household_columns(["street,number", "postcode", "street"]) == (
        "street",
        "number",
        "postcode",
    )


address_text = st.text(
    alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyzäöüßABCDÄÖÜSTR0123456789 .,-;")),
    max_size=25,
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(address_text, address_text), min_size=1, max_size=12))
def test_the_polars_keys_of_the_invitation_draw_equal_the_python_keys(
    rows: list[tuple[str, str]],
) -> None:
    frame = pl.DataFrame({"street": [r[0] for r in rows], "postcode": [r[1] for r in rows]})
    columns = ("street", "postcode")
    vectorised = frame.select(household_key_expr(columns).alias("key"))["key"].to_list()
    expected = [household_key({"street": s, "postcode": p}, columns) or "" for s, p in rows]
    assert vectorised == expected


def test_the_problem_keeps_one_person_per_normalised_household() -> None:
    people = [
        Person("a", {"g": "x", "street": "Hauptstraße 5a", "zip": "10115"}),
        Person("b", {"g": "x", "street": "hauptstr. 5 A", "zip": "10115"}),
        Person("c", {"g": "x", "street": "Hauptstraße 5a", "zip": "12043"}),
    ]
    problem = make_problem(people, [Quota("g", "x", 0, 2)], 2, household_column="street,zip")
    keys = [problem.household_of(p) for p in people]
    assert keys[0] == keys[1] != keys[2]


def _pool_with_addresses(tmp_path: Path) -> tuple[Path, Path]:
    quotas = tmp_path / "quotas.csv"
    quotas.write_text("feature,value,min,max\ngender,f,2,3\ngender,m,2,3\n", encoding="utf-8")
    people = tmp_path / "people.csv"
    rows = ["id,gender,Street,House Number,postcode"]
    spellings = ["Lindenstraße", "lindenstr.", "LINDENSTRASSE", "Linden Str"]
    for i in range(12):
        # pairs of flatmates: same address, different spelling; same street in two postcodes
        home = i // 2
        street = spellings[i % 4]
        number = f"{home + 1}{' a' if i % 2 else 'A'}"
        rows.append(f"p{i},{'fm'[i % 2]},{street},{number},{10115 + home % 2}")
    people.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return people, quotas


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize(
    "option",
    [
        ["--households", "street,house number,POSTCODE"],
        ["--households", "Street", "--households", "House Number,postcode"],
    ],
)
def test_select_never_seats_two_flatmates_and_verify_confirms(
    tmp_path: Path, option: list[str]
) -> None:
    people, quotas = _pool_with_addresses(tmp_path)
    for seed in ("1", "2", "3"):
        out = tmp_path / f"out{seed}"
        args = ["sortition", "select", "--people", str(people), "--quotas", str(quotas)]
        code = main(
            [
                *args,
                "--panel-size",
                "5",
                "--seed",
                seed,
                "--panels",
                "50",
                *option,
                "--out",
                str(out),
            ]
        )
        assert code == 0
        selected = _read(out / "selected.csv")
        homes = [int(row["id"][1:]) // 2 for row in selected]
        assert len(set(homes)) == 5, selected
        verify = ["sortition", "verify", "--audit", str(out / "audit.json")]
        assert main([*verify, "--people", str(people), "--quotas", str(quotas)]) == 0


def test_select_names_a_household_column_that_is_not_in_the_pool(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    people, quotas = _pool_with_addresses(tmp_path)
    code = main(
        [
            "sortition",
            "select",
            "--people",
            str(people),
            "--quotas",
            str(quotas),
            "--panel-size",
            "5",
            "--households",
            "street,flat",
            "--out",
            str(tmp_path / "out"),
        ]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert "people.csv" in err and "flat" in err


def test_invite_keeps_one_invitation_per_normalised_household(tmp_path: Path) -> None:
    register = tmp_path / "register.csv"
    rows = ["district,street,number,postcode"]
    for i in range(60):
        home = i // 3  # three residents per address, spelled three ways
        street = ["Am Markt", "am markt", "AM  MARKT"][i % 3]
        rows.append(f"d{home % 2},{street},{home}{['a', ' A', 'a'][i % 3]},{10000 + home}")
    register.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "invited.csv"
    code = main(
        [
            "sortition",
            "invite",
            "--register",
            str(register),
            "--size",
            "20",
            "--strata",
            "District",
            "--households",
            "Street,number",
            "--households",
            "postcode",
            "--seed",
            "9",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    invited = _read(out)
    assert len(invited) == 20
    assert len({row["postcode"] for row in invited}) == 20
    result = invite(register, 30, ["district"], seed=9, household_column="street,number,postcode")
    assert result.invited.height == 20  # only 20 households exist
