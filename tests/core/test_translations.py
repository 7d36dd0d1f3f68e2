"""German is the default language: every literal string the UI marks for translation has a
German text in some catalogue, and every catalogue compiles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.utils import translation
from django.utils.translation import gettext

SOURCE = Path(__file__).resolve().parents[2] / "src" / "quartier"
TEMPLATE_TAG = re.compile(r'{%\s*translate\s+"((?:[^"\\]|\\.)*)"')
PYTHON_CALL = re.compile(r'(?<![\w.])(?:_|gettext|gettext_lazy)\(\s*"((?:[^"\\]|\\.)*)"\s*[,)%]')
#: Words that are spelled the same in German (checked by hand).
SAME_IN_GERMAN = {
    "CSV", "Code", "Details", "Downloads", "Export", "Export (XLSX)", "Format", "Import",
    "Initiative", "Interview", "Interview %(number)s", "Interviews", "Moderation", "Name",
    "Organisation", "Person", "Phase", "Plan", "Problem", "Quartier", "Status", "Team",
    "Version", "online",
}  # fmt: skip


def _marked_strings() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in SOURCE.rglob("*.html"):
        for match in TEMPLATE_TAG.finditer(path.read_text(encoding="utf-8")):
            found.setdefault(match.group(1), path)
    for path in SOURCE.rglob("*.py"):
        if {"engine", "migrations"} & set(path.parts):
            continue
        for match in PYTHON_CALL.finditer(path.read_text(encoding="utf-8")):
            found.setdefault(match.group(1), path)
    return found


def test_every_marked_string_has_a_german_text():
    marked = _marked_strings()
    assert len(marked) > 1000  # the extraction itself still finds the UI's strings
    with translation.override("de"):
        missing = {
            text: str(path.relative_to(SOURCE))
            for text, path in marked.items()
            if "\\" not in text and text not in SAME_IN_GERMAN and gettext(text) == text
        }
    assert missing == {}


@pytest.mark.parametrize(
    "catalogue",
    sorted(SOURCE.rglob("locale/de/LC_MESSAGES/django.po")),
    ids=lambda path: path.parts[-5],
)
def test_a_catalogue_has_no_empty_or_fuzzy_entries(catalogue):
    with catalogue.open("rb") as handle:
        entries = [entry for entry in read_po(handle, locale="de") if entry.id]
    assert entries
    unfinished = [
        entry.id
        for entry in entries
        if entry.fuzzy
        or not (all(entry.string) if isinstance(entry.string, tuple) else entry.string)
    ]
    assert unfinished == []
