"""Plans people can use: schedules, matrices and PDFs (checked with pypdf), DE and EN."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from quartier.cli import main
from quartier.engine.grouping import (
    GridProblem,
    GridSession,
    Participant,
    Room,
    TopicGroup,
    assign,
    plan_grid,
    rounds_until_all_met,
)
from quartier.engine.grouping.plans import (
    assignment_plan,
    grid_plan,
    matrix_rows,
    rotation_plan,
    schedule_rows,
)
from quartier.plans.pdf import plan_pdf


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_a_rotation_gives_each_person_their_table_and_tablemates_per_round():
    answer = rounds_until_all_met(9, table_min=3, table_max=3, seed=0, time_limit=5)
    plan = rotation_plan(answer.plan)
    assert len(plan.schedules) == 9
    for schedule in plan.schedules:
        assert [e.when for e in schedule.entries] == ["1", "2", "3", "4"]
        met = {m for e in schedule.entries for m in e.with_}
        assert len(met) == 8  # everyone else, once each
    assert len(matrix_rows(plan)) == 3 and all(len(r) == 5 for r in matrix_rows(plan))


@pytest.mark.parametrize(
    ("language", "words"), [("de", ["Runde 1", "Tisch 1"]), ("en", ["Round 1", "Table 1"])]
)
def test_table_cards_have_one_page_per_round_in_the_chosen_language(language, words):
    answer = rounds_until_all_met(9, table_min=3, table_max=3, seed=0, time_limit=5)
    data = plan_pdf(
        rotation_plan(answer.plan), kind="cards", title="Nachbarschaftstreffen", language=language
    )
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 4
    text = pdf_text(data)
    for word in words:
        assert word in text
    assert "P1" in text or "P01" in text


def grid_case():
    problem = GridProblem(
        (
            GridSession("Radwege", ("Ana",), 10, needs=frozenset({"step-free"})),
            GridSession("Garten", ("Ben",), 10, length=2),
            GridSession("Jugend", ("Cem",), 10),
        ),
        (Room("Saal", 40, frozenset({"step-free"})), Room("Küche", 15)),
        ("10:00", "11:00"),
        interests={"Dörte": frozenset({"Radwege", "Jugend"}), "Emil": frozenset({"Garten"})},
    )
    return problem, plan_grid(problem, seed=0, time_limit=10)


def test_a_grid_poster_shows_rooms_by_slots_and_slips_list_each_persons_sessions():
    problem, result = grid_case()
    plan = grid_plan(problem, result)
    assert plan.row_labels == ("Saal", "Küche") and plan.column_labels == ("10:00", "11:00")
    garden = [c for (room, slot), c in plan.cells.items() if c == "Garten"]
    assert len(garden) == 2  # a two-slot session fills both cells
    slips = {s.person: s for s in plan.schedules}
    assert {e.what for e in slips["Dörte"].entries} == {"Radwege", "Jugend"}
    assert {s.person for s in plan.schedules} >= {"Dörte", "Emil", "Ana", "Ben", "Cem"}
    poster = pdf_text(plan_pdf(plan, kind="poster", title="Open Space", language="de"))
    assert "Raum / Zeitfenster" in poster and "Küche" in poster and "Garten" in poster
    slips_text = pdf_text(plan_pdf(plan, kind="slips", title="Open Space", language="en"))
    assert "Dörte" in slips_text and "Slot 10:00" in slips_text


def test_people_without_a_place_are_listed_in_exports_and_pdfs():
    groups = [TopicGroup("Lärm", 2), TopicGroup("Müll", 1)]
    people = ["ann", "bob", "cem", "dia"]
    result = assign(
        [Participant.ranked(p, ["Lärm"]) for p in people],
        groups,
        allow_unranked=False,
        allow_unassigned=True,
        seed=0,
    )
    plan = assignment_plan(result, groups, people)
    assert len(plan.unassigned) == 2
    rows = schedule_rows(plan)
    assert sorted({r[0] for r in rows}) == people
    text = pdf_text(plan_pdf(plan, kind="poster", title="Themen", language="de"))
    assert "Ohne Platz (2)" in text
    assert all(p in text for p in plan.unassigned)


def test_the_command_line_writes_schedules_matrix_and_pdfs(tmp_path: Path, capsys):
    cards = tmp_path / "cards.pdf"
    slips = tmp_path / "slips.pdf"
    schedule = tmp_path / "schedule.csv"
    matrix = tmp_path / "matrix.csv"
    code = main(
        [
            "group",
            "rotate",
            "--people",
            "7",
            "--until-all-met",
            "--table-min",
            "1",
            "--table-max",
            "3",
            "--schedule",
            str(schedule),
            "--matrix",
            str(matrix),
            "--pdf",
            f"cards={cards}",
            "--pdf",
            f"slips={slips}",
            "--language",
            "en",
            "-o",
            str(tmp_path / "out.csv"),
        ]
    )
    assert code == 0
    assert len(PdfReader(str(cards)).pages) == 4
    assert "Round 1" in pdf_text(slips.read_bytes())
    with schedule.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["person"] for r in rows} == {f"P{i}" for i in range(1, 8)}
    assert matrix.read_text(encoding="utf-8").splitlines()[0] == ",1,2,3,4"


def test_table_cards_are_only_for_rotations(tmp_path, capsys):
    sessions = tmp_path / "s.csv"
    sessions.write_text("session,host\na,h\n", encoding="utf-8")
    rooms = tmp_path / "r.csv"
    rooms.write_text("room,capacity\nx,10\n", encoding="utf-8")
    code = main(
        [
            "group",
            "grid",
            str(sessions),
            str(rooms),
            "--slots",
            "t1",
            "--pdf",
            f"cards={tmp_path / 'c.pdf'}",
        ]
    )
    assert code == 2
    assert "KIND one of poster, slips" in capsys.readouterr().err
