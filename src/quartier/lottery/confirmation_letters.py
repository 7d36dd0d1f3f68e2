"""Printable confirmation letters (selected, reserve, not selected) for people without e-mail."""

from __future__ import annotations

from typing import IO

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from quartier.lottery.letters import BODY_WIDTH, LEFT, PAGE_H, draw_lines, use_fonts, wrap
from quartier.lottery.models import Lottery, Registration
from quartier.lottery.services.confirmations import confirmation_text


def render_confirmations(lottery: Lottery, people: list[Registration], target: IO[bytes]) -> int:
    font, bold = use_fonts()
    canvas = Canvas(target, pagesize=A4, pageCompression=1)
    canvas.setTitle(f"Bestätigungen: {lottery.title}")
    for person in people:
        canvas.setFont(font, 7)
        canvas.drawString(LEFT, PAGE_H - 48.5 * mm, lottery.process.organisation.name[:90])
        address = [
            person.full_name,
            *[line for line in person.postal_address.splitlines() if line.strip()],
        ]
        draw_lines(canvas, address[:5], LEFT, PAGE_H - 60 * mm, font, 10.5, 12.5)
        subject, body = confirmation_text(person)
        canvas.setFont(bold, 12)
        canvas.drawString(LEFT, PAGE_H - 100 * mm, subject[:90])
        draw_lines(canvas, wrap(body, BODY_WIDTH), LEFT, PAGE_H - 110 * mm, font, 10.5, 13.5)
        canvas.showPage()
    if not people:
        canvas.showPage()
    canvas.save()
    return len(people)
