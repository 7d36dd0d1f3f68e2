"""Read a spreadsheet (CSV or XLSX) into header + rows of text, whatever Excel did to it.

Organisers export from Excel, LibreOffice or Google Sheets: UTF-8 with or without BOM,
Windows-1252 or Latin-1, comma or semicolon. We detect all of that here so that the
format parsers only see clean strings, and remember the line numbers for messages.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from quartier.engine.sortition.errors import located

XLSX_SUFFIXES = (".xlsx", ".xlsm")


@dataclass(frozen=True)
class Table:
    """A header and data rows; ``lines[i]`` is the file line (1-based) of ``rows[i]``."""

    name: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    lines: tuple[int, ...]
    encoding: str = "utf-8"
    delimiter: str = ","

    def column(self, wanted: str) -> int | None:
        """Index of a column, matched case-insensitively after trimming."""
        lowered = [h.strip().lower() for h in self.header]
        try:
            return lowered.index(wanted.strip().lower())
        except ValueError:
            return None


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes, trying BOMs, strict UTF-8, then charset detection, then CP1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["cp1252", "latin_1", "iso8859_15"]).best()
    encoding = best.encoding if best is not None else "cp1252"
    if encoding in {"latin_1", "iso8859_1"}:  # cp1252 is a superset for printable text
        encoding = "cp1252"
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def sniff_delimiter(text: str) -> str:
    """Comma, semicolon or tab: whichever splits the header into the most fields."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: len(next(csv.reader([first], delimiter=d))) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ","))


def read_table(path: Path | str, *, name: str | None = None) -> Table:
    """Read a CSV or XLSX file; blank rows are skipped, cells are stripped."""
    path = Path(path)
    label = name or path.name
    if not path.exists():
        raise located("file_not_found", "file not found", file=label)
    if path.suffix.lower() in XLSX_SUFFIXES:
        return _read_xlsx(path, label)
    data = path.read_bytes()
    return parse_csv_bytes(data, label)


def parse_csv_bytes(data: bytes, label: str) -> Table:
    if not data.strip():
        raise located("empty_file", "the file is empty", file=label)
    text, encoding = decode(data)
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: tuple[str, ...] | None = None
    rows: list[tuple[str, ...]] = []
    lines: list[int] = []
    try:
        for record in reader:
            line = reader.line_num
            cells = tuple(cell.strip() for cell in record)
            if not any(cells):
                continue
            if header is None:
                header = cells
                continue
            rows.append(cells)
            lines.append(line)
    except csv.Error as error:
        raise located(
            "bad_csv", f"cannot parse CSV: {error}", file=label, line=reader.line_num
        ) from error
    if header is None:
        raise located("empty_file", "the file is empty", file=label)
    return Table(label, header, tuple(rows), tuple(lines), encoding, delimiter)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_xlsx(path: Path, label: str) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for corrupt files
        raise located("bad_xlsx", f"cannot open the workbook: {error}", file=label) from error
    try:
        sheet = workbook.worksheets[0]
        header: tuple[str, ...] | None = None
        rows: list[tuple[str, ...]] = []
        lines: list[int] = []
        for number, record in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = tuple(_cell_text(v) for v in record)
            if not any(cells):
                continue
            if header is None:
                while cells and not cells[-1]:
                    cells = cells[:-1]
                header = cells
                continue
            rows.append(cells[: len(header)] + ("",) * max(0, len(header) - len(cells)))
            lines.append(number)
    finally:
        workbook.close()
    if header is None:
        raise located("empty_file", "the workbook's first sheet is empty", file=label)
    return Table(label, header, tuple(rows), tuple(lines), "xlsx", "")
