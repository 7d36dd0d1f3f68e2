"""Exports of an event: the wall, the votes and the groups as tables (CSV/XLSX) and the
event protocol as a PDF."""
