"""Domain errors that carry a code and parameters.

Services raise these instead of bare ``ValueError`` so that views can show a
translated message that names what is wrong (which field, which line, which quota),
and so that tests can assert on the code rather than on wording.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise


class DomainError(Exception):
    """A rule of the domain was broken; ``message`` is a lazily translated template."""

    code: str = "domain_error"

    def __init__(self, message: str | Promise, *, code: str | None = None, **params: Any) -> None:
        self.message_template = message
        if code is not None:
            self.code = code
        self.params = params
        super().__init__(str(self))

    def __str__(self) -> str:
        return (
            str(self.message_template) % self.params if self.params else str(self.message_template)
        )
