"""Printable plans (table cards, grid poster, personal slips) drawn from grouping results.

The engine returns dataclasses only (``quartier.engine.grouping.plans``); this package turns
them into A4 PDFs with ReportLab, in German or English (Django's translation catalogue of
this app). Used by ``quartier group ... --pdf`` and by the print buttons of events and
meetings.
"""
