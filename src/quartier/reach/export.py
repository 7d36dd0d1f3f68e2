"""Everything stored about one person, as JSON and as a PDF (GDPR Art. 15)."""

from __future__ import annotations

import io
import json
import re
from datetime import date, datetime
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from quartier.audit.labels import action_label
from quartier.reach.models import Contact
from quartier.reach.personal_data import sections
from quartier.reach.selectors import access_log, contact_groups


def _date(value: Any) -> str | None:
    return value.isoformat() if value else None


def personal_data(*, contact: Contact) -> dict[str, Any]:
    from quartier.followups.models import Task

    data: dict[str, Any] = {
        "exported_at": timezone.now().isoformat(),
        "organisation": contact.organisation.name,
        "person": {
            "name": contact.full_name,
            "email": contact.email,
            "phone": contact.phone,
            "languages": contact.languages,
            "neighbourhood": contact.neighbourhood,
            "street": contact.street,
            "house_number": contact.house_number,
            "postcode": contact.postcode,
            "city": contact.city,
            "notes": contact.notes,
            "legal_basis": contact.get_legal_basis_display(),
            "consent_given_on": _date(contact.consent_given_on),
            "retention_until": _date(contact.retention_until),
            "created_at": _date(contact.created_at),
        },
        "places": [
            {"place": m.place.name, "role": m.role}
            for m in contact.place_memberships.select_related("place")
        ],
        "key_person_for": [
            str(k.scope) for k in contact.key_roles.select_related("place", "group")
        ],
        "target_groups": [g.name for g in contact.target_groups.all()],
        "groups": [
            {"group": row["group"].title, "role": row["role"]}
            for row in contact_groups(contact=contact)
        ],
        "one_to_ones": [
            {
                "date": _date(o.held_on),
                "held_by": str(o.held_by or ""),
                "interests": o.interests,
                "concerns": o.concerns,
                "motivation": o.motivation,
                "readiness": o.readiness,
                "notes": o.notes,
            }
            for o in contact.one_to_ones.select_related("held_by")
        ],
        "participation": [
            {
                "date": _date(p.occurred_at),
                "kind": p.get_kind_display(),
                "role": p.get_role_display(),
                "what": p.label,
            }
            for p in contact.participations.all()
        ],
        "tasks": [
            {"task": t.title, "due_on": _date(t.due_on), "status": t.get_status_display()}
            for t in Task.objects.filter(owner_contact=contact)
        ],
        "access_log": [
            {"time": _date(e.created_at), "action": e.action, "by": str(e.actor or "")}
            for e in access_log(contact=contact)
        ],
    }
    for section in sections():
        data[section.key] = section.export(contact)
    return data


def section_titles() -> dict[str, str]:
    """Headings for the PDF; the JSON keeps stable English keys for machines."""
    titles = {
        "exported_at": _("Exported at"),
        "organisation": _("Organisation"),
        "person": _("Person"),
        "places": _("Places"),
        "key_person_for": _("Key person for"),
        "target_groups": _("Target groups"),
        "groups": _("Groups"),
        "one_to_ones": _("One-to-ones"),
        "participation": _("Participation"),
        "tasks": _("Tasks"),
        "access_log": _("Access log"),
    }
    return titles | {section.key: str(section.title) for section in sections()}


def personal_data_json(*, contact: Contact) -> bytes:
    return json.dumps(personal_data(contact=contact), ensure_ascii=False, indent=2).encode("utf-8")


