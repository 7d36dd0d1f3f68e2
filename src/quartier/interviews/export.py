"""XLSX export of a campaign: one row per interview, one column per question, plus themes.

Interviewees are not named in the export: the file is for reading together, and answers
are linked to people only inside Quartier.
"""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from quartier.interviews.models import Campaign
from quartier.interviews.selectors import theme_counts


def campaign_xlsx(*, campaign: Campaign) -> bytes:
    workbook = Workbook()
    sheet: Any = workbook.active
    sheet.title = _("Answers")[:31]
    questions = list(campaign.questions.all())
    header = [
        _("No."),
        _("Date"),
        _("Interviewer"),
        _("Linked to a person"),
        *[q.text for q in questions],
        _("Themes"),
    ]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for interview in campaign.interviews.select_related("interviewer").prefetch_related(
        "answers__themes"
    ):
        answers = {a.question_id: a for a in interview.answers.all()}
        themes = sorted({t.name for a in answers.values() for t in a.themes.all()})
        sheet.append(
            [
                interview.number,
                interview.held_on,
                str(interview.interviewer or ""),
                _("yes") if interview.contact_id else _("no"),
                *[answers[q.pk].text if q.pk in answers else "" for q in questions],
                ", ".join(themes),
            ]
        )
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.data_type == "f":  # answers are text, never formulas
                cell.data_type = "s"
    for column in range(5, 5 + len(questions)):
        sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = 50
    themes_sheet = workbook.create_sheet(_("Themes")[:31])
    themes_sheet.append([_("Theme"), _("Answers")])
    for theme in theme_counts(campaign=campaign):
        themes_sheet.append([theme.name, theme.answer_count])  # type: ignore[attr-defined]
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
