"""Stage one: the invitation draw, a stratified random sample from the population register.

Letters go out to a sample whose strata (e.g. district x age band x sex) match the
register proportionally, optionally oversampling strata that answer less often. The
register is scanned lazily with polars, keeping only the stratum and household columns
in memory, so a city-size file (millions of rows) fits in a few hundred megabytes.

Reproducibility: the seed drives NumPy's PCG64 bit generator, which gives every row a
uniform key; each stratum takes its rows with the smallest keys. Sizes per stratum are
``size * N_s f_s / sum(N f)`` rounded by largest remainders (Hamilton), capped at what the
stratum holds. With household columns, at most one person per household is invited:
conflicts keep the person with the smallest key and the freed places are refilled.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from quartier.engine.sortition.errors import InputError, located
from quartier.engine.sortition.households import household_columns, household_key_expr

STRATUM_SEPARATOR = "/"


@dataclass(frozen=True)
class StratumAllocation:
    stratum: str
    population: int
    factor: float
    target: int
    invited: int


@dataclass(frozen=True)
class InvitationResult:
    """The invited rows (all register columns) and the per-stratum allocation."""

    invited: pl.DataFrame
    allocation: tuple[StratumAllocation, ...]
    seed: str
    register_rows: int


def seed_to_int(seed: str | int) -> int:
    """Any text seed becomes a 128-bit integer via SHA-256 (integers are used as given)."""
    if isinstance(seed, int):
        return seed
    if seed.strip().isdigit():
        return int(seed.strip())
    return int.from_bytes(hashlib.sha256(seed.encode("utf-8")).digest()[:16], "big")


def allocate(size: int, weights: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    """Hamilton apportionment of ``size`` seats by ``weights``, never above ``capacity``."""
    targets = np.zeros(len(weights), dtype=np.int64)
    open_ = (capacity > 0) & (weights > 0)
    left = min(int(size), int(capacity.sum()))
    while left > 0 and open_.any():
        share = np.where(open_, weights, 0.0)
        exact = left * share / share.sum()
        add = np.minimum(np.floor(exact).astype(np.int64), capacity - targets)
        rest = left - int(add.sum())
        if rest > 0:
            remainder = np.where(open_ & (targets + add < capacity), exact - np.floor(exact), -1.0)
            order = np.lexsort((np.arange(len(weights)), -remainder))
            for i in order[:rest]:
                if remainder[i] < 0:
                    break
                add[i] += 1
        targets += add
        left -= int(add.sum())
        open_ &= targets < capacity
        if int(add.sum()) == 0:
            break
    return targets


def _factors(labels: list[str], oversample: Mapping[str, float]) -> np.ndarray:
    """Oversampling factor per stratum: exact label match, or any single value match."""
    factors = np.ones(len(labels))
    for key, factor in oversample.items():
        if factor <= 0:
            raise InputError(
                "bad_oversample",
                f"oversampling factor for {key!r} must be positive",
                value=str(factor),
            )
        hit = False
        for i, label in enumerate(labels):
            if label == key or key in label.split(STRATUM_SEPARATOR):
                factors[i] *= factor
                hit = True
        if not hit:
            raise InputError("unknown_stratum", f"no stratum matches {key!r}", value=key)
    return factors


def invite(
    register: Path | str,
    size: int,
    strata: Sequence[str],
    *,
    seed: str | int = 0,
    household_column: str | None = None,
    oversample: Mapping[str, float] | None = None,
) -> InvitationResult:
    """Draw ``size`` people stratified by ``strata`` from a CSV register.

    ``household_column`` names one column or several, comma-separated (street, house
    number, postcode): people share a household when the normalised combination agrees
    (:mod:`households`).
    """
    register = Path(register)
    if not register.exists():
        raise located("file_not_found", "file not found", file=register.name)
    if size < 1:
        raise InputError("bad_size", "the sample size must be at least 1", value=str(size))
    scan = pl.scan_csv(register, infer_schema=False)
    header = scan.collect_schema().names()
    by_name = {name.strip().lower(): name for name in header}

    def resolved(column: str) -> str:
        """The register's own spelling of a column (names match ignoring case)."""
        found = column if column in header else by_name.get(column.strip().lower())
        if found is None:
            raise located(
                "missing_column",
                f"the register has no column '{column}'",
                file=register.name,
                line=1,
                column=column,
            )
        return found

    strata = [resolved(column) for column in strata]
    homes_from = tuple(resolved(column) for column in household_columns(household_column))
    label = pl.concat_str([pl.col(c).fill_null("") for c in strata], separator=STRATUM_SEPARATOR)
    columns = [label.alias("stratum")]
    if homes_from:
        columns.append(household_key_expr(homes_from).alias("household"))
    frame = scan.select(columns).collect(engine="streaming")
    n = frame.height
    labels = frame["stratum"].unique().sort().to_list()
    code = frame["stratum"].cast(pl.Enum(labels)).to_physical().to_numpy().astype(np.int64)
    population = np.bincount(code, minlength=len(labels))
    house: np.ndarray | None = None
    if homes_from:
        homes = frame["household"]
        house = homes.cast(pl.Categorical).to_physical().to_numpy().astype(np.int64)
        empty = (homes == "").to_numpy()
        house = np.where(empty, house.max(initial=0) + 1 + np.arange(n), house)  # alone
    del frame
    factors = _factors(labels, oversample or {})
    seed_text = str(seed)
    keys = np.random.Generator(np.random.PCG64(seed_to_int(seed))).random(n)
    if house is None:
        capacity = population
    else:
        homes_total = int(house.max(initial=0)) + 1
        pairs = pl.Series(code * homes_total + house).unique().to_numpy()
        capacity = np.bincount(pairs // homes_total, minlength=len(labels))
    targets = allocate(size, population * factors, capacity)
    chosen = _draw(code, keys, targets, house)
    invited_count = np.bincount(code[chosen], minlength=len(labels))
    rows = np.sort(chosen)
    invited = (
        pl.scan_csv(register, infer_schema=False)
        .with_row_index("_row")
        .join(pl.LazyFrame({"_row": pl.Series(rows, dtype=pl.UInt32)}), on="_row", how="semi")
        .drop("_row")
        .collect(engine="streaming")
    )
    allocation = tuple(
        StratumAllocation(
            labels[i], int(population[i]), float(factors[i]), int(targets[i]), int(invited_count[i])
        )
        for i in range(len(labels))
    )
    return InvitationResult(invited=invited, allocation=allocation, seed=seed_text, register_rows=n)


def _draw(
    code: np.ndarray, keys: np.ndarray, targets: np.ndarray, house: np.ndarray | None
) -> np.ndarray:
    """Rows with the smallest keys per stratum; with households, refill after conflicts."""
    order = np.lexsort((keys, code))
    if house is None:
        sorted_code = code[order]
        starts = np.searchsorted(sorted_code, np.arange(len(targets)))
        rank = np.arange(len(order)) - starts[sorted_code]
        return np.asarray(order[rank < targets[sorted_code]])
    available = np.ones(len(code), dtype=bool)
    need = targets.copy()
    picked: list[np.ndarray] = []
    blocked = np.zeros(int(house.max(initial=0)) + 1, dtype=bool)
    while need.sum() > 0:
        candidates = order[available[order]]
        sorted_code = code[candidates]
        starts = np.searchsorted(sorted_code, np.arange(len(targets)))
        rank = np.arange(len(candidates)) - starts[sorted_code]
        round_ = candidates[rank < need[sorted_code]]
        if len(round_) == 0:
            break
        round_ = round_[np.argsort(keys[round_], kind="stable")]
        _, first = np.unique(house[round_], return_index=True)
        winners = round_[np.sort(first)]
        picked.append(winners)
        need -= np.bincount(code[winners], minlength=len(targets))
        blocked[house[winners]] = True
        available &= ~blocked[house]
    return np.concatenate(picked) if picked else np.zeros(0, dtype=np.int64)