def key_labels() -> dict[str, str]:
    """The PDF is read by the person: German (or English) labels instead of JSON keys."""
    return {
        "name": _("Name"),
        "email": _("E-mail"),
        "phone": _("Phone"),
        "languages": _("Languages"),
        "neighbourhood": _("Neighbourhood"),
        "street": _("Street"),
        "house_number": _("House number"),
        "postcode": _("Postcode"),
        "city": _("Place"),
        "notes": _("Notes"),
        "legal_basis": _("Legal basis"),
        "consent_given_on": _("Consent given on"),
        "retention_until": _("Review by"),
        "created_at": _("Recorded on"),
        "place": _("Place"),
        "role": _("Role"),
        "group": _("Group"),
        "date": _("Date"),
        "held_by": _("Held by"),
        "interests": _("Interests"),
        "concerns": _("Concerns"),
        "motivation": _("Motivation"),
        "readiness": _("Readiness"),
        "kind": _("Kind"),
        "what": _("What"),
        "task": _("Task"),
        "due_on": _("Due on"),
        "status": _("Status"),
        "time": _("Time"),
        "action": _("Action"),
        "by": _("By"),
        "campaign": _("Campaign"),
        "answers": _("Answers"),
        "question": _("Question"),
        "answer": _("Answer"),
    }


ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _display(key: str, value: Any) -> str:
    """Dates as 31.12.2026, times in Berlin time to the minute, actions as words."""
    if value in (None, ""):
        return "–"
    if isinstance(value, str) and ISO_DATETIME.match(value):
        moment = datetime.fromisoformat(value)
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return formats.date_format(moment, "SHORT_DATETIME_FORMAT")
    if isinstance(value, str) and ISO_DATE.match(value):
        return formats.date_format(date.fromisoformat(value), "SHORT_DATE_FORMAT")
    if key == "action":
        return action_label(str(value))
    return str(value)


def _lines(value: Any, indent: int = 0) -> list[tuple[int, str]]:
    """Flatten nested data into indented lines for the PDF."""
    lines: list[tuple[int, str]] = []
    labels = key_labels()
    if isinstance(value, dict):
        for key, item in value.items():
            label = labels.get(key, key)
            if isinstance(item, dict | list):
                lines.append((indent, f"{label}:"))
                lines.extend(_lines(item, indent + 1))
            else:
                lines.append((indent, f"{label}: {_display(key, item)}"))
    elif isinstance(value, list):
        if not value:
            lines.append((indent, "–"))
        for number, item in enumerate(value, start=1):
            if isinstance(item, dict | list):
                lines.append((indent, f"{number}."))
                lines.extend(_lines(item, indent + 1))
            else:
                lines.append((indent, f"• {item}"))
    else:
        lines.append((indent, _display("", value)))
    return lines


FONT_CANDIDATES = (
    (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ),
    (
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    ),
)


def _fonts() -> tuple[str, str]:
    """A Unicode TTF if the system has one (names like “Ayşe” need it), else Helvetica."""
    from pathlib import Path

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "ReachSans" in pdfmetrics.getRegisteredFontNames():
        return "ReachSans", "ReachSans-Bold"
    for regular, bold in FONT_CANDIDATES:
        if Path(regular).exists() and Path(bold).exists():
            pdfmetrics.registerFont(TTFont("ReachSans", regular))
            pdfmetrics.registerFont(TTFont("ReachSans-Bold", bold))
            return "ReachSans", "ReachSans-Bold"
    return "Helvetica", "Helvetica-Bold"


def personal_data_pdf(*, contact: Contact) -> bytes:
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    data = personal_data(contact=contact)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=_("Personal data"),
        author=contact.organisation.name,
    )
    styles = getSampleStyleSheet()
    regular, bold = _fonts()
    for name in ("Normal", "Title", "Heading2"):
        styles[name].fontName = bold if name != "Normal" else regular
    story: list[Any] = [
        Paragraph(
            escape(_("Personal data of %(name)s") % {"name": contact.full_name}), styles["Title"]
        ),
        Paragraph(
            escape(
                _("Information under Art. 15 GDPR from %(org)s")
                % {"org": contact.organisation.name}
            ),
            styles["Normal"],
        ),
        Spacer(1, 6 * mm),
    ]
    titles = section_titles()
    for key, value in data.items():
        title = titles.get(key, str(key).replace("_", " ").capitalize())
        story.append(Paragraph(escape(str(title)), styles["Heading2"]))
        for indent, line in _lines(value):
            style = styles["Normal"].clone(f"indent{indent}", leftIndent=indent * 6 * mm)
            story.append(Paragraph(escape(line), style))
    document.build(story)
    return buffer.getvalue()
