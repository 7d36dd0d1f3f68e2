"""Stage one: stratified invitation samples and the synthetic Berlin register."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest

from quartier.engine.sortition import InputError, invite, synthesize_register
from quartier.engine.sortition.invitation import allocate
from quartier.engine.sortition.synthetic_register import fit_tables, load_marginals


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("register") / "register.csv"
    synthesize_register(path, 20_000, seed=3)
    return path


def test_the_synthetic_register_uses_obviously_fake_names_and_streets(register: Path) -> None:
    frame = pl.read_csv(register)
    assert frame.height == 20_000
    assert set(frame["street"].unique()) <= {
        "Musterstraße",
        "Beispielweg",
        "Probeallee",
        "Platzhalterplatz",
        "Erfundene Gasse",
        "Testdamm",
        "Fiktivufer",
        "Demoring",
        "Attrappenstraße",
        "Loremzeile",
    }
    assert frame["household_id"].n_unique() < frame.height
    assert frame["district"].n_unique() == 12


def test_the_synthetic_register_follows_the_berlin_margins(register: Path) -> None:
    frame = pl.read_csv(register)
    female = (frame["sex"] == "female").mean()
    assert female is not None and 0.48 < female < 0.53
    foreign = (frame["background"] == "foreign").mean()
    assert foreign is not None and 0.22 < foreign < 0.28


def test_ipf_tables_reproduce_the_published_totals() -> None:
    data = load_marginals()
    _, tables = fit_tables(data)
    total = sum(row[1] for row in data["rows"])
    assert abs(tables.sum() - total) / total < 1e-6


def test_the_same_seed_invites_the_same_people(register: Path) -> None:
    a = invite(register, 500, ["district", "age_band"], seed="2026")
    b = invite(register, 500, ["district", "age_band"], seed="2026")
    c = invite(register, 500, ["district", "age_band"], seed="2027")
    assert a.invited["person_id"].to_list() == b.invited["person_id"].to_list()
    assert a.invited["person_id"].to_list() != c.invited["person_id"].to_list()


def test_invitations_are_proportional_to_the_strata(register: Path) -> None:
    result = invite(register, 1000, ["district", "sex"], seed=1)
    assert result.invited.height == 1000
    for stratum in result.allocation:
        expected = 1000 * stratum.population / result.register_rows
        assert abs(stratum.target - expected) < 1
        assert stratum.invited == stratum.target


def test_oversampling_raises_a_stratum_share(register: Path) -> None:
    plain = invite(register, 1000, ["district"], seed=1)
    boosted = invite(register, 1000, ["district"], seed=1, oversample={"Spandau": 2.0})
    share = {s.stratum: s.invited for s in plain.allocation}
    share_boosted = {s.stratum: s.invited for s in boosted.allocation}
    assert share_boosted["Spandau"] > 1.8 * share["Spandau"]


def test_at_most_one_person_per_household_is_invited(register: Path) -> None:
    result = invite(
        register, 2000, ["district", "age_band"], seed=4, household_column="household_id"
    )
    assert result.invited.height == 2000
    assert result.invited["household_id"].n_unique() == 2000


def test_it_rejects_an_unknown_stratum_column(register: Path) -> None:
    with pytest.raises(InputError) as caught:
        invite(register, 10, ["bezirk"])
    assert caught.value.code == "missing_column"


def test_allocation_never_exceeds_a_stratum() -> None:
    targets = allocate(10, np.array([1.0, 1.0, 8.0]), np.array([5, 5, 2]))
    assert targets.tolist() == [4, 4, 2] or targets.sum() == 10
    assert all(targets <= np.array([5, 5, 2]))
