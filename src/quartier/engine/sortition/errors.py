"""Errors that carry a machine-readable ``code`` and ``params``.

The web layer translates messages itself, so every error names what went wrong as a
stable code plus the values needed to phrase it (file, line, column, value ...). The
English ``message`` is what the CLI prints.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


class SortitionError(Exception):
    """Base class: a problem with the input or the selection, explained for people."""

    def __init__(self, code: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.params: dict[str, Any] = dict(params)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "params": dict(self.params)}


class InputError(SortitionError):
    """A file or a value in it cannot be used; params name file, line, column and value."""


def located(
    code: str,
    message: str,
    *,
    file: str | None = None,
    line: int | None = None,
    column: str | None = None,
    value: str | None = None,
    extra: Mapping[str, Any] | None = None,
) -> InputError:
    """Build an :class:`InputError` whose message says where the problem is."""
    where = []
    if file is not None:
        where.append(f"{file}")
    if line is not None:
        where.append(f"line {line}")
    if column is not None:
        where.append(f"column '{column}'")
    prefix = ", ".join(where)
    text = f"{prefix}: {message}" if prefix else message
    params: dict[str, Any] = {"file": file, "line": line, "column": column, "value": value}
    if extra:
        params.update(extra)
    return InputError(code, text, **params)


@dataclass(frozen=True)
class InputWarning:
    """Something in the input that is allowed but probably not meant (e.g. an unused quota).

    Like the errors it carries a code and params, so each layer phrases it in its language.
    """

    code: str
    message: str
    params: dict[str, Any] = field(default_factory=dict)
