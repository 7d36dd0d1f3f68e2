"""Who may be invited: eligibility rules on register extracts, and several extracts as one.

Registration offices deliver everybody living in an area, children included. Before the
stage-one draw (:func:`quartier.engine.sortition.invite`) the extract is filtered: a
minimum age on the event date (from the date of birth, or from an age column when the
office delivers ages only), the areas taken part, and people excluded by id (e.g. those
who asked not to be contacted). Several municipalities deliver separate extracts; they
are stacked with a ``register`` column so they can be drawn together and stratified by
it. Everything is polars expressions, so a city-size extract stays fast.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import polars as pl

from quartier.engine.sortition.errors import InputError

REASON_COLUMN = "ineligible_reason"
REGISTER_COLUMN = "register"
AGE_COLUMN = "age_on_event"
AGE_BAND_COLUMN = "age_band"

# Age bands used for strata and quotas unless a process defines its own.
DEFAULT_AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("16-24", 16, 24),
    ("25-39", 25, 39),
    ("40-54", 40, 54),
    ("55-69", 55, 69),
    ("70+", 70, 200),
)


@dataclass(frozen=True)
class EligibilityRules:
    """Who may be invited. ``areas`` empty means every area; ids in ``exclude`` never."""

    reference_date: date
    min_age: int = 16
    areas: frozenset[str] = field(default_factory=frozenset)
    exclude: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class EligibilitySummary:
    """Counts for the organizer: rows read, eligible, and why the others are not."""

    rows: int
    eligible: int
    reasons: Mapping[str, int]


def age_on(birth_date: pl.Expr, reference: date) -> pl.Expr:
    """Completed years on ``reference`` (a birthday on that day counts)."""
    years = reference.year - birth_date.dt.year()
    before_birthday = (birth_date.dt.month() > reference.month) | (
        (birth_date.dt.month() == reference.month) & (birth_date.dt.day() > reference.day)
    )
    return (years - before_birthday.cast(pl.Int32)).cast(pl.Int32)


def age_band(age: pl.Expr, bands: tuple[tuple[str, int, int], ...] = DEFAULT_AGE_BANDS) -> pl.Expr:
    """The label of the band that holds ``age`` (empty below the first band)."""
    expr: Any = pl.when(pl.lit(False)).then(pl.lit(""))
    for label, low, high in bands:
        expr = expr.when((age >= low) & (age <= high)).then(pl.lit(label))
    return expr.otherwise(pl.lit(""))


def apply_eligibility(
    frame: pl.DataFrame,
    rules: EligibilityRules,
    *,
    birth_date_column: str | None = "birth_date",
    age_column: str | None = None,
    area_column: str | None = None,
    id_column: str | None = None,
    bands: tuple[tuple[str, int, int], ...] = DEFAULT_AGE_BANDS,
) -> pl.DataFrame:
    """Add the age on the event date, its band and ``ineligible_reason`` ("" when eligible).

    Reasons, in the order they are checked: ``no_age`` (neither date of birth nor age),
    ``too_young``, ``other_area``, ``excluded``. The birth-date column must already be a
    ``Date`` (the import parses it); an age column may be text or numbers.
    """
    if rules.min_age < 0:
        raise InputError(
            "bad_min_age", "the minimum age cannot be negative", value=str(rules.min_age)
        )
    if birth_date_column is None and age_column is None:
        raise InputError("no_age_column", "eligibility needs a date of birth or an age column")
    ages: list[pl.Expr] = []
    if birth_date_column is not None:
        ages.append(age_on(pl.col(birth_date_column), rules.reference_date))
    if age_column is not None:
        ages.append(pl.col(age_column).cast(pl.Int32, strict=False))
    age = pl.coalesce(ages) if len(ages) > 1 else ages[0]
    frame = frame.with_columns(age.alias(AGE_COLUMN))
    frame = frame.with_columns(age_band(pl.col(AGE_COLUMN), bands).alias(AGE_BAND_COLUMN))
    reason: Any = pl.when(pl.col(AGE_COLUMN).is_null()).then(pl.lit("no_age"))
    reason = reason.when(pl.col(AGE_COLUMN) < rules.min_age).then(pl.lit("too_young"))
    if rules.areas and area_column is not None:
        reason = reason.when(~pl.col(area_column).fill_null("").is_in(sorted(rules.areas))).then(
            pl.lit("other_area")
        )
    if rules.exclude and id_column is not None:
        reason = reason.when(pl.col(id_column).is_in(sorted(rules.exclude))).then(
            pl.lit("excluded")
        )
    return frame.with_columns(reason.otherwise(pl.lit("")).alias(REASON_COLUMN))


def summarize(frame: pl.DataFrame) -> EligibilitySummary:
    """How many rows are eligible and how many fail for each reason."""
    counts = frame.group_by(REASON_COLUMN).len()
    reasons = {str(r): int(n) for r, n in counts.iter_rows()}
    eligible = reasons.pop("", 0)
    return EligibilitySummary(rows=frame.height, eligible=eligible, reasons=reasons)


def eligible_only(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.filter(pl.col(REASON_COLUMN) == "").drop(REASON_COLUMN)


def combine_registers(registers: Mapping[str, pl.DataFrame]) -> pl.DataFrame:
    """Stack extracts (e.g. one per municipality) with a ``register`` column naming each.

    Columns missing from one extract are filled with nulls; a household key is made
    unique per register, since two offices number their households independently.
    """
    if not registers:
        raise InputError("no_registers", "there is no register extract to draw from")
    frames = []
    for name, frame in registers.items():
        frames.append(frame.with_columns(pl.lit(name).alias(REGISTER_COLUMN)))
    combined = pl.concat(frames, how="diagonal_relaxed")
    if "household" in combined.columns:
        combined = combined.with_columns(
            pl.when(pl.col("household").fill_null("") == "")
            .then(pl.lit(""))
            .otherwise(pl.concat_str([pl.col(REGISTER_COLUMN), pl.col("household")], separator=":"))
            .alias("household")
        )
    return combined


def make_up(frame: pl.DataFrame, columns: Collection[str]) -> dict[str, dict[str, int]]:
    """Counts per value of each column: the extract's make-up to set against the population."""
    out: dict[str, dict[str, int]] = {}
    for column in columns:
        counts = frame.group_by(column).len().sort(column)
        out[column] = {str(v if v is not None else ""): int(n) for v, n in counts.iter_rows()}
    return out
