"""Parse quota and pool files in the Sortition Foundation and Flanigan/Panelot layouts.

Sortition Foundation: quotas ``feature,value,min,max[,min_flex,max_flex]`` (older files:
``category,name,min,max``), pool with an id column. Flanigan/Panelot: ``categories.csv``
``category,feature,min,max`` and ``respondents.csv`` with one column per category and no
ids, so people are numbered by data row (1, 2, ...). Every error names file, line,
column and value.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from quartier.engine.sortition.errors import InputWarning, located
from quartier.engine.sortition.model import Person, Quota
from quartier.engine.sortition.tables import Table, read_table

ID_COLUMNS = (
    "id",
    "pool_member_identifier",
    "person_id",
    "nationbuilder_id",
    "respondent_id",
    "primary_id",
)
QUOTA_LAYOUTS = (
    ("sortition-foundation", "feature", "value"),
    ("sortition-foundation-old", "category", "name"),
    ("panelot", "category", "feature"),
)


@dataclass(frozen=True)
class PeopleFile:
    """The pool plus what is needed to write it back (column order, id column)."""

    people: tuple[Person, ...]
    header: tuple[str, ...]
    id_column: str | None
    warnings: tuple[InputWarning, ...] = ()


def _int(table: Table, row: tuple[str, ...], i: int, column: str, optional: bool) -> int | None:
    index = table.column(column)
    text = row[index] if index is not None and index < len(row) else ""
    if text == "" and optional:
        return None
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        number = float("nan")
    if number != number or not number.is_integer():
        raise located(
            "bad_number",
            f"'{text}' is not a whole number",
            file=table.name,
            line=table.lines[i],
            column=column,
            value=text,
        )
    return int(number)


def parse_quotas(table: Table) -> tuple[Quota, ...]:
    """Quotas from a table in either layout (detected from the header)."""
    layout = None
    for name, category_col, value_col in QUOTA_LAYOUTS:
        if table.column(category_col) is not None and table.column(value_col) is not None:
            layout = (name, category_col, value_col)
            break
    if layout is None:
        raise located(
            "missing_column",
            "the quota file needs the columns feature,value,min,max "
            "(or category,feature,min,max); found " + ",".join(table.header),
            file=table.name,
            line=1,
            column="feature" if table.column("feature") is None else "value",
            extra={"expected": ["feature", "value", "min", "max"], "found": list(table.header)},
        )
    _, category_col, value_col = layout
    for needed in ("min", "max"):
        if table.column(needed) is None:
            raise located(
                "missing_column",
                f"the quota file has no '{needed}' column",
                file=table.name,
                line=1,
                column=needed,
                extra={"expected": [category_col, value_col, "min", "max"]},
            )
    has_flex = table.column("min_flex") is not None or table.column("max_flex") is not None
    ci, vi = table.column(category_col), table.column(value_col)
    assert ci is not None and vi is not None
    quotas: list[Quota] = []
    seen: set[tuple[str, str]] = set()
    for i, row in enumerate(table.rows):
        category = row[ci] if ci < len(row) else ""
        value = row[vi] if vi < len(row) else ""
        if not category:
            if any(row):
                raise located(
                    "missing_value",
                    "the category is empty",
                    file=table.name,
                    line=table.lines[i],
                    column=category_col,
                    value="",
                )
            continue
        if not value:
            raise located(
                "missing_value",
                "the value is empty",
                file=table.name,
                line=table.lines[i],
                column=value_col,
                value="",
            )
        low = _int(table, row, i, "min", False)
        high = _int(table, row, i, "max", False)
        assert low is not None and high is not None
        min_flex = _int(table, row, i, "min_flex", True) if has_flex else None
        max_flex = _int(table, row, i, "max_flex", True) if has_flex else None
        if low < 0 or high < 0:
            raise located(
                "negative_quota",
                "min and max must not be negative",
                file=table.name,
                line=table.lines[i],
                column="min" if low < 0 else "max",
                value=str(min(low, high)),
            )
        if low > high:
            raise located(
                "min_above_max",
                f"the minimum {low} of {category}={value} is above the maximum {high}",
                file=table.name,
                line=table.lines[i],
                column="min",
                value=value,
                extra={"category": category, "min": low, "max": high},
            )
        if (category, value) in seen:
            raise located(
                "duplicate_quota",
                f"{category}={value} is listed twice",
                file=table.name,
                line=table.lines[i],
                column=value_col,
                value=value,
                extra={"category": category},
            )
        seen.add((category, value))
        quotas.append(
            Quota(category, value, low, high, min_flex, max_flex, table.name, table.lines[i])
        )
    if not quotas:
        raise located("no_quotas", "the quota file lists no quotas", file=table.name)
    return tuple(quotas)


def read_quotas(path: Path | str) -> tuple[Quota, ...]:
    return parse_quotas(read_table(path))


def parse_people(
    table: Table, quotas: tuple[Quota, ...], id_column: str | None = None
) -> PeopleFile:
    """People from a pool table; values are matched to quota values ignoring case."""
    if id_column is not None:
        id_index = table.column(id_column)
        if id_index is None:
            raise located(
                "missing_column",
                f"there is no id column '{id_column}'",
                file=table.name,
                line=1,
                column=id_column,
            )
    else:
        id_index = next((table.column(c) for c in ID_COLUMNS if table.column(c) is not None), None)
    header = table.header
    categories: dict[str, dict[str, str]] = {}
    for q in quotas:
        categories.setdefault(q.category, {})[q.value.lower()] = q.value
    columns: dict[str, int] = {}
    for category in categories:
        index = table.column(category)
        if index is None:
            first = next(q for q in quotas if q.category == category)
            raise located(
                "category_not_in_pool",
                f"the quota category '{category}' is not a column of the pool {table.name} "
                f"(its columns: {', '.join(h for h in header if h)})",
                file=first.file,
                line=first.line,
                column=category,
                value=category,
                extra={"pool": table.name, "found": [h for h in header if h]},
            )
        columns[category] = index
    people: list[Person] = []
    first_line: dict[str, int] = {}
    for i, row in enumerate(table.rows):
        cells = row + ("",) * max(0, len(header) - len(row))
        if id_index is None:
            pid = str(i + 1)
        else:
            pid = cells[id_index]
            if not pid:
                raise located(
                    "missing_id",
                    "the id is empty",
                    file=table.name,
                    line=table.lines[i],
                    column=header[id_index],
                    value="",
                )
        if pid in first_line:
            raise located(
                "duplicate_id",
                f"the id '{pid}' was already used on line {first_line[pid]}",
                file=table.name,
                line=table.lines[i],
                column=header[id_index] if id_index is not None else None,
                value=pid,
                extra={"first_line": first_line[pid]},
            )
        first_line[pid] = table.lines[i]
        features = {header[j]: cells[j] for j in range(len(header)) if header[j]}
        for category, index in columns.items():
            raw = cells[index]
            value = categories[category].get(raw.lower())
            if value is None:
                code, text = (
                    ("missing_value", f"the value for '{category}' is empty")
                    if raw == ""
                    else (
                        "unknown_value",
                        f"'{raw}' is not a value of '{category}' in the quotas "
                        f"(expected one of: {', '.join(categories[category].values())})",
                    )
                )
                raise located(
                    code,
                    text,
                    file=table.name,
                    line=table.lines[i],
                    column=header[index],
                    value=raw,
                    extra={"expected": list(categories[category].values())},
                )
            features[category] = value
        people.append(Person(pid, features))
    if not people:
        raise located("no_people", "the pool file lists nobody", file=table.name)
    id_name = header[id_index] if id_index is not None else None
    return PeopleFile(tuple(people), header, id_name, unused_quotas(quotas, people, table.name))


def unused_quotas(
    quotas: tuple[Quota, ...], people: Iterable[Person], pool: str | None = None
) -> tuple[InputWarning, ...]:
    """A warning per quota on a value nobody in the pool has (such a quota does nothing).

    With a positive minimum the quota cannot be met at all; the infeasibility explanation
    says so, the warning names the quota file line either way.
    """
    categories = {q.category for q in quotas}
    have = Counter((c, p.features.get(c)) for p in people for c in categories)
    warnings = []
    for q in quotas:
        if have[(q.category, q.value)]:
            continue
        where = ", ".join(
            part for part in (q.file, f"line {q.line}" if q.line is not None else None) if part
        )
        effect = (
            "so this quota has no effect"
            if q.min == 0
            else f"so its minimum of {q.min} cannot be met"
        )
        warnings.append(
            InputWarning(
                "quota_value_unused" if q.min == 0 else "quota_value_unmet",
                f"{where + ': ' if where else ''}nobody in the pool has "
                f"{q.category}={q.value}, {effect}",
                {
                    "file": q.file,
                    "line": q.line,
                    "category": q.category,
                    "value": q.value,
                    "min": q.min,
                    "max": q.max,
                    "pool": pool,
                },
            )
        )
    return tuple(warnings)


def read_people(
    path: Path | str, quotas: tuple[Quota, ...], id_column: str | None = None
) -> PeopleFile:
    return parse_people(read_table(path), quotas, id_column)
