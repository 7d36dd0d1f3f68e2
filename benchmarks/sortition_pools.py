"""Respondent pools shaped like real citizens' assemblies, built from Berlin statistics.

Real pools are hard because their features are correlated and their quotas are exact
(rounded population shares, min = max) or one seat wide, on 5 to 8 categories. This
module builds such pools from the Berlin resident statistics per planning area
(``../shared/data/population-berlin``, Amt für Statistik Berlin-Brandenburg,
CC BY 4.0):

1. IPF (:func:`quartier.engine.sortition.synthetic_register.fit_tables`) gives, per
   planning area, the adult table age band x sex x migration background; summing the
   areas of a district gives the joint population table district x age x sex x
   background (the correlations are the real ones).
2. Education and housing are drawn conditionally on age, background and district with
   shares close to the Berlin micro-census (more tertiary education among 27-44 year
   olds, more renting in the inner districts and among younger and foreign residents,
   more home ownership among older people in the outer districts). A seventh and eighth
   category (employment, household size) depend on age and education.
3. Respondents are sampled with a realistic response bias (older, German, highly educated
   people answer more often), so the pool is skewed against the quotas, as real pools are.
4. Quotas are the population shares times k, rounded by largest remainders so each
   category sums to k. ``exact`` sets min = max; ``one_seat`` gives a range one seat
   wide (min = floor(share k), max = min + 1); ``loose`` is +-15 % (the old, easy
   benchmark shape).

No person in these pools exists; the ids are row numbers.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from quartier.engine.sortition import Person, Quota
from quartier.engine.sortition.synthetic_register import (
    AGE_BANDS,
    DISTRICTS,
    derive_marginals,
    fit_tables,
    load_marginals,
)

ADULT_BANDS = tuple(b[0] for b in AGE_BANDS[3:])  # 18-26 .. 65+
SEXES = ("female", "male")
BACKGROUNDS = ("none", "german_mb", "foreign")
EDUCATION = ("low", "middle", "high")
HOUSING = ("rent", "social", "own")
EMPLOYMENT = ("employed", "not_employed", "retired")
HOUSEHOLD = ("alone", "couple", "family")
INNER = {"01", "02", "04", "07", "08"}  # inner-city districts: more renting, more young people

# order in which categories are added: 4 = sex, age, district, background; 5 adds
# education; 6 housing; 7 employment; 8 household size.
CATEGORY_ORDER = (
    "sex",
    "age",
    "district",
    "background",
    "education",
    "housing",
    "employment",
    "household",
)


@dataclass(frozen=True)
class Population:
    """Adult population shares over district x age x sex x background (sums to 1)."""

    districts: tuple[str, ...]
    table: np.ndarray  # districts x 5 ages x 2 sexes x 3 backgrounds


@dataclass(frozen=True)
class PoolSpec:
    name: str
    n: int
    k: int
    categories: int
    quotas: str  # "exact", "one_seat" or "loose"
    seed: int = 0


def load_population(source: Path) -> Population:
    """Fit the planning-area tables from the raw CSVs and sum them per district."""
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "marginals.json"
        derive_marginals(source, target)
        marginals = load_marginals(target)
    ids, tables = fit_tables(marginals)
    districts = tuple(sorted({i[:2] for i in ids}))
    table = np.zeros((len(districts), len(ADULT_BANDS), 2, 3))
    for area, t in zip(ids, tables, strict=True):
        table[districts.index(area[:2])] += t[3:]
    return Population(districts=districts, table=table / table.sum())


def _conditional(rng: np.random.Generator, shares: np.ndarray) -> np.ndarray:
    """One draw per row of a (rows x choices) probability matrix."""
    cumulative = np.cumsum(shares / shares.sum(axis=1, keepdims=True), axis=1)
    return np.minimum((rng.random(len(shares))[:, None] > cumulative).sum(axis=1), 2)


def _people(population: Population, count: int, rng: np.random.Generator, bias: bool) -> dict:
    """``count`` people with all eight features; ``bias`` applies the response propensity."""
    _, a, s, b = population.table.shape
    weights = population.table.copy()
    if bias:
        age_factor = np.array([0.6, 0.8, 1.0, 1.2, 1.3])
        background_factor = np.array([1.2, 0.8, 0.5])
        weights = weights * age_factor[None, :, None, None] * background_factor[None, None, None, :]
    flat = weights.ravel() / weights.sum()
    cells = rng.choice(len(flat), size=count, p=flat)
    district, rest = np.divmod(cells, a * s * b)
    age, rest = np.divmod(rest, s * b)
    sex, background = np.divmod(rest, b)
    inner = np.array([population.districts[i] in INNER for i in district])
    # education: low/middle/high by age and background (micro-census-like shares)
    high = np.array([0.35, 0.45, 0.38, 0.30, 0.22])[age] - 0.08 * (background == 2)
    low = np.array([0.25, 0.15, 0.17, 0.22, 0.35])[age] + 0.12 * (background > 0)
    if bias:  # educated people answer more often
        high = high * 1.5
        low = low * 0.7
    education = _conditional(rng, np.stack([low, 1.0 - low - high, high], axis=1).clip(0.02))
    own = np.array([0.05, 0.10, 0.18, 0.25, 0.30])[age] * np.where(inner, 0.5, 1.4)
    own = own * (1.0 + 0.5 * (education == 2)) * np.where(background == 2, 0.4, 1.0)
    social = 0.12 + 0.10 * (education == 0) + 0.06 * (background > 0) - 0.03 * inner
    housing = _conditional(rng, np.stack([1.0 - own - social, social, own], axis=1).clip(0.02))
    retired = np.array([0.0, 0.0, 0.02, 0.25, 0.92])[age]
    not_employed = (0.10 + 0.08 * (education == 0) + 0.06 * (background == 2)) * (1 - retired)
    not_employed = not_employed + np.array([0.35, 0.0, 0.0, 0.0, 0.0])[age]  # students
    employment = _conditional(
        rng, np.stack([1.0 - retired - not_employed, not_employed, retired], axis=1).clip(0.01)
    )
    alone = np.array([0.45, 0.35, 0.30, 0.35, 0.45])[age] + 0.05 * inner
    family = np.array([0.10, 0.45, 0.40, 0.12, 0.03])[age] + 0.08 * (background > 0)
    household = _conditional(rng, np.stack([alone, 1.0 - alone - family, family], 1).clip(0.02))
    return {
        "sex": np.array(SEXES)[sex],
        "age": np.array(ADULT_BANDS)[age],
        "district": np.array([DISTRICTS[population.districts[i]] for i in district]),
        "background": np.array(BACKGROUNDS)[background],
        "education": np.array(EDUCATION)[education],
        "housing": np.array(HOUSING)[housing],
        "employment": np.array(EMPLOYMENT)[employment],
        "household": np.array(HOUSEHOLD)[household],
    }


def _apportion(shares: np.ndarray, k: int) -> np.ndarray:
    """Largest remainders: integers summing to k, each the floor or ceiling of share * k."""
    target = shares / shares.sum() * k
    seats = np.floor(target).astype(np.int64)
    order = np.argsort(-(target - seats), kind="stable")[: k - int(seats.sum())]
    seats[order] += 1
    return seats


def make_pool(population: Population, spec: PoolSpec) -> tuple[list[Person], list[Quota]]:
    """A respondent pool and quotas from population shares (reference sample of 200,000)."""
    rng = np.random.default_rng(spec.seed)
    reference = _people(population, 200_000, np.random.default_rng(10_000 + spec.seed), False)
    names = CATEGORY_ORDER[: spec.categories]
    for attempt in range(50):
        pool = _people(population, spec.n, rng, True)
        quotas = []
        feasible = True
        for name in names:
            values = sorted(set(reference[name]))
            share = np.array([np.mean(reference[name] == v) for v in values])
            seats = _apportion(share, spec.k)
            for value, q in zip(values, seats, strict=True):
                have = int(np.sum(pool[name] == value))
                if spec.quotas == "exact":
                    low, high = int(q), int(q)
                elif spec.quotas == "one_seat":
                    exact = share[values.index(value)] * spec.k
                    low = int(np.floor(exact))
                    high = low + 1
                else:
                    exact = share[values.index(value)] * spec.k
                    low, high = int(exact * 0.85), int(exact * 1.15) + 1
                if have < low:
                    feasible = False
                quotas.append(Quota(name, str(value), low, high))
        if feasible or attempt == 49:
            break
    people = [
        Person(f"r{i:05d}", {name: str(pool[name][i]) for name in names}) for i in range(spec.n)
    ]
    return people, quotas


def spec_list(quick: bool) -> list[PoolSpec]:
    """The benchmark instances: the issue's hard case first, then the range of real sizes."""
    hard = PoolSpec("berlin-360-7-exact", 360, 30, 7, "exact", seed=1)
    if quick:
        return [hard, PoolSpec("berlin-120-5-exact", 120, 20, 5, "exact", seed=2)]
    return [
        hard,
        PoolSpec("berlin-70-4-exact", 70, 20, 4, "exact", seed=3),
        PoolSpec("berlin-200-5-oneseat", 200, 25, 5, "one_seat", seed=4),
        PoolSpec("berlin-360-7-oneseat", 360, 30, 7, "one_seat", seed=1),
        PoolSpec("berlin-500-6-exact", 500, 40, 6, "exact", seed=5),
        PoolSpec("berlin-800-8-exact", 800, 60, 8, "exact", seed=6),
        PoolSpec("berlin-1000-7-oneseat", 1000, 100, 7, "one_seat", seed=7),
        PoolSpec("berlin-2000-7-exact", 2000, 150, 7, "exact", seed=8),
        PoolSpec("berlin-1500-8-exact", 1500, 170, 8, "exact", seed=9),
        PoolSpec("berlin-360-7-loose", 360, 30, 7, "loose", seed=1),
    ]


if __name__ == "__main__":  # print the type counts of every instance
    import sys

    from quartier.engine.sortition import make_problem
    from quartier.engine.sortition.person_types import build_types

    source = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/data/population-berlin")
    population = load_population(source)
    for spec in spec_list(False):
        people, quotas = make_pool(population, spec)
        pool = build_types(make_problem(people, quotas, spec.k))
        print(json.dumps({"name": spec.name, "types": pool.count}))
