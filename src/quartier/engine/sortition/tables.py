"""Read a spreadsheet (CSV or XLSX) into header + rows of text, whatever Excel did to it.

Organisers export from Excel, LibreOffice or Google Sheets: UTF-8 with or without BOM,
Windows-1252 or Latin-1, comma or semicolon. We detect all of that here so that the
format parsers only see clean strings, and remember the line numbers for messages.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from quartier.engine.sortition.errors import InputError, located

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
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            data = data[3:]  # a BOM over broken UTF-8: guess the encoding of the rest
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass  # not UTF-16 after all: fall through to the single-byte guesses
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
    """Header and rows of a CSV file; ``lines`` are the physical lines where rows start.

    Quoted cells may span lines; the line of a row is the line its first cell starts on,
    counting every physical line before it. A row with more non-empty values than the
    header has columns and a quote that is never closed are errors naming line and
    column, so no row is ever dropped or merged silently.
    """
    if not data.strip():
        raise located("empty_file", "the file is empty", file=label)
    text, encoding = decode(data)
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: tuple[str, ...] | None = None
    rows: list[tuple[str, ...]] = []
    lines: list[int] = []
    start = 1
    try:
        for record in reader:
            line, start = start, reader.line_num + 1
            cells = tuple(cell.strip() for cell in record)
            if not any(cells):
                continue
            if header is None:
                header = cells
                _check_header(header, label, line)
                continue
            _check_width(cells, header, label, line)
            rows.append(cells)
            lines.append(line)
    except csv.Error as error:
        raise _csv_error(error, text, start, delimiter, header, label) from error
    if header is None:
        raise located("empty_file", "the file is empty", file=label)
    return Table(label, header, tuple(rows), tuple(lines), encoding, delimiter)


def _column_name(header: tuple[str, ...] | None, position: int) -> str:
    """The header name of a 1-based position, or the position itself past the header."""
    if header is not None and position <= len(header) and header[position - 1]:
        return header[position - 1]
    return str(position)


def _check_header(header: tuple[str, ...], label: str, line: int) -> None:
    seen: dict[str, int] = {}
    for position, name in enumerate(header, start=1):
        key = name.lower()
        if key and key in seen:
            raise located(
                "duplicate_column",
                f"the column '{name}' appears twice (positions {seen[key]} and {position})",
                file=label,
                line=line,
                column=name,
                value=name,
                extra={"first": seen[key], "second": position},
            )
        seen[key] = position


def _check_width(cells: tuple[str, ...], header: tuple[str, ...], label: str, line: int) -> None:
    """Values beyond the header's last column would be lost: refuse them, naming the place."""
    if len(cells) <= len(header):
        return
    extra = [i for i in range(len(header), len(cells)) if cells[i]]
    if not extra:
        return  # trailing empty cells, as spreadsheet exports write them
    position = extra[0] + 1
    raise located(
        "extra_values",
        f"this row has {len(cells)} values but the header has only {len(header)} columns "
        f"(the extra value '{cells[extra[0]]}' is in position {position}); "
        "is a separator or a quote missing?",
        file=label,
        line=line,
        column=str(position),
        value=cells[extra[0]],
        extra={"values": len(cells), "columns": len(header), "position": position},
    )


LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _quote_problem(text: str, delimiter: str) -> tuple[str, int, int, int] | None:
    """The first broken quote in ``text`` (which starts at a row's beginning).

    Returns (kind, line offset where the quoted cell opens, its 1-based position, line
    offset of the problem): ``unclosed_quote`` for a quote that never closes,
    ``bad_quote`` for a closing quote followed by something other than the separator or
    a line break (often the quote of an earlier cell was left open). Follows the CSV rules: a quote opens only at the
    start of a cell and ``""`` inside quotes is a literal quote.
    """
    line, position, i = 0, 1, 0
    at_cell_start = True
    opened: tuple[int, int] | None = None
    while i < len(text):
        char = text[i]
        if opened is not None:
            if char == '"' and text[i + 1 : i + 2] == '"':
                i += 1
            elif char == '"':
                after = text[i + 1 : i + 2]
                if after and after != delimiter and after not in "\r\n":
                    return "bad_quote", opened[0], opened[1], line
                opened = None
            else:
                line += 1 if LINE_BREAK.match(text, i) and text[i : i + 2] != "\r\n" else 0
        elif char == '"' and at_cell_start:
            opened = (line, position)
        elif char == delimiter:
            position += 1
            at_cell_start = True
            i += 1
            continue
        elif char in "\r\n":
            line += 0 if text[i : i + 2] == "\r\n" else 1
            position = 1
            at_cell_start = True
            i += 1
            continue
        at_cell_start = False
        i += 1
    return None if opened is None else ("unclosed_quote", *opened, line)


def _csv_error(
    error: csv.Error,
    text: str,
    start: int,
    delimiter: str,
    header: tuple[str, ...] | None,
    label: str,
) -> InputError:
    """Say on which physical line and in which column a broken quote is."""
    breaks = [match.end() for match in LINE_BREAK.finditer(text)]
    offset = breaks[start - 2] if 1 < start <= len(breaks) + 1 else 0
    found = _quote_problem(text[offset:], delimiter)
    if found is None:  # not a quote problem we know; still name the row
        return located(
            "bad_csv",
            f"cannot parse CSV: {error}",
            file=label,
            line=start,
            extra={"detail": str(error)},
        )
    kind, lines, position, problem = found
    column = _column_name(header, position)
    if kind == "unclosed_quote":
        return located(
            kind,
            "a quote opened in this cell is never closed, so the rest of the file "
            "would be read as one value",
            file=label,
            line=start + lines,
            column=column,
            extra={"position": position},
        )
    return located(
        kind,
        f"the quoted value that starts here ends on line {start + problem} with text after "
        "its closing quote; is a quote missing or left open?",
        file=label,
        line=start + lines,
        column=column,
        extra={"position": position, "end_line": start + problem},
    )


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
                _check_header(header, label, number)
                continue
            _check_width(cells, header, label, number)
            rows.append(cells[: len(header)] + ("",) * max(0, len(header) - len(cells)))
            lines.append(number)
    finally:
        workbook.close()
    if header is None:
        raise located("empty_file", "the workbook's first sheet is empty", file=label)
    return Table(label, header, tuple(rows), tuple(lines), "xlsx", "")
