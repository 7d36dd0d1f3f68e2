"""`quartier sortition … --help` and argparse's errors in German and English, one catalogue."""

from __future__ import annotations

import argparse
import gettext
import re

import pytest
from babel.messages.pofile import read_po

from quartier.cli import main
from quartier.commands.argparse_language import LocalizedParser, requested_language
from quartier.engine.cli_words import ARGPARSE_WORDS
from quartier.engine.i18n import LOCALE_DIR
from quartier.engine.sortition.cli_help import HELP

LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


@pytest.fixture
def locale(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Set the locale for one test (the other variables cleared, as on a plain shell)."""

    def use(value: str | None) -> None:
        for variable in LOCALE_VARIABLES:
            monkeypatch.delenv(variable, raising=False)
        if value:
            monkeypatch.setenv("LANG", value)

    return use


def run(arguments: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as stopped:
        main(arguments)
    captured = capsys.readouterr()
    return int(stopped.value.code or 0), captured.out, captured.err


def test_select_help_speaks_german_with_lang_de(locale, capsys) -> None:  # type: ignore[no-untyped-def]
    locale("en_GB.UTF-8")
    code, out, _ = run(["sortition", "select", "--help", "--lang", "de"], capsys)
    assert code == 0
    assert out.startswith("Aufruf: quartier sortition select")
    assert "\nOptionen:\n" in out
    assert "diese Hilfe zeigen und beenden" in out
    assert "Pool (CSV oder XLSX)" in out
    assert "LEXIMIN/MAXIMIN nach dieser Zeit" in out
    assert "usage:" not in out and "options:" not in out


def test_select_help_speaks_english_with_lang_en_under_a_german_locale(locale, capsys) -> None:  # type: ignore[no-untyped-def]
    locale("de_DE.UTF-8")
    code, out, _ = run(["sortition", "select", "--lang=en", "--help"], capsys)
    assert code == 0
    assert out.startswith("usage: quartier sortition select")
    assert "\noptions:\n" in out and "pool (CSV or XLSX)" in out
    assert "Aufruf" not in out


def test_the_subcommand_list_follows_lang_from_the_environment(locale, capsys) -> None:  # type: ignore[no-untyped-def]
    locale("de_DE.UTF-8")
    code, out, _ = run(["sortition", "--help"], capsys)
    assert code == 0
    assert "Positionsargumente:" in out
    assert "faire Losauswahl: Gremien losen, einladen, nachprüfen" in out
    assert "eine Losung anhand ihres Prüfprotokolls nachprüfen" in out
    locale(None)
    _, english, _ = run(["sortition", "--help"], capsys)
    assert "positional arguments:" in english
    assert "re-check a draw from its audit record" in english


def test_missing_arguments_are_reported_in_the_readers_language(locale, capsys) -> None:  # type: ignore[no-untyped-def]
    locale("de_DE.UTF-8")
    code, _, err = run(["sortition", "verify", "--audit", "a.json"], capsys)
    assert code == 2
    assert err.startswith("Aufruf: quartier sortition verify")
    assert (
        "quartier sortition verify: Fehler: diese Argumente sind erforderlich: "
        "--people, --quotas" in err
    )
    code, _, err = run(["sortition", "verify", "--audit", "a.json", "--lang", "en"], capsys)
    assert code == 2
    assert "error: the following arguments are required: --people, --quotas" in err


def test_bad_values_and_choices_are_reported_in_german(locale, capsys) -> None:  # type: ignore[no-untyped-def]
    locale(None)
    arguments = ["sortition", "select", "--lang", "de", "--people", "p.csv", "--quotas", "q.csv"]
    _, _, err = run([*arguments, "--out", "o", "--panel-size", "x"], capsys)
    assert "Fehler: Argument --panel-size: ungültiger Wert für int: 'x'" in err
    _, _, err = run([*arguments, "--out", "o", "--panel-size", "3", "--algorithm", "best"], capsys)
    assert "ungültige Wahl: 'best' (möglich: 'leximin', 'maximin', 'nash', 'legacy')" in err
    _, _, err = run(["sortition", "pick", "--lang", "de"], capsys)
    assert "ungültige Wahl: 'pick'" in err


def test_argparse_plural_forms_come_from_the_catalogue(locale, capsys) -> None:  # type: ignore[no-untyped-def]
    locale(None)
    parser = LocalizedParser(prog="probe")
    parser.add_argument("--pair", nargs=2)
    parser.add_argument("--lang")
    with pytest.raises(SystemExit):
        parser.parse_args(["--lang", "de", "--pair", "a"])
    assert "probe: Fehler: Argument --pair: erwartet 2 Werte" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        parser.parse_args(["--lang", "en", "--pair", "a"])
    assert "probe: error: argument --pair: expected 2 arguments" in capsys.readouterr().err


def test_argparse_gets_its_own_gettext_back_after_parsing(locale, capsys) -> None:  # type: ignore[no-untyped-def]
    locale("de_DE.UTF-8")
    run(["sortition", "select", "--help"], capsys)
    assert argparse._ is gettext.gettext  # type: ignore[attr-defined]
    assert argparse.ngettext is gettext.ngettext  # type: ignore[attr-defined]


def test_lang_is_found_in_either_spelling() -> None:
    assert requested_language(["select", "--lang", "de", "--seed", "1"]) == "de"
    assert requested_language(["--lang=en"]) == "en"
    assert requested_language(["--seed", "--lang"]) is None


def test_every_cli_text_has_a_german_translation_with_the_same_placeholders() -> None:
    with (LOCALE_DIR / "de" / "LC_MESSAGES" / "django.po").open("rb") as handle:
        catalog = read_po(handle)
    placeholders = re.compile(r"%\(\w+\)[sr]|%[sr]")
    for text in [*ARGPARSE_WORDS, *HELP.values()]:
        key = text.singular if text.plural is None else (text.singular, text.plural)
        message = catalog.get(key)
        assert message is not None and not message.fuzzy, key
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        for string in strings:
            assert string, key
            expected = sorted(placeholders.findall(text.singular))
            assert sorted(placeholders.findall(string)) == expected, (key, string)


def test_the_top_level_help_speaks_german_with_lang_de(locale, capsys) -> None:  # type: ignore[no-untyped-def]
    locale("en_GB.UTF-8")
    code, out, _ = run(["--lang", "de", "--help"], capsys)
    assert code == 0
    assert out.startswith("Aufruf: quartier")
    assert "Positionsargumente:" in out and "\nOptionen:\n" in out
    assert "Quartier: faire Losauswahl, Live-Veranstaltungen" in out
    assert "ein Administratorkonto anlegen" in out
    assert "faire Losauswahl: Gremien losen, einladen, nachprüfen" in out
    assert "usage:" not in out and "create an administrator account" not in out


def test_the_top_level_help_follows_the_locale_and_lang_en_wins(locale, capsys) -> None:  # type: ignore[no-untyped-def]
    locale("de_DE.UTF-8")
    assert main([]) == 2  # no command: the help, in the locale's language
    out = capsys.readouterr().out
    assert out.startswith("Aufruf: quartier") and "ausgewogene Gruppen" in out
    code, out, _ = run(["--lang", "en", "--help"], capsys)
    assert code == 0
    assert out.startswith("usage: quartier")
    assert "balanced groups, preferences, grids, rotations" in out and "Aufruf" not in out


def test_lang_before_the_command_reaches_the_sortition_help(locale, capsys) -> None:  # type: ignore[no-untyped-def]
    locale("en_GB.UTF-8")
    assert main(["--lang", "de", "sortition"]) == 2
    out = capsys.readouterr().out
    assert out.startswith("Aufruf: quartier sortition")


def test_every_command_line_of_the_top_level_help_has_german(locale) -> None:  # type: ignore[no-untyped-def]
    from quartier.cli import build_parser

    german = gettext.translation("django", LOCALE_DIR, languages=["de"])
    parser = build_parser()
    lines = [parser.description or ""]
    for action in parser._actions:
        lines.append(action.help or "")
        lines += [choice.help or "" for choice in getattr(action, "_choices_actions", ())]
    missing = [line for line in lines if line and german.gettext(line) == line]
    assert missing == []
