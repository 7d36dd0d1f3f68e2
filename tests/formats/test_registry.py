"""The format registry: manifests with phases, guidance in German and English, tools, roles,
settings; and core code that never asks for a format by name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import translation

from quartier.core.errors import DomainError
from quartier.formats.manifest import FormatManifest, PhaseSpec, Tool
from quartier.formats.registry import all_formats, format_choices, get_format, register, unregister

MEETING_FORMATS = ("small_group", "collegial_consultation", "team_meeting")


def test_the_three_meeting_formats_are_registered() -> None:
    keys = {manifest.key for manifest in all_formats(kind="meeting")}
    assert set(MEETING_FORMATS) <= keys
    with translation.override("de"):
        assert ("small_group", "Kleingruppengespräch") in format_choices(kind="meeting")


@pytest.mark.parametrize("key", MEETING_FORMATS)
def test_every_phase_has_a_duration_tools_and_guidance_in_german_and_english(key: str) -> None:
    manifest = get_format(key)
    for phase in manifest.phases:
        assert phase.default_minutes > 0 and Tool.TIMER in phase.tools
        with translation.override("en"):
            english = str(phase.guidance)
        with translation.override("de"):
            german = str(phase.guidance)
            title = str(phase.title)
        assert english and german and english != german, phase.key
        assert title != phase.key


def test_the_seed_phases_are_in_order() -> None:
    assert [p.key for p in get_format("small_group").phases] == [
        "introductions",
        "framing",
        "topics",
        "concerns",
        "summary",
        "next_steps",
    ]
    consultation = [p.key for p in get_format("collegial_consultation").phases]
    assert consultation[4:] == [
        "presentation",
        "questions",
        "key_question",
        "hypotheses",
        "response",
        "closing",
    ]
    assert get_format("small_group").recommended_participants == (10, 20)
    assert get_format("collegial_consultation").confidential
    roles = {r.key for r in get_format("collegial_consultation").roles}
    assert roles == {"case_giver", "moderator", "consultant", "secretary"}


def test_participant_warnings_follow_the_recommended_range() -> None:
    manifest = get_format("small_group")
    assert manifest.participant_warning(9) and manifest.participant_warning(21)
    assert not manifest.participant_warning(10) and not manifest.participant_warning(20)
    assert not get_format("team_meeting").participant_warning(2)


def test_manifests_reject_unknown_tools_and_duplicate_phases() -> None:
    with pytest.raises(ValueError):
        PhaseSpec(key="x", title="X", guidance="", default_minutes=5, tools=("teleport",))
    phase = PhaseSpec(key="x", title="X", guidance="", default_minutes=5)
    with pytest.raises(ValueError):
        FormatManifest(key="dup", title="D", description="", kind="meeting", phases=(phase, phase))


def test_registering_a_different_manifest_under_a_taken_key_fails() -> None:
    phase = PhaseSpec(key="x", title="X", guidance="", default_minutes=5)
    with pytest.raises(ValueError):
        register(
            FormatManifest(
                key="small_group", title="Fake", description="", kind="meeting", phases=(phase,)
            )
        )


def test_a_new_format_needs_no_core_change() -> None:
    phase = PhaseSpec(
        key="round",
        title="Runde",
        guidance="Reihum sprechen.",
        default_minutes=5,
        tools=(Tool.TIMER, Tool.NOTES),
    )
    manifest = register(
        FormatManifest(
            key="test_circle", title="Kreis", description="", kind="meeting", phases=(phase,)
        )
    )
    try:
        assert get_format("test_circle") is manifest and manifest.uses(Tool.NOTES)
    finally:
        unregister("test_circle")
    with pytest.raises(DomainError):
        get_format("test_circle")


def test_core_meeting_code_never_branches_on_a_format_key() -> None:
    root = Path(__file__).resolve().parents[2] / "src" / "quartier" / "meetings"
    allowed = {"formats.py", "demo.py"}
    pattern = re.compile("|".join(MEETING_FORMATS))
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*")
        if path.suffix in {".py", ".html"}
        and path.name not in allowed
        and "migrations" not in path.parts
        and pattern.search(path.read_text())
    ]
    # The create view only names the default format to preselect in the form.
    assert offenders == ["views/planning.py"]
    text = (root / "views" / "planning.py").read_text()
    assert text.count("small_group") == 2 and "if manifest.key" not in text
