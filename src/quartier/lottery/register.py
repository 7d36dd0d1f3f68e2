"""Reading register extracts as registration offices deliver them: CSV or XLSX, any
encoding and delimiter, columns named however the office names them.

Plain functions over files and polars frames (no database): the upload reads only the
head for the mapping step; the import (a background task for big files) streams the
file in batches, reports progress, validates every row and names line and column of
each problem. Files written by German Excel are usually Windows-1252 with ``;``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
from charset_normalizer import from_bytes
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from quartier.core.errors import DomainError

DELIMITERS = ";,\t|"
SAMPLE_BYTES = 256 * 1024
BATCH_ROWS = 100_000
MAX_ERRORS_KEPT = 200


class ExtractError(DomainError):
    code = "extract"


@dataclass(frozen=True)
class Field:
    key: str
    label: str | Promise
    required: bool
    guesses: tuple[str, ...]


FIELDS: tuple[Field, ...] = (
    Field(
        "family_name",
        _("Family name"),
        True,
        ("familienname", "nachname", "name", "surname", "last_name", "family_name"),
    ),
    Field("given_name", _("Given name"), True, ("vorname", "vornamen", "first_name", "given_name")),
    Field("street", _("Street"), True, ("straße", "strasse", "str", "street", "anschrift")),
    Field(
        "house_number",
        _("House number"),
        False,
        ("hausnummer", "hausnr", "hnr", "house_number", "nr"),
    ),
    Field("postcode", _("Postcode"), True, ("plz", "postleitzahl", "postcode", "zip")),
    Field("city", _("Town"), False, ("ort", "wohnort", "gemeinde", "city", "stadt")),
    Field(
        "birth_date",
        _("Date of birth"),
        False,
        ("geburtsdatum", "geb_datum", "gebdat", "birth_date", "date_of_birth"),
    ),
    Field("age", _("Age"), False, ("alter", "age")),
    Field("sex", _("Sex"), False, ("geschlecht", "sex", "gender")),
    Field(
        "household",
        _("Household"),
        False,
        ("haushalt", "haushalts_id", "household", "household_id", "wohnung"),
    ),
    Field(
        "person_id",
        _("Person number in the register"),
        False,
        ("ordnungsmerkmal", "id", "person_id", "personennummer"),
    ),
)
FIELD_KEYS = tuple(f.key for f in FIELDS)
DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y", "%Y%m%d")
SEX_VALUES = {
    "w": "female", "weiblich": "female", "f": "female", "female": "female", "frau": "female",
    "m": "male", "männlich": "male", "maennlich": "male", "male": "male", "mann": "male",
    "d": "diverse", "divers": "diverse", "x": "diverse", "diverse": "diverse",
}  # fmt: skip


@dataclass(frozen=True)
class Head:
    """What the mapping step shows: headers, a few rows, how the file was read."""

    headers: list[str]
    sample: list[list[str]]
    encoding: str
    delimiter: str


@dataclass
class ParsedExtract:
    frame: pl.DataFrame
    rows: int
    errors: list[dict[str, Any]] = field(default_factory=list)
    error_count: int = 0


def detect_encoding(data: bytes) -> str:
    """UTF-8 if the bytes are valid UTF-8; else Windows-1252 (what German Excel and most
    registration office software write) if they decode in it; else the detected charset.

    Statistical detection alone mistakes Windows-1252 German for Turkish or Central
    European code pages on large samples; the mapping step lets the organizer override.
    """
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as error:
        if error.start > len(data) - 4:  # a multi-byte character cut by the sample's end
            return "utf-8"
    try:
        data.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise ExtractError(
            _("The file's character encoding could not be recognised. Save it as “CSV UTF-8”.")
        )
    return best.encoding


def sniff_delimiter(text: str) -> str:
    first = text.splitlines()[0] if text.splitlines() else ""
    try:
        return (
            csv.Sniffer().sniff("\n".join(text.splitlines()[:20]), delimiters=DELIMITERS).delimiter
        )
    except csv.Error:
        counts = {d: first.count(d) for d in DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def kind_of(filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix in ("csv", "txt"):
        return "csv"
    if suffix == "xlsx":
        return "xlsx"
    raise ExtractError(
        _("“%(name)s” is not a CSV or XLSX file. Save the extract as CSV or Excel (.xlsx)."),
        code="wrong_file_type",
        name=filename,
    )


def read_head(path: Path, filename: str) -> Head:
    """Headers and five rows, to map the columns before anything is imported."""
    if path.stat().st_size == 0:
        raise ExtractError(_("The file is empty."), code="empty_file")
    if kind_of(filename) == "xlsx":
        rows = list(_xlsx_rows(path, limit=6))
        if not rows:
            raise ExtractError(_("The file is empty."), code="empty_file")
        return Head(headers=rows[0], sample=rows[1:], encoding="xlsx", delimiter="")
    with path.open("rb") as handle:
        data = handle.read(SAMPLE_BYTES)
    if b"\x00" in data:
        raise ExtractError(
            _("This does not look like a text file. Save it as CSV or XLSX."), code="binary_file"
        )
    encoding = detect_encoding(data)
    text = data.decode(encoding, errors="ignore").lstrip("\ufeff")
    delimiter = sniff_delimiter(text)
    lines = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))[:6]
    if not lines or not any(h.strip() for h in lines[0]):
        raise ExtractError(
            _("The first line must hold the column names, but it is empty."), code="no_header"
        )
    headers = [h.strip() for h in lines[0]]
    return Head(
        headers=headers,
        sample=[[c.strip() for c in r] for r in lines[1:]],
        encoding=encoding,
        delimiter=delimiter,
    )


def guess_mapping(headers: list[str]) -> dict[str, int | None]:
    lowered = [h.strip().lower().replace(" ", "_").replace("-", "_") for h in headers]
    mapping: dict[str, int | None] = {}
    for f in FIELDS:
        mapping[f.key] = next((i for i, h in enumerate(lowered) if h in f.guesses), None)
    return mapping


def missing_fields(mapping: dict[str, int | None]) -> list[Field]:
    missing = [f for f in FIELDS if f.required and mapping.get(f.key) is None]
    if mapping.get("birth_date") is None and mapping.get("age") is None:
        missing.append(Field("birth_date", _("Date of birth or age"), True, ()))
    return missing


def _xlsx_rows(path: Path, limit: int | None = None) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for broken files
        raise ExtractError(
            _("The Excel file could not be opened (%(reason)s). Save it again as .xlsx."),
            code="broken_xlsx",
            reason=type(error).__name__,
        ) from None
    count = 0
    for row in workbook.worksheets[0].iter_rows(values_only=True):
        cells = [_cell(v) for v in row]
        if not any(cells):
            continue
        yield cells
        count += 1
        if limit is not None and count >= limit:
            break
    workbook.close()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def count_lines(path: Path) -> int:
    lines = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 22):
            lines += chunk.count(b"\n")
    return lines


def _utf8_copy(path: Path, encoding: str) -> Path:
    """polars reads UTF-8 only: re-encode other files once, in chunks."""
    if encoding in ("utf-8", "ascii"):
        return path
    target = path.with_suffix(".utf8.csv")
    with (
        path.open("r", encoding=encoding, newline="") as src,
        target.open("w", encoding="utf-8", newline="") as dst,
    ):
        while chunk := src.read(1 << 22):
            dst.write(chunk)
    return target


def read_batches(
    path: Path, filename: str, encoding: str, delimiter: str
) -> Iterator[pl.DataFrame]:
    """The whole file as string frames of at most ``BATCH_ROWS`` rows, header excluded."""
    if kind_of(filename) == "xlsx":
        rows = _xlsx_rows(path)
        headers = next(rows, None)
        if headers is None:
            return
        names = [f"c{i}" for i in range(len(headers))]
        batch: list[list[str]] = []
        for row in rows:
            batch.append((row + [""] * len(names))[: len(names)])
            if len(batch) >= BATCH_ROWS:
                yield pl.DataFrame(batch, schema=names, orient="row")
                batch = []
        if batch:
            yield pl.DataFrame(batch, schema=names, orient="row")
        return
    source = _utf8_copy(path, encoding)
    try:
        scan = pl.scan_csv(
            source,
            separator=delimiter or ",",
            infer_schema=False,
            has_header=True,
            truncate_ragged_lines=True,
            encoding="utf8-lossy",
        )
        for frame in scan.collect_batches(chunk_size=BATCH_ROWS):
            yield frame.rename({c: f"c{i}" for i, c in enumerate(frame.columns)})
    except pl.exceptions.ComputeError as error:
        raise ExtractError(
            _("The file could not be read as a table (%(reason)s)."),
            code="unreadable",
            reason=str(error).splitlines()[0][:120],
        ) from None
    finally:
        if source != path:
            source.unlink(missing_ok=True)


def normalize_batch(
    frame: pl.DataFrame, mapping: dict[str, int | None], first_line: int, headers: list[str]
) -> tuple[pl.DataFrame, list[dict[str, Any]], int]:
    """Canonical columns, parsed dates and sexes, plus the rows' problems.

    Returns the valid rows, the first problems (line, column header, code) and how many
    rows had a problem. Rows with a problem are left out of the draw and reported.
    """

    def col(key: str) -> pl.Expr:
        index = mapping.get(key)
        if index is None or f"c{index}" not in frame.columns:
            return pl.lit("", dtype=pl.Utf8)
        return pl.col(f"c{index}").fill_null("").str.strip_chars()

    out = frame.select(
        *(col(key).alias(key) for key in FIELD_KEYS),
        (pl.int_range(pl.len()) + first_line).alias("line"),
    )
    birth = pl.coalesce(
        [pl.col("birth_date").str.to_date(fmt, strict=False) for fmt in DATE_FORMATS]
    )
    sex_lower = pl.col("sex").str.to_lowercase()
    out = out.with_columns(
        birth.alias("birth"),
        sex_lower.replace_strict(SEX_VALUES, default=None).alias("sex_value"),
        pl.col("age").cast(pl.Int32, strict=False).alias("age_value"),
    )
    checks: list[tuple[str, pl.Expr, str]] = [
        ("family_name", pl.col("family_name") == "", "missing"),
        ("given_name", pl.col("given_name") == "", "missing"),
        ("street", pl.col("street") == "", "missing"),
        ("postcode", ~pl.col("postcode").str.contains(r"^\d{5}$"), "bad_postcode"),
        ("birth_date", (pl.col("birth_date") != "") & pl.col("birth").is_null(), "bad_date"),
        ("age", (pl.col("age") != "") & pl.col("age_value").is_null(), "bad_age"),
        ("sex", (pl.col("sex") != "") & pl.col("sex_value").is_null(), "bad_sex"),
    ]
    if mapping.get("birth_date") is not None and mapping.get("age") is None:
        checks.append(("birth_date", pl.col("birth_date") == "", "missing"))
    out = out.with_columns(*(expr.alias(f"bad_{i}") for i, (_k, expr, _c) in enumerate(checks)))
    bad_any = pl.any_horizontal(pl.col(f"bad_{i}") for i in range(len(checks)))
    bad_rows = out.filter(bad_any)
    errors: list[dict[str, Any]] = []
    for row in bad_rows.head(MAX_ERRORS_KEPT).iter_rows(named=True):
        for i, (key, _expr, code) in enumerate(checks):
            if row[f"bad_{i}"]:
                index = mapping.get(key)
                header = headers[index] if index is not None and index < len(headers) else key
                errors.append({"line": row["line"], "column": header, "code": code})
    good = out.filter(~bad_any).select(
        "family_name",
        "given_name",
        "street",
        "house_number",
        "postcode",
        "city",
        pl.col("birth").alias("birth_date"),
        pl.col("age_value").alias("age"),
        pl.col("sex_value").fill_null("").alias("sex"),
        "household",
        "person_id",
    )
    return good, errors, bad_rows.height


def parse_extract(
    path: Path,
    filename: str,
    *,
    encoding: str,
    delimiter: str,
    mapping: dict[str, int | None],
    headers: list[str],
    progress: Callable[[int], None] = lambda done: None,
) -> ParsedExtract:
    """Read, normalise and validate the whole file in batches, reporting rows done."""
    frames: list[pl.DataFrame] = []
    errors: list[dict[str, Any]] = []
    error_count = 0
    rows = 0
    for batch in read_batches(path, filename, encoding, delimiter):
        good, batch_errors, bad = normalize_batch(batch, mapping, rows + 2, headers)
        frames.append(good)
        if len(errors) < MAX_ERRORS_KEPT:
            errors.extend(batch_errors[: MAX_ERRORS_KEPT - len(errors)])
        error_count += bad
        rows += batch.height
        progress(rows)
    if rows == 0:
        raise ExtractError(_("The file has column names but no rows."), code="no_rows")
    frame = pl.concat(frames) if frames else pl.DataFrame()
    return ParsedExtract(frame=frame, rows=rows, errors=errors, error_count=error_count)


ERROR_MESSAGES: dict[str, str | Promise] = {
    "missing": _("empty, but needed"),
    "bad_postcode": _("not a five-digit postcode"),
    "bad_date": _("not a date (expected e.g. 31.12.1980)"),
    "bad_age": _("not a whole number"),
    "bad_sex": _("unknown value (expected w, m or d)"),
}
REASON_LABELS: dict[str, str | Promise] = {
    "too_young": _("younger than the minimum age on the event date"),
    "no_age": _("no date of birth or age"),
    "other_area": _("lives outside the areas taking part"),
    "excluded": _("excluded"),
}
