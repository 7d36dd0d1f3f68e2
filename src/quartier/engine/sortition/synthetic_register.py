"""A realistic but entirely fake Berlin population register for demos and benchmarks.

Real registers hold personal data we must never ship, so we generate one. The shape
comes from the Berlin resident statistics per planning area (LOR, 542 areas, Amt für
Statistik Berlin-Brandenburg, CC BY 4.0): age bands, female count, German/foreign
citizenship and migration background, migration background by age and sex. IPF turns
those margins into an age band x sex x background table per area, people are sampled
from it, grouped into households, and given obviously invented names and addresses
("Musterstraße"). The aggregated margins are shipped in ``data/berlin_marginals.json``
so this works without the source files.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from quartier.engine.sortition.ipf import Margin, fit

AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("0-5", 0, 5),
    ("6-14", 6, 14),
    ("15-17", 15, 17),
    ("18-26", 18, 26),
    ("27-44", 27, 44),
    ("45-54", 45, 54),
    ("55-64", 55, 64),
    ("65+", 65, 99),
)
AGE_SOURCE = ("below_6", "6_15", "15_18", "18_27", "27_45", "45_55", "55_65", "above_65")
SEXES = ("female", "male")
BACKGROUNDS = ("german_without_migration_background", "german_with_migration_background", "foreign")
DISTRICTS = {
    "01": "Mitte",
    "02": "Friedrichshain-Kreuzberg",
    "03": "Pankow",
    "04": "Charlottenburg-Wilmersdorf",
    "05": "Spandau",
    "06": "Steglitz-Zehlendorf",
    "07": "Tempelhof-Schöneberg",
    "08": "Neukölln",
    "09": "Treptow-Köpenick",
    "10": "Marzahn-Hellersdorf",
    "11": "Lichtenberg",
    "12": "Reinickendorf",
}
SURNAMES = (
    "Musterfrau",
    "Mustermann",
    "Beispielhuber",
    "Probstmeier-Fiktiv",
    "Testowski",
    "Erfunden",
    "Platzhalter",
    "Dummyroth",
    "Lorembach",
    "Ipsumski",
    "Fiktivić",
    "Demoglu",
    "Scheinberg",
    "Nichtecht",
    "Modellmann",
    "Stichprobe",
    "Zufallsrieder",
    "Losfeld",
    "Synthemann",
    "Mockridge",
    "Attrappe",
    "Fakeström",
    "Kunstname",
    "Vorlagner",
    "Schablonski",
    "Dublettová",
    "Probewitz",
    "Simulanti",
    "Exempelaar",
    "Nirgendwo",
)
FIRST_NAMES = {
    "female": (
        "Erika",
        "Lisa",
        "Anna",
        "Mia",
        "Fatma",
        "Olga",
        "Maria",
        "Sofia",
        "Leyla",
        "Hanna",
        "Ewa",
        "Amira",
        "Jule",
        "Ida",
        "Nguyen Thi",
    ),
    "male": (
        "Max",
        "Otto",
        "Paul",
        "Ali",
        "Jan",
        "Mehmet",
        "Lukas",
        "Piotr",
        "Omar",
        "Felix",
        "Noah",
        "Ivan",
        "Karl",
        "Emil",
        "Minh",
    ),
}
STREETS = (
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
)
# share of adults living alone / in 2 / in 3 adult households (Berlin: about half of
# households are single-person households)
ADULT_HOUSEHOLD_SIZES = (1, 2, 3)
ADULT_HOUSEHOLD_SHARES = (0.55, 0.38, 0.07)
MARGINALS_FILE = "berlin_marginals.json"
ATTRIBUTION = (
    "Derived from Einwohnerregister Berlin, 31.12.2023, Amt für Statistik Berlin-Brandenburg, "
    "CC BY 4.0 (via open-data-product-berlin-lor-population-source-aligned)"
)


@dataclass(frozen=True)
class RegisterSummary:
    path: Path
    rows: int
    households: int


def derive_marginals(source: Path, target: Path) -> None:
    """Aggregate the three planning-area CSVs into the small JSON shipped with the package."""
    t1 = pl.read_csv(source / "2024-02-t1-planning-areas.csv", schema_overrides={"id": pl.Utf8})
    t2 = pl.read_csv(source / "2024-02-t2-planning-areas.csv", schema_overrides={"id": pl.Utf8})
    t3 = pl.read_csv(source / "2024-02-t3-planning-areas.csv", schema_overrides={"id": pl.Utf8})
    columns = [
        "id",
        "inhabitants",
        "female",
        "germans_without_mb",
        "germans_with_mb",
        "foreigners",
        *(f"age_{a}" for a in AGE_SOURCE),
        *(f"mb_age_{a}" for a in AGE_SOURCE),
        "mb_female",
    ]
    joined = t1.join(t2, on="id", suffix="_t2").join(t3, on="id", suffix="_t3").sort("id")
    rows = []
    for r in joined.iter_rows(named=True):
        rows.append(
            [
                r["id"],
                r["inhabitants"],
                r["inhabitants_female"],
                r["inhabitants_germans_without_migration_background"],
                r["inhabitants_germans_with_migration_background"],
                r["inhabitants_foreigners"],
                *(r[f"inhabitants_age_{a}"] for a in AGE_SOURCE),
                *(r[f"inhabitants_with_migration_background_age_{a}"] for a in AGE_SOURCE),
                r["inhabitants_with_migration_background_female"],
            ]
        )
    payload = {"attribution": ATTRIBUTION, "columns": columns, "rows": rows}
    target.write_text(json.dumps(payload, separators=(",", ":")) + "\n", encoding="utf-8")


def load_marginals(path: Path | None = None) -> dict[str, Any]:
    if path is None:
        text = (
            resources.files("quartier.engine.sortition")
            .joinpath("data", MARGINALS_FILE)
            .read_text(encoding="utf-8")
        )
    else:
        text = path.read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def fit_tables(marginals: dict[str, Any]) -> tuple[list[str], np.ndarray]:
    """Per planning area, the IPF table age band x sex x background (shape areas,8,2,3)."""
    columns = marginals["columns"]
    ids = [str(r[0]) for r in marginals["rows"]]
    values = np.array([[float(v or 0) for v in r[1:]] for r in marginals["rows"]])
    col = {name: i for i, name in enumerate(columns[1:])}
    areas = len(ids)
    total = values[:, col["inhabitants"]]
    female = values[:, col["female"]]
    background = np.stack(
        [
            values[:, col["germans_without_mb"]],
            values[:, col["germans_with_mb"]],
            values[:, col["foreigners"]],
        ],
        axis=1,
    )
    ages = np.stack([values[:, col[f"age_{a}"]] for a in AGE_SOURCE], axis=1)
    mb_ages = np.minimum(
        np.stack([values[:, col[f"mb_age_{a}"]] for a in AGE_SOURCE], axis=1), ages
    )
    mb_female = np.minimum(values[:, col["mb_female"]], female)
    # make the margins consistent with the area total (published counts are rounded)
    scale = np.where(background.sum(1) > 0, total / np.maximum(background.sum(1), 1), 0)
    background = background * scale[:, None]
    age_scale = np.where(ages.sum(1) > 0, total / np.maximum(ages.sum(1), 1), 0)
    ages = ages * age_scale[:, None]
    mb_ages = mb_ages * age_scale[:, None]
    mb_total = background[:, 1] + background[:, 2]
    mb_scale = np.where(mb_ages.sum(1) > 0, mb_total / np.maximum(mb_ages.sum(1), 1e-9), 0)
    mb_ages = np.minimum(mb_ages * mb_scale[:, None], ages)
    age_flag = np.stack([ages - mb_ages, mb_ages], axis=2)  # areas x age x flag
    mb_female = np.minimum(mb_female, mb_total)
    sex_flag = np.stack(
        [
            np.stack([female - mb_female, mb_female], 1),
            np.stack([total - female - (mb_total - mb_female), mb_total - mb_female], 1),
        ],
        axis=1,
    )  # areas x sex x flag
    sex_flag = np.clip(sex_flag, 0, None)
    seed = np.ones((areas, len(AGE_BANDS), 2, 3))
    # background 0 = no migration background; 1 and 2 both have one
    flag_of = np.array([0, 1, 1])
    expand = np.zeros((3, 2))
    expand[np.arange(3), flag_of] = 1.0

    # IPF on (area, age, sex, background) with margins over flag = background grouping
    def by_flag(axes_target: np.ndarray, axes: tuple[int, ...]) -> Margin:
        return Margin(axes, axes_target)

    table = seed
    for _ in range(60):
        # age x flag
        current = table.sum(axis=2) @ expand  # areas x age x flag
        factor = np.where(current > 0, age_flag / np.maximum(current, 1e-12), 0.0)
        table = table * (factor @ expand.T)[:, :, None, :]
        current = table.sum(axis=1) @ expand  # areas x sex x flag
        factor = np.where(current > 0, sex_flag / np.maximum(current, 1e-12), 0.0)
        table = table * (factor @ expand.T)[:, None, :, :]
        table = fit(table, [by_flag(background, (3,))], iterations=1)
    return ids, table


def synthesize_register(
    out: Path | str,
    size: int | None = None,
    *,
    seed: int = 0,
    marginals: Path | None = None,
) -> RegisterSummary:
    """Write a CSV register of ``size`` fake residents (default: Berlin's real total)."""
    out = Path(out)
    data = load_marginals(marginals)
    ids, tables = fit_tables(data)
    rng = np.random.default_rng(seed)
    totals = tables.sum(axis=(1, 2, 3))
    target = round(float(totals.sum())) if size is None else int(size)
    share = totals / totals.sum()
    per_area = np.floor(share * target).astype(np.int64)
    rest = target - int(per_area.sum())
    if rest > 0:
        order = np.argsort(-(share * target - per_area), kind="stable")[:rest]
        per_area[order] += 1
    cells = len(AGE_BANDS) * 2 * 3
    area_idx, cell_idx = [], []
    for a in range(len(ids)):
        if per_area[a] == 0:
            continue
        p = tables[a].reshape(cells)
        counts = rng.multinomial(int(per_area[a]), p / p.sum())
        area_idx.append(np.full(int(per_area[a]), a, dtype=np.int32))
        cell_idx.append(np.repeat(np.arange(cells, dtype=np.int32), counts))
    area = np.concatenate(area_idx) if area_idx else np.zeros(0, dtype=np.int32)
    cell = np.concatenate(cell_idx) if cell_idx else np.zeros(0, dtype=np.int32)
    n = len(area)
    band, rem = np.divmod(cell, 6)
    sex, background = np.divmod(rem, 3)
    low = np.array([b[1] for b in AGE_BANDS])[band]
    high = np.array([b[2] for b in AGE_BANDS])[band]
    age = low + np.floor(
        rng.random(n) ** np.where(band == len(AGE_BANDS) - 1, 1.6, 1.0) * (high - low + 1)
    ).astype(np.int64)
    household = _households(area, age, rng)
    homes = int(household.max()) + 1 if n else 0
    surname = rng.integers(0, len(SURNAMES), max(homes, 1))[household]
    female_name = rng.integers(0, len(FIRST_NAMES["female"]), n)
    male_name = rng.integers(0, len(FIRST_NAMES["male"]), n) + len(FIRST_NAMES["female"])
    first = np.where(sex == 0, female_name, male_name)
    street = rng.integers(0, len(STREETS), max(homes, 1))[household]
    number = rng.integers(1, 200, max(homes, 1))[household]
    district_names = [DISTRICTS.get(i[:2], i[:2]) for i in ids]

    def pick(choices: list[str] | tuple[str, ...], index: np.ndarray) -> pl.Series:
        """Strings by index without materialising millions of Python strings."""
        return pl.Series(list(choices), dtype=pl.Utf8).gather(pl.Series(index, dtype=pl.UInt32))

    number_series = pl.Series(np.arange(1, n + 1, dtype=np.int64)).cast(pl.Utf8)
    frame = pl.DataFrame(
        {
            "person_id": number_series.str.zfill(8).str.replace("^", "P"),
            "first_name": pick((*FIRST_NAMES["female"], *FIRST_NAMES["male"]), first),
            "last_name": pick(SURNAMES, surname),
            "sex": pick(SEXES, sex),
            "age": age,
            "age_band": pick([b[0] for b in AGE_BANDS], band),
            "background": pick(BACKGROUNDS, background),
            "district": pick(district_names, area),
            "planning_area": pick(ids, area),
            "street": pick(STREETS, street),
            "house_number": number,
            "household_id": pl.Series(household).cast(pl.Utf8).str.zfill(8).str.replace("^", "H"),
        }
    )
    frame.write_csv(out)
    return RegisterSummary(path=out, rows=n, households=int(homes))


def _households(area: np.ndarray, age: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Household ids: adults in households of 1-3, minors joined to multi-adult homes."""
    n = len(area)
    household = np.zeros(n, dtype=np.int64)
    next_id = 0
    order = np.argsort(area, kind="stable")
    bounds = np.flatnonzero(np.diff(area[order])) + 1
    for group in np.split(order, bounds):
        if len(group) == 0:
            continue
        adults = group[age[group] >= 18]
        minors = group[age[group] < 18]
        adults = adults[rng.permutation(len(adults))]
        sizes = rng.choice(ADULT_HOUSEHOLD_SIZES, size=len(adults) + 1, p=ADULT_HOUSEHOLD_SHARES)
        ends = np.cumsum(sizes)
        count = int(np.searchsorted(ends, len(adults), side="left")) + 1 if len(adults) else 0
        local = np.searchsorted(ends, np.arange(len(adults)), side="right")
        household[adults] = next_id + local
        if len(minors):
            if count == 0:
                household[minors] = next_id
                count = 1
            else:
                family = np.flatnonzero(sizes[:count] >= 2)
                if len(family) == 0:
                    family = np.arange(count)
                household[minors] = next_id + family[rng.integers(0, len(family), len(minors))]
        next_id += max(count, 1)
    # renumber densely in order of first appearance
    _, dense = np.unique(household, return_inverse=True)
    return np.asarray(dense, dtype=np.int64)
