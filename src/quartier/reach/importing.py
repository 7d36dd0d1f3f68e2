"""Reading contact lists from CSV and XLSX: formats as plugins, mapping, row validation.

Plain functions over bytes and lists, no database: the import service calls them for the
preview and again for the real import, so both see exactly the same rows and errors.
CSV files written by Excel in Germany are often Windows-1252 with ``;``; both are
detected rather than asked for.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from charset_normalizer import from_bytes
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from quartier.core.errors import DomainError

MAX_ROWS = 100_000
# A 10 MB XLSX can unzip to gigabytes of XML; refuse before parsing when the parts together
# are larger than this (100,000 rows of a typical ten-column contact list stay well below).
MAX_XLSX_UNCOMPRESSED = 64 * 1024 * 1024
DELIMITERS = [",", ";", "\t", "|"]
WESTERN_SINGLE_BYTE = {
    "cp1250",
    "cp1252",
    "latin_1",
    "iso8859_2",
    "iso8859_15",
    "mac_roman",
    "cp850",
    "cp437",
}


class ImportFileError(DomainError):
    code = "import_file"


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]
    encoding: str = ""
    delimiter: str = ""


@dataclass(frozen=True)
class ImportFormat:
    key: str
    label: str | Promise
    extensions: tuple[str, ...]
    read: Callable[[bytes, str], Table]  # (data, encoding chosen by the user or "")


_formats: dict[str, ImportFormat] = {}


def register_format(import_format: ImportFormat) -> ImportFormat:
    _formats[import_format.key] = import_format
    return import_format


def formats() -> list[ImportFormat]:
    return list(_formats.values())


def format_for(filename: str) -> ImportFormat:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    for import_format in _formats.values():
        if suffix in import_format.extensions:
            return import_format
    raise ImportFileError(
        _(
            "“%(name)s” is not a CSV or XLSX file. "
            "Save the list as CSV or Excel (.xlsx) and try again."
        ),
        name=filename,
    )


def read_table(*, filename: str, data: bytes, encoding: str = "") -> Table:
    """Read a table; ``encoding`` overrides the detection for text formats."""
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    table = format_for(filename).read(data, encoding)
    if not table.headers or not any(h.strip() for h in table.headers):
        raise ImportFileError(_("The first line must hold the column names, but it is empty."))
    if len(table.rows) > MAX_ROWS:
        raise too_many_rows()
    return table


def too_many_rows() -> ImportFileError:
    return ImportFileError(
        _("The file has more than %(max)s rows. Please split it."),
        max=f"{MAX_ROWS:,}".replace(",", "."),
    )


# --- CSV -------------------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    """UTF-8 (with or without BOM) when it decodes cleanly, otherwise the detected charset."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise ImportFileError(
            _(
                "The file's character encoding could not be recognised. "
                "Save it as “CSV UTF-8” and try again."
            )
        )
    encoding = best.encoding
    if encoding in WESTERN_SINGLE_BYTE:
        # Single-byte Latin charsets are hard to tell apart from a few umlauts; German Excel
        # writes Windows-1252, so prefer it whenever the bytes are valid in it.
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
    text = str(best)
    if "\x00" in text:
        raise ImportFileError(_("This does not look like a text file. Save it as CSV or XLSX."))
    return text, encoding


def sniff_delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        first = text.splitlines()[0] if text.splitlines() else ""
        counts = {d: first.count(d) for d in DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def read_csv(data: bytes, encoding: str = "") -> Table:
    if encoding:
        try:
            text = data.decode("utf-8-sig" if encoding == "utf-8" else encoding)
        except (UnicodeDecodeError, LookupError):
            raise ImportFileError(
                _("The file cannot be read as %(encoding)s. Choose another encoding."),
                encoding=encoding,
            ) from None
    else:
        text, encoding = decode(data)
    if "\x00" in text:
        raise ImportFileError(_("This does not look like a text file. Save it as CSV or XLSX."))
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    lines = [row for row in reader]
    if not lines:
        raise ImportFileError(_("The file is empty."))
    headers = [h.strip() for h in lines[0]]
    rows = [[cell.strip() for cell in row] for row in lines[1:]]
    return Table(headers=headers, rows=rows, encoding=encoding, delimiter=delimiter)


# --- XLSX ------------------------------------------------------------------------------------


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _check_unzipped_size(data: bytes) -> None:
    """Refuse zip bombs and oversized sheets from the zip directory, before any parsing."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise ImportFileError(
            _("The Excel file could not be opened (%(reason)s). Save it again as .xlsx."),
            reason=type(error).__name__,
        ) from None
    if unzipped > MAX_XLSX_UNCOMPRESSED:
        raise ImportFileError(
            _(
                "The Excel file unpacks to %(size)s MB, more than the %(max)s MB we accept. "
                "Remove empty or formatted rows and columns, or save it as CSV."
            ),
            size=unzipped // (1024 * 1024),
            max=MAX_XLSX_UNCOMPRESSED // (1024 * 1024),
        )


def read_xlsx(data: bytes, encoding: str = "") -> Table:
    """Stream the first sheet row by row (openpyxl read-only), stopping at the row limit."""
    from openpyxl import load_workbook

    _check_unzipped_size(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for broken files
        raise ImportFileError(
            _("The Excel file could not be opened (%(reason)s). Save it again as .xlsx."),
            reason=type(error).__name__,
        ) from None
    lines: list[list[str]] = []
    try:
        if not workbook.worksheets:
            raise ImportFileError(_("The file is empty."))
        for values in workbook.worksheets[0].iter_rows(values_only=True):
            line = [_cell_text(v) for v in values]
            if not any(line):
                continue
            lines.append(line)
            if len(lines) > MAX_ROWS + 1:  # + the line with the column names
                raise too_many_rows()
    except ImportFileError:
        raise
    except Exception as error:  # broken XML inside a valid zip
        raise ImportFileError(
            _("The Excel file could not be opened (%(reason)s). Save it again as .xlsx."),
            reason=type(error).__name__,
        ) from None
    finally:
        workbook.close()
    if not lines:
        raise ImportFileError(_("The file is empty."))
    headers = lines[0]
    return Table(headers=headers, rows=lines[1:], encoding="xlsx", delimiter="")


def table_to_csv(table: Table) -> bytes:
    """The table as UTF-8 CSV with ``;``: how an XLSX upload is kept between the steps."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(table.headers)
    writer.writerows(table.rows)
    return buffer.getvalue().encode("utf-8")


register_format(ImportFormat(key="csv", label="CSV", extensions=("csv", "txt"), read=read_csv))
register_format(
    ImportFormat(key="xlsx", label="Excel (XLSX)", extensions=("xlsx",), read=read_xlsx)
)


# Mapping and row validation live in ``import_rows``; re-exported for callers of this module.
from quartier.reach.import_rows import (  # noqa: E402
    FIELD_KEYS,
    FIELDS,
    ImportField,
    Row,
    guess_mapping,
    missing_required,
    validate_rows,
)

__all__ = [
    "FIELDS",
    "FIELD_KEYS",
    "ImportField",
    "ImportFileError",
    "Row",
    "Table",
    "guess_mapping",
    "missing_required",
    "read_table",
    "validate_rows",
]
