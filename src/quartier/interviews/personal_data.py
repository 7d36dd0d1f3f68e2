"""What the interviews app keeps about a contact, for export and erasure (Art. 15/17)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from quartier.interviews.models import Interview
from quartier.reach.personal_data import register_section


def export(contact: Any) -> list[dict[str, Any]]:
    return [
        {
            "campaign": interview.campaign.title,
            "date": interview.held_on.isoformat(),
            "answers": [
                {"question": a.question.text, "answer": a.text} for a in interview.answers.all()
            ],
        }
        for interview in Interview.objects.filter(contact=contact).select_related("campaign")
    ]


def erase(contact: Any) -> None:
    """The interview stays (it counts towards the target and the themes) but becomes anonymous."""
    Interview.objects.filter(contact=contact).update(contact=None)


register_section(key="interviews", title=_("Interviews"), export=export, erase=erase)
