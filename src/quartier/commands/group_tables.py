"""Reading the CSV/XLSX tables of ``quartier group`` with positions for error messages.

Spreadsheets exported on Windows are often cp1252 with ``;`` separators, so the encoding
and the delimiter are detected rather than assumed. Every cell keeps its line number so
an error can say "people.csv, line 7, column 'age'".
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path


class TableError(Exception):
    """A problem in an input file, located by file, line and column."""

    def __init__(
        self, path: Path | str, message: str, line: int | None = None, column: str | None = None
    ) -> None:
        self.path, self.line, self.column = str(path), line, column
        where = self.path
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column {column!r}"
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Row:
    path: str
    line: int
    cells: dict[str, str]

    def get(self, column: str, default: str = "") -> str:
        return (self.cells.get(column) or default).strip()

    def text(self, column: str) -> str:
        """A required, non-empty cell."""
        value = self.get(column)
        if not value:
            raise TableError(self.path, "this cell must not be empty", self.line, column)
        return value

    def integer(self, column: str, default: int | None = None) -> int:
        value = self.get(column)
        if not value:
            if default is not None:
                return default
            raise TableError(self.path, "a whole number is required here", self.line, column)
        try:
            return int(value)
        except ValueError:
            raise TableError(
                self.path, f"{value!r} is not a whole number", self.line, column
            ) from None


class Seen:
    """First line of every key in one column, so a duplicate names both lines."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.lines: dict[object, int] = {}

    def add(self, row: Row, column: str, key: object, label: str | None = None) -> None:
        if key in self.lines:
            raise TableError(
                row.path,
                f"{self.what} {label or key!r} already on line {self.lines[key]}",
                row.line,
                column,
            )
        self.lines[key] = row.line

    def __contains__(self, key: object) -> bool:
        return key in self.lines


@dataclass(frozen=True)
class Table:
    path: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]

    def require(self, *columns: str) -> None:
        """Fail on the header line (line 1) naming the first missing column."""
        for column in columns:
            if column not in self.columns:
                found = ", ".join(self.columns) or "(none)"
                raise TableError(self.path, f"missing column (found: {found})", 1, column)

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)


def read_table(path: Path | str) -> Table:
    """A CSV (any common encoding and delimiter) or the first sheet of an XLSX file."""
    path = Path(path)
    if not path.exists():
        raise TableError(path, "file not found")
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        return _read_xlsx(path)
    text = decode(path.read_bytes())
    lines = text.splitlines()
    if not lines:
        raise TableError(path, "the file is empty")
    dialect_delimiter = detect_delimiter(lines[0])
    # strict: a quote that is never closed is an error instead of swallowing every later
    # line into one cell (which used to drop rows without a word).
    reader = csv.reader(io.StringIO(text), delimiter=dialect_delimiter, strict=True)
    header: list[str] | None = None
    rows = []
    while True:
        first_line = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise TableError(
                path, f"a quoted cell is not closed or is malformed ({exc})", first_line
            ) from None
        line = first_line
        if header is None:
            header = [_clean(h) for h in record]
            _check_header(path, header)
            continue
        if not any(cell.strip() for cell in record):
            continue
        if len(record) > len(header) and any(c.strip() for c in record[len(header) :]):
            raise TableError(
                path, f"{len(record)} cells but the header has {len(header)} columns", line
            )
        rows.append(Row(str(path), line, dict(zip(header, record, strict=False))))
    return Table(str(path), tuple(header or ()), tuple(rows))


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) when valid, else cp1252 (Windows spreadsheets), else a
    guess by charset-normalizer. cp1252 goes before guessing because short files of
    Western European names are where guessers go wrong most."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        try:
            return data.decode(best.encoding)
        except (LookupError, UnicodeDecodeError):
            pass
    return data.decode("latin-1")


def detect_delimiter(header_line: str) -> str:
    """The most frequent of ``;``, ``,`` and tab in the header (``,`` on ties)."""
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def write_csv(rows: Sequence[Sequence[object]], header: Sequence[str], output: str | None) -> None:
    """Write UTF-8 CSV to ``output`` or standard output when it is None or '-'."""
    import sys

    if output is None or output == "-":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        return
    with open(output, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def _check_header(path: Path, header: list[str]) -> None:
    """Two columns with one name would make one of them invisible."""
    seen: dict[str, int] = {}
    for number, name in enumerate(header, start=1):
        if not name:
            continue
        if name in seen:
            raise TableError(
                path, f"column {name!r} appears twice (columns {seen[name]} and {number})", 1, name
            )
        seen[name] = number


def _clean(header: str) -> str:
    return header.strip().lstrip("\ufeff").strip().lower()


def _read_xlsx(path: Path) -> Table:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for corrupt files
        raise TableError(path, f"cannot read the workbook ({exc})") from None
    sheet = book.worksheets[0]
    header: list[str] | None = None
    rows = []
    for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = ["" if v is None else _cell_text(v) for v in values]
        if header is None:
            header = [_clean(c) for c in cells]
            _check_header(path, header)
            continue
        if not any(c.strip() for c in cells):
            continue
        rows.append(Row(str(path), line, dict(zip(header, cells, strict=False))))
    book.close()
    return Table(str(path), tuple(h for h in header or () if h), tuple(rows))


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
