"""Progress, --time-limit and LEGACY on the command line: labelled truthfully, both languages."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from quartier.cli import main
from quartier.commands import sortition as sortition_command
from tests.engine.sortition.test_sortition_certificate import write_exact_files

ID = ["--id-column", "pool_member_identifier"]


def select_args(tmp_path: Path, out: str, *extra: str) -> list[str]:
    people, quotas = write_exact_files(tmp_path)
    files = ["--people", str(people), "--quotas", str(quotas)]
    options = ["--panel-size", "8", "--seed", "5", *extra, "--out", str(tmp_path / out)]
    return ["sortition", "select", *files, *ID, *options]


def verify_args(tmp_path: Path, out: str, lang: str) -> list[str]:
    people, quotas = write_exact_files(tmp_path)
    files = ["--people", str(people), "--quotas", str(quotas), *ID]
    audit = str(tmp_path / out / "audit.json")
    return ["sortition", "verify", "--audit", audit, *files, "--seed", "5", "--lang", lang]


@pytest.mark.parametrize(
    ("lang", "forbidden", "disclaimer"),
    [
        ("en", ("proven gap", "optimal distribution", "certified"), "no optimality claim"),
        (
            "de",
            ("bewiesene Lücke", "optimale Verteilung", "zertifiziert"),
            "kein Optimalitätsanspruch",
        ),
    ],
)
def test_legacy_output_never_claims_a_proof_or_an_optimal_distribution(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    lang: str,
    forbidden: tuple[str, ...],
    disclaimer: str,
) -> None:
    args = select_args(tmp_path, "legacy", "--algorithm", "legacy", "--panels", "50")
    assert main([*args, "--lang", lang]) == 0
    assert main(verify_args(tmp_path, "legacy", lang)) == 0
    out = capsys.readouterr().out
    assert out.count(disclaimer) == 2  # the summary and verify both say so
    for phrase in forbidden:
        assert phrase not in out


@pytest.mark.parametrize(
    ("lang", "label", "gap", "recorded"),
    [
        (
            "en",
            "TIME LIMIT REACHED - best certified distribution found",
            "proven gap",
            "the recorded distribution",
        ),
        (
            "de",
            "ZEITLIMIT ERREICHT – beste zertifizierte Verteilung",
            "bewiesene Lücke",
            "die protokollierte Verteilung",
        ),
    ],
)
def test_a_time_limit_on_the_command_line_is_labelled_with_its_proven_gap(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    lang: str,
    label: str,
    gap: str,
    recorded: str,
) -> None:
    args = select_args(tmp_path, "limited", "--time-limit", "0", "--panels", "50")
    assert main([*args, "--lang", lang]) == 0
    out = capsys.readouterr().out
    assert label in out and gap in out
    assert main(verify_args(tmp_path, "limited", lang)) == 0
    checked = capsys.readouterr().out
    assert recorded in checked  # a time-limited run is not called optimal by verify either


def test_progress_off_a_terminal_names_level_types_columns_and_bound(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sortition_command, "PROGRESS_EVERY_S", 0.0)
    assert main([*select_args(tmp_path, "plain", "--panels", "50"), "--lang", "en"]) == 0
    lines = [line for line in capsys.readouterr().err.splitlines() if line.startswith("leximin")]
    pattern = re.compile(
        r"leximin: level \d+, \d+/\d+ types fixed, \d+ panels, min [\d.]+ <= [\d.]+, \d+ s"
    )
    assert lines and all(pattern.fullmatch(line) for line in lines), lines


def test_progress_on_a_terminal_is_a_tqdm_bar_without_plain_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sortition_command, "PROGRESS_EVERY_S", 0.0)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main([*select_args(tmp_path, "bar", "--panels", "50"), "--lang", "en"]) == 0
    err = capsys.readouterr().err
    assert "type/s" in err or "it/s" in err or "s/type" in err  # tqdm's rate field
    assert "leximin" in err and "types fixed" not in err
