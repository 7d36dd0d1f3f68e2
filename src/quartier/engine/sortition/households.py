"""Who lives together: a household key from one or several address columns.

Pools and registers spell the same address differently ("Hauptstr. 5a", "Hauptstraße 5 A",
" hauptstrasse  5a "), and the address is often split over several columns (street, house
number, postcode). The household rule (at most one person per household) compares keys
built here, so people count as one household exactly when every named column agrees after
normalisation:

* Unicode NFKC, case-folded (``ß`` becomes ``ss``);
* a street suffix ``straße``/``strasse`` becomes ``str`` (so "Hauptstraße", "Hauptstr."
  and "Haupt Str" agree);
* whitespace, dots, commas, semicolons and hyphens are dropped ("5 a" is "5a",
  "Karl-Marx-Allee" is "karl marx allee").

Several columns are given as one spec with commas (``"street,house_number,postcode"``),
the same syntax the CLI takes and the audit record stores. A person whose named cells are
all empty lives alone. The same rules exist as Polars expressions for the invitation draw
on city-size registers; a test checks they agree.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Polars loads only for the invitation draw; the CLI starts faster
    import polars as pl

SPEC_SEPARATOR = ","
KEY_SEPARATOR = " | "
_PUNCTUATION = r"[.,;\-]"
_STREET = r"strasse\b"


def household_columns(spec: str | Iterable[str] | None) -> tuple[str, ...]:
    """The column names of a household spec (comma-separated text or a list of specs)."""
    if spec is None:
        return ()
    specs = [spec] if isinstance(spec, str) else list(spec)
    columns: list[str] = []
    for item in specs:
        for name in item.split(SPEC_SEPARATOR):
            if name.strip() and name.strip() not in columns:
                columns.append(name.strip())
    return tuple(columns)


def household_spec(columns: Iterable[str]) -> str:
    """The canonical spec text for columns (what the audit records)."""
    return SPEC_SEPARATOR.join(columns)


@lru_cache(maxsize=1 << 16)
def normalize_part(text: str) -> str:
    """One address cell in the normal form described in the module docstring."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(_STREET, "str", re.sub(_PUNCTUATION, " ", text))
    return "".join(text.split())


def household_key(features: Mapping[str, str], columns: tuple[str, ...]) -> str | None:
    """The normalised combination of the columns, or ``None`` when they are all empty."""
    parts = [normalize_part(features.get(column, "")) for column in columns]
    if not any(parts):
        return None
    return KEY_SEPARATOR.join(parts)


def normalized_part_expr(expr: pl.Expr) -> pl.Expr:
    """:func:`normalize_part` as a Polars expression (vectorised for large registers)."""
    casefolded = expr.fill_null("").str.normalize("NFKC").str.to_lowercase()
    # str.casefold has no Polars twin; ß is the one fold that matters in German addresses
    text = casefolded.str.replace_all("ß", "ss", literal=True).str.replace_all("ẞ", "ss")
    text = text.str.replace_all(_PUNCTUATION, " ").str.replace_all(_STREET, "str")
    return text.str.replace_all(r"\s+", "")


def household_key_expr(columns: tuple[str, ...]) -> pl.Expr:
    """:func:`household_key` as a Polars expression; ``""`` where every part is empty."""
    import polars as pl

    parts = [normalized_part_expr(pl.col(column)) for column in columns]
    joined = pl.concat_str(parts, separator=KEY_SEPARATOR)
    empty = pl.all_horizontal([part == "" for part in parts])
    return pl.when(empty).then(pl.lit("")).otherwise(joined)
