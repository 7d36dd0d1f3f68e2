"""German and English messages from the engine's one catalogue, in the CLI.

The same ``quartier/engine/locale/de/LC_MESSAGES/django.po`` is read by Python's gettext
here and by Django in the web layer (see tests/lottery/test_engine_messages.py).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import quartier.engine.sortition as sortition
from quartier.cli import main
from quartier.engine.i18n import LOCALE_DIR, PLACEHOLDER, language_from, render, translator
from quartier.engine.sortition.messages import LOCATED, MESSAGES, WHERE_COLUMN, WHERE_LINE


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def pool(tmp_path: Path, with_a: int) -> tuple[Path, Path]:
    quotas = write(tmp_path / "quotas.csv", "feature,value,min,max\ng,a,3,4\ng,b,0,4\n")
    rows = ["id,g"] + [f"a{i},a" for i in range(with_a)] + [f"b{i},b" for i in range(6)]
    return write(tmp_path / "people.csv", "\n".join(rows) + "\n"), quotas


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def select(people: Path, quotas: Path, out: Path, *extra: str) -> list[str]:
    return [
        "sortition",
        "select",
        "--people",
        str(people),
        "--quotas",
        str(quotas),
        "--panel-size",
        "4",
        "--seed",
        "1",
        "--panels",
        "20",
        "--out",
        str(out),
        *extra,
    ]


def test_infeasible_quotas_are_explained_in_german_with_lang(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    people, quotas = pool(tmp_path, with_a=2)
    code, _, err = run(select(people, quotas, tmp_path / "out", "--lang", "de"), capsys)
    assert code == 3
    assert err.splitlines() == [
        "Die Quoten lassen sich nicht erfüllen:",
        "  - nur 2 Personen haben „g: a“, aber das Minimum ist 3",
        "Kleinste Lockerung, mit der eine Auswahl möglich wird (Änderung insgesamt 1):",
        "  - das Minimum von „g: a“ von 3 auf 2 senken",
    ]


def test_the_language_follows_the_locale_and_lang_overrides_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    people, quotas = pool(tmp_path, with_a=2)
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    _, _, german = run(select(people, quotas, tmp_path / "out"), capsys)
    assert german.startswith("Die Quoten lassen sich nicht erfüllen:")
    _, _, english = run(select(people, quotas, tmp_path / "out", "--lang", "en"), capsys)
    assert english.splitlines()[:2] == [
        "The quotas cannot be met:",
        "  - only 2 people have “g: a” but the minimum is 3",
    ]
    monkeypatch.setenv("LC_ALL", "en_GB.UTF-8")  # LC_ALL outranks LANG
    _, _, english = run(select(people, quotas, tmp_path / "out"), capsys)
    assert english.startswith("The quotas cannot be met:")


@pytest.mark.parametrize(
    ("lang", "one", "two"),
    [
        ("de", "nur 1 Person hat „g: a“", "nur 2 Personen haben „g: a“"),
        ("en", "only 1 person has “g: a”", "only 2 people have “g: a”"),
    ],
)
def test_counts_take_the_right_plural_form(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str, one: str, two: str
) -> None:
    for count, expected in ((1, one), (2, two)):
        people, quotas = pool(tmp_path, with_a=count)
        code, _, err = run(select(people, quotas, tmp_path / "out", "--lang", lang), capsys)
        assert code == 3 and expected in err, err


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "de",
            "Fehler: people.csv, Zeile 3, Spalte „g“: ein in dieser Zelle geöffnetes "
            "Anführungszeichen wird nie geschlossen",
        ),
        (
            "en",
            "error: people.csv, line 3, column 'g': a quote opened in this cell is never closed",
        ),
    ],
)
def test_a_parse_error_names_file_line_and_column_in_either_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str, expected: str
) -> None:
    _, quotas = pool(tmp_path, with_a=3)
    people = write(tmp_path / "people.csv", 'id,g\na1,a\na2,"a\na3,a\n')
    code, _, err = run(select(people, quotas, tmp_path / "out", "--lang", lang), capsys)
    assert code == 2 and err.startswith(expected), err


def test_a_successful_select_and_verify_speak_german(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from quartier.commands import sortition as sortition_command

    monkeypatch.setattr(sortition_command, "PROGRESS_EVERY_S", 0.0)
    people, quotas = pool(tmp_path, with_a=4)
    out = tmp_path / "out"
    code, stdout, progress = run(select(people, quotas, out, "--lang", "de"), capsys)
    assert code == 0
    assert "leximin: Stufe 1, " in progress and "Typen festgelegt" in progress
    assert "leximin: kleinste Auswahlwahrscheinlichkeit" in stdout
    assert "Startwert „1“ wählt Gremium" in stdout
    verify = [
        "sortition",
        "verify",
        "--audit",
        str(out / "audit.json"),
        "--people",
        str(people),
        "--quotas",
        str(quotas),
        "--seed",
        "2",
        "--lang",
        "de",
    ]
    code, _, err = run(verify, capsys)
    assert code == 1
    assert err.splitlines() == [
        "Die Losung konnte NICHT bestätigt werden:",
        "  - die Losung hat den Startwert „1“ verwendet, nicht den angekündigten Startwert „2“",
    ]
    code, stdout, _ = run([*verify[:-4], "--lang", "de"], capsys)
    assert code == 0 and stdout.startswith("Die Losung ist bestätigt: die Eingaben stimmen")
    assert "Stufenzertifikat" in stdout


def test_language_detection_follows_gettext_precedence() -> None:
    assert language_from(None, {"LANG": "de_DE.UTF-8"}) == "de"
    assert language_from(None, {"LANG": "de_DE.UTF-8", "LC_ALL": "C"}) == "en"
    assert language_from(None, {"LANGUAGE": "de:en", "LANG": "en_US"}) == "de"
    assert language_from(None, {}) == "en"
    assert language_from("de", {"LANG": "en_US"}) == "de"
    assert language_from(None, {"LANG": "fr_FR.UTF-8"}) == "en"


def _raised_codes() -> set[str]:
    """Every code the sortition engine raises or reports, read from its source."""
    calls = {"located", "InputError", "SortitionError", "Conflict", "Issue", "InputWarning"}
    codes: set[str] = set()
    folder = Path(sortition.__file__).parent
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in calls:
                first = node.args[0] if node.args else None
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    codes.add(first.value)
                elif isinstance(first, ast.IfExp):
                    codes |= {
                        b.value for b in (first.body, first.orelse) if isinstance(b, ast.Constant)
                    }
    return codes


def test_every_code_the_engine_raises_has_a_sentence_in_the_catalogue() -> None:
    codes = _raised_codes()
    assert len(codes) > 60
    assert sorted(codes - set(MESSAGES)) == []


def test_every_sentence_has_a_german_translation_with_the_same_placeholders() -> None:
    with (LOCALE_DIR / "de" / "LC_MESSAGES" / "django.po").open("rb") as handle:
        catalog = read_po(handle)
    texts = [t for variants in MESSAGES.values() for t in variants]
    texts += [LOCATED, WHERE_LINE, WHERE_COLUMN]
    for text in texts:
        key = text.singular if text.plural is None else (text.singular, text.plural)
        message = catalog.get(key)
        assert message is not None and not message.fuzzy, key
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        for string in strings:
            assert string, key
            assert set(PLACEHOLDER.findall(string)) <= text.names, (key, string)
            assert re.sub(PLACEHOLDER, "", string).count("%") == 0, string


def test_the_german_translator_works_without_a_compiled_catalogue(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import quartier.engine.i18n as i18n

    source = LOCALE_DIR / "de" / "LC_MESSAGES" / "django.po"
    copy = tmp_path / "de" / "LC_MESSAGES"
    copy.mkdir(parents=True)
    (copy / "django.po").write_bytes(source.read_bytes())
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.translator.cache_clear()
    try:
        german = i18n.translator("de")
        assert render(WHERE_LINE, {"line": 4}, german) == "Zeile 4"
    finally:
        i18n.translator.cache_clear()
    assert render(WHERE_LINE, {"line": 4}, translator("en")) == "line 4"
