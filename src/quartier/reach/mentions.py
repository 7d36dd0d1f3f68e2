"""References to people inside stored text, resolved to their name only when shown.

Generated texts (protocols, task sources) do not copy a contact's name: they store
``[[contact:42]]`` and the page, PDF or e-mail puts in the current name. After an
erasure the same text shows "(erased)", without anybody having to find the name first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

MENTION = re.compile(r"\[\[contact:(\d+)\]\]")


def mention(contact: Any) -> str:
    return f"[[contact:{contact.pk}]]"


def mentioned_ids(texts: Iterable[str]) -> set[int]:
    return {int(pk) for text in texts for pk in MENTION.findall(text or "")}


def resolve_mentions(text: str, *, organisation: Any = None) -> str:
    """Put the current names in; erased or unknown people become "(erased)"."""
    if not text or "[[contact:" not in text:
        return text
    from quartier.reach.models import Contact

    people = Contact.objects.filter(pk__in=mentioned_ids([text]))
    if organisation is not None:
        people = people.filter(organisation=organisation)
    names = {
        contact.pk: contact.full_name
        for contact in people.only("pk", "full_name", "erased_at")
        if not contact.is_erased
    }
    return MENTION.sub(lambda m: names.get(int(m.group(1)), _("(erased)")), text)
