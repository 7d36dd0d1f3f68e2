"""The extract's make-up against shipped official figures per age band and sex."""

from __future__ import annotations

import csv

import polars as pl
import pytest

from quartier.core.errors import DomainError
from tests.lottery.conftest import import_extract

pytestmark = pytest.mark.django_db

MITTE = "berlin-2023-12:01"


def _choose_figures(world, town, key):
    from quartier.lottery.services.setup import municipality_save

    municipality = world.towns[town]
    return municipality_save(
        lottery=world.lottery,
        actor=world.organizer,
        municipality=municipality,
        name=municipality.name,
        signer_name=municipality.signer_name,
        figures_key=key,
    )


def test_the_shipped_figures_are_the_berlin_districts_with_adult_bands():
    from quartier.lottery.population_figures import DATA, available

    figures = available()
    assert len(figures) == 12
    mitte = figures[MITTE]
    assert mitte.area == "Mitte"
    with (DATA / "berlin-districts-2023-12.csv").open(encoding="utf-8") as handle:
        first = next(csv.DictReader(handle))
    assert mitte.inhabitants == int(first["inhabitants"])
    assert mitte.bands["65+"] == int(first["65+"])
    assert sum(mitte.bands.values()) < mitte.inhabitants  # children are not in the bands


def test_the_comparison_counts_eligible_adults_per_band_against_the_statistic(
    lottery_world, extract_csv
):
    from quartier.lottery.comparison import make_up_comparisons
    from quartier.lottery.population_figures import available
    from quartier.lottery.services.extracts import extract_eligible_frame

    _choose_figures(lottery_world, "Elsenfeld", MITTE)
    extract = import_extract(lottery_world, extract_csv(400, seed=3), "Elsenfeld")
    import_extract(
        lottery_world, extract_csv(100, seed=4, town="Erlenbach", postcode="63906"), "Erlenbach"
    )
    comparisons = make_up_comparisons(lottery_world.lottery)
    assert [(c.municipality, c.category) for c in comparisons] == [
        ("Elsenfeld", "age_band"),
        ("Elsenfeld", "sex"),
    ]  # Erlenbach has no figures chosen
    ages, sexes = comparisons
    eligible = extract_eligible_frame(extract)
    adults = eligible.filter(pl.col("age_on_event") >= 18)
    assert sum(row.extract for row in ages.rows) == adults.height
    expected = adults.filter(pl.col("age_on_event").is_between(27, 44)).height
    assert next(r for r in ages.rows if r.label == "27-44").extract == expected
    mitte = available()[MITTE]
    assert [r.official for r in ages.rows] == list(mitte.bands.values())
    assert sum(r.official_share for r in ages.rows) == pytest.approx(1.0)
    women = sexes.rows[0]
    assert women.extract == eligible.filter(pl.col("sex") == "female").height
    assert women.official == mitte.female
    assert women.difference_points == round(
        100 * (women.extract / eligible.height - mitte.female / mitte.inhabitants), 1
    )


def test_the_register_page_shows_the_comparison_as_chart_and_table(
    client, lottery_world, extract_csv
):
    _choose_figures(lottery_world, "Elsenfeld", MITTE)
    import_extract(lottery_world, extract_csv(200, seed=5), "Elsenfeld")
    client.force_login(lottery_world.organizer)
    world = lottery_world
    url = (
        f"/o/{world.organisation.slug}/p/{world.process.slug}/lottery/{world.lottery.pk}/register/"
    )
    html = client.get(url).content.decode()
    assert "Zusammensetzung im Vergleich zur amtlichen Statistik" in html
    assert html.count('role="img"') == 2
    assert "<caption>Elsenfeld: Erwachsene nach Altersgruppe</caption>" in html
    assert "Mitte (Berlin, 31.12.2023)" in html


def test_unknown_figures_are_refused(lottery_world):
    with pytest.raises(DomainError) as error:
        _choose_figures(lottery_world, "Elsenfeld", "berlin-2023-12:99")
    assert error.value.code == "unknown_figures"
    assert _choose_figures(lottery_world, "Elsenfeld", "").official_figures == {}
