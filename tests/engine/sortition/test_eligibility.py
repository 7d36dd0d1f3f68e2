"""Eligibility on register extracts: age on the event date, areas, exclusions, several registers."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from quartier.engine.sortition import invite
from quartier.engine.sortition.eligibility import (
    EligibilityRules,
    apply_eligibility,
    combine_registers,
    eligible_only,
    make_up,
    summarize,
)
from quartier.engine.sortition.errors import InputError

EVENT = date(2026, 10, 22)


def _frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "id": ["a", "b", "c", "d", "e", "f"],
            "birth_date": [
                date(2010, 10, 22),  # 16 on the event day itself
                date(2010, 10, 23),  # 16 one day later: too young
                date(1950, 1, 1),
                None,
                date(1980, 5, 5),
                date(1990, 2, 2),
            ],
            "area": ["Nord", "Nord", "Süd", "Nord", "West", "Nord"],
        }
    )


def test_a_person_whose_birthday_is_the_event_day_is_old_enough():
    frame = apply_eligibility(_frame(), EligibilityRules(reference_date=EVENT))
    reasons = dict(zip(frame["id"], frame["ineligible_reason"], strict=True))
    assert reasons["a"] == ""
    assert reasons["b"] == "too_young"
    assert frame.filter(pl.col("id") == "a")["age_on_event"][0] == 16


def test_it_reports_missing_ages_other_areas_and_exclusions():
    rules = EligibilityRules(
        reference_date=EVENT, areas=frozenset({"Nord", "Süd"}), exclude=frozenset({"f"})
    )
    frame = apply_eligibility(_frame(), rules, area_column="area", id_column="id")
    summary = summarize(frame)
    assert summary.rows == 6
    assert summary.eligible == 2  # a and c
    assert dict(summary.reasons) == {"too_young": 1, "no_age": 1, "other_area": 1, "excluded": 1}
    assert eligible_only(frame)["id"].to_list() == ["a", "c"]


def test_an_age_column_is_used_when_the_office_delivers_no_birth_dates():
    frame = pl.DataFrame({"id": ["x", "y"], "age": ["15", "40"]})
    out = apply_eligibility(
        frame, EligibilityRules(reference_date=EVENT), birth_date_column=None, age_column="age"
    )
    assert out["ineligible_reason"].to_list() == ["too_young", ""]
    assert out["age_band"].to_list() == ["", "40-54"]


def test_it_refuses_rules_without_any_age():
    with pytest.raises(InputError) as error:
        apply_eligibility(_frame(), EligibilityRules(reference_date=EVENT), birth_date_column=None)
    assert error.value.code == "no_age_column"


def test_several_registers_keep_their_households_apart():
    one = pl.DataFrame({"id": ["1", "2"], "household": ["H1", "H1"]})
    two = pl.DataFrame({"id": ["3"], "household": ["H1"], "extra": ["x"]})
    combined = combine_registers({"Elsenfeld": one, "Erlenbach": two})
    assert combined["register"].to_list() == ["Elsenfeld", "Elsenfeld", "Erlenbach"]
    assert combined["household"].n_unique() == 2
    assert combined["extra"].to_list() == [None, None, "x"]
    assert make_up(combined, ["register"]) == {"register": {"Elsenfeld": 2, "Erlenbach": 1}}


def test_the_invitation_draw_never_invites_ineligible_children(tmp_path):
    births = [date(2015, 1, 1)] * 50 + [date(1970, 1, 1)] * 50
    frame = pl.DataFrame(
        {"id": [str(i) for i in range(100)], "birth_date": births, "sex": ["f", "m"] * 50}
    )
    eligible = eligible_only(apply_eligibility(frame, EligibilityRules(reference_date=EVENT)))
    path = tmp_path / "eligible.csv"
    eligible.write_csv(path)
    result = invite(path, 20, ["sex"], seed="42")
    assert result.invited.height == 20
    assert set(result.invited["age_on_event"].cast(int).to_list()) == {56}
