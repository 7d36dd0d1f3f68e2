"""``quartier group ...`` end to end through ``quartier.cli.main`` with temporary files."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from quartier.cli import main


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_split_reads_a_cp1252_semicolon_file_and_writes_groups(tmp_path, capsys):
    names = ["Zoé", "Jürgen", "Ana", "Bea", "Côme", "Dörte", "Eli", "Fatoş"[:4], "Gaël", "Hé"]
    lines = ["Id;Age;Quartier"] + [
        f"{name};{'jeune' if i % 2 else 'âgé'};{'nord' if i < 5 else 'sud'}"
        for i, name in enumerate(names)
    ]
    people = write(tmp_path / "people.csv", "\r\n".join(lines) + "\r\n", "cp1252")
    apart = write(tmp_path / "apart.csv", "a,b\nZoé,Jürgen\n")
    out = tmp_path / "groups.csv"
    code = main(
        ["group", "split", str(people), "--groups", "2", "--apart", str(apart), "-o", str(out)]
    )
    assert code == 0
    rows = read_csv(out)
    assert {r["id"] for r in rows} == set(names)
    group = {r["id"]: r["group"] for r in rows}
    assert group["Zoé"] != group["Jürgen"]
    assert "deviation" in capsys.readouterr().err


def test_split_names_the_file_line_and_column_of_a_missing_column(tmp_path, capsys):
    people = write(tmp_path / "people.csv", "name,age\nA,1\nB,2\n")
    assert main(["group", "split", str(people), "--groups", "2"]) == 2
    err = capsys.readouterr().err
    assert "people.csv, line 1, column 'id'" in err
    assert "missing column" in err


def test_split_names_the_line_of_an_empty_id(tmp_path, capsys):
    people = write(tmp_path / "people.csv", "id,age\nA,1\n,2\n")
    assert main(["group", "split", str(people), "--groups", "2"]) == 2
    assert "people.csv, line 3, column 'id'" in capsys.readouterr().err


def test_split_reports_an_infeasible_request_with_exit_code_1(tmp_path, capsys):
    people = write(tmp_path / "people.csv", "id\nA\nB\nC\n")
    apart = write(tmp_path / "apart.csv", "a;b\nA;B\nB;C\nA;C\n")
    assert main(["group", "split", str(people), "--groups", "2", "--apart", str(apart)]) == 1
    assert "A and B must be in different groups" in capsys.readouterr().err


def test_assign_reads_wide_preferences_and_cancels_small_groups(tmp_path, capsys):
    prefs = write(
        tmp_path / "prefs.csv",
        "participant,choice1,choice2\n"
        + "".join(f"p{i},trees,bikes\n" for i in range(4))
        + "fan,bikes,trees\n",
    )
    groups = write(
        tmp_path / "groups.csv", "group,slot,capacity,min\ntrees,am,10,3\nbikes,am,10,3\n"
    )
    out = tmp_path / "out.csv"
    assert main(["group", "assign", str(prefs), str(groups), "-o", str(out)]) == 0
    rows = read_csv(out)
    assert {r["group"] for r in rows} == {"trees"}
    assert [r["rank"] for r in rows if r["participant"] == "fan"] == ["2"]
    assert "cancelled groups: bikes" in capsys.readouterr().err


def test_assign_reads_long_preferences_from_xlsx(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Participant", "Group", "Rank"])
    sheet.append(["ann", "a", 1])
    sheet.append(["ann", "b", 2])
    sheet.append(["bob", "a", 1])
    book.save(tmp_path / "prefs.xlsx")
    groups = write(tmp_path / "groups.csv", "group,capacity\na,1\nb,1\n")
    out = tmp_path / "out.csv"
    code = main(["group", "assign", str(tmp_path / "prefs.xlsx"), str(groups), "-o", str(out)])
    assert code == 0
    assert {r["participant"]: r["group"] for r in read_csv(out)} == {"ann": "b", "bob": "a"}


def test_assign_names_an_unknown_group_by_line_and_column(tmp_path, capsys):
    prefs = write(tmp_path / "prefs.csv", "participant,choice1,choice2\nann,a,zz\n")
    groups = write(tmp_path / "groups.csv", "group,capacity\na,1\n")
    assert main(["group", "assign", str(prefs), str(groups)]) == 2
    assert "prefs.csv, line 2, column 'choice2': unknown group 'zz'" in capsys.readouterr().err


def test_assign_names_a_bad_number(tmp_path, capsys):
    prefs = write(tmp_path / "prefs.csv", "participant,choice1\nann,a\n")
    groups = write(tmp_path / "groups.csv", "group,capacity\na,lots\n")
    assert main(["group", "assign", str(prefs), str(groups)]) == 2
    assert "groups.csv, line 2, column 'capacity'" in capsys.readouterr().err


def test_grid_plans_and_validates(tmp_path, capsys):
    sessions = write(
        tmp_path / "sessions.csv",
        "session,host,interest,pinned_room,pinned_slot\n"
        "bees,Ann,30,,\nbikes,Ann|Bob,10,,\ntrees,Cy,5,garden,2\n",
    )
    rooms = write(tmp_path / "rooms.csv", "room,capacity\nhall,40\ngarden,10\n")
    interests = write(tmp_path / "wants.csv", "participant,session\nx,bees\nx,trees\n")
    out = tmp_path / "grid.csv"
    args = ["group", "grid", str(sessions), str(rooms), "--slots", "1,2"]
    assert main([*args, "--interests", str(interests), "-o", str(out)]) == 0
    placed = {r["session"]: (r["room"], r["slot"]) for r in read_csv(out)}
    assert placed["trees"] == ("garden", "2")
    assert placed["bees"][0] == "hall" and placed["bees"][1] == "1"
    assert placed["bikes"][1] != placed["bees"][1]  # same host Ann
    capsys.readouterr()

    edited = write(tmp_path / "edited.csv", "session,room,slot\nbees,garden,1\nbikes,hall,1\n")
    assert main([*args, "--validate", str(edited)]) == 1
    report = capsys.readouterr().out
    assert "grid.room_capacity: session bees expects 30 people but room garden holds 10" in report
    assert "grid.host_once_per_slot" in report
    assert "grid.session_placed: session trees has no room and slot" in report


def test_grid_explains_infeasibility(tmp_path, capsys):
    sessions = write(tmp_path / "s.csv", "session,host,interest\nA,H,5\nB,H,5\n")
    rooms = write(tmp_path / "r.csv", "room,capacity\nhall,40\n")
    avail = write(tmp_path / "a.csv", "host,slot\nH,1\n")
    args = ["group", "grid", str(sessions), str(rooms), "--slots", "1,2"]
    assert main([*args, "--availability", str(avail)]) == 1
    assert "host H is in sessions A and B but is available in only 1 slot" in (
        capsys.readouterr().err
    )


def test_rotate_plans_rounds_of_tables(tmp_path):
    out = tmp_path / "rounds.csv"
    code = main(
        [
            "group",
            "rotate",
            "--people",
            "12",
            "--rounds",
            "3",
            "--table-min",
            "3",
            "--table-max",
            "4",
            "--seed",
            "2",
            "-o",
            str(out),
        ]
    )
    assert code == 0
    rows = read_csv(out)
    assert len(rows) == 36
    assert {r["round"] for r in rows} == {"1", "2", "3"}


def test_rotate_answers_how_many_rounds_until_all_met(tmp_path, capsys):
    people = write(tmp_path / "people.csv", "id\n" + "".join(f"x{i}\n" for i in range(6)))
    code = main(
        [
            "group",
            "rotate",
            "--people-file",
            str(people),
            "--until-all-met",
            "--table-min",
            "2",
            "--table-max",
            "2",
            "-o",
            str(tmp_path / "out.csv"),
        ]
    )
    assert code == 0
    err = capsys.readouterr().err
    assert "rounds until all met: 5" in err and "lower bound 5 for any seating" in err


@pytest.mark.parametrize("sub", ["split", "assign", "grid", "rotate"])
def test_every_subcommand_documents_its_columns(sub, capsys):
    with pytest.raises(SystemExit):
        main(["group", sub, "--help"])
    assert "output:" in capsys.readouterr().out


# --- strict inputs ------------------------------------------------------------------------


def _assign_files(tmp_path, preferences: str, groups: str = "group,capacity\nA,5\nB,5\n"):
    return (
        write(tmp_path / "prefs.csv", preferences),
        write(tmp_path / "groups.csv", groups),
    )


@pytest.mark.parametrize(
    ("preferences", "groups", "where", "what"),
    [
        (
            "participant,choice1\nann,A\nann,B\n",
            None,
            "prefs.csv, line 3, column 'participant'",
            "already on line 2",
        ),
        (
            "participant,choice1,choice2\nann,A,A\n",
            None,
            "prefs.csv, line 2, column 'choice2'",
            "already listed in choice1",
        ),
        (
            "participant,group,rank\nann,A,1\nann,A,2\n",
            None,
            "prefs.csv, line 3, column 'group'",
            "already on line 2",
        ),
        (
            "participant,choice1\nann,A\n",
            "group,capacity\nA,5\nA,3\n",
            "groups.csv, line 3, column 'group'",
            "already on line 2",
        ),
        (
            "participant,choice1\nann,A\n",
            "group,capacity\nA,-5\n",
            "groups.csv, line 2, column 'capacity'",
            "negative",
        ),
        ('participant,choice1\nann,A\nbob,"B\nnobody,A\n', None, "prefs.csv, line 3", "not closed"),
        (
            "participant,choice1,choice1\nann,A,B\n",
            None,
            "prefs.csv, line 1, column 'choice1'",
            "appears twice",
        ),
    ],
)
def test_assign_rejects_duplicates_and_slips_with_file_line_and_column(
    tmp_path, capsys, preferences, groups, where, what
):
    prefs, group_file = _assign_files(tmp_path, preferences, groups or "group,capacity\nA,5\nB,5\n")
    assert main(["group", "assign", str(prefs), str(group_file)]) == 2
    err = capsys.readouterr().err
    assert where in err and what in err


def test_assign_lists_people_left_without_a_place(tmp_path):
    prefs, groups = _assign_files(
        tmp_path, "participant,choice1\nann,A\nbob,A\ncem,A\n", "group,capacity\nA,2\n"
    )
    out = tmp_path / "out.csv"
    code = main(["group", "assign", str(prefs), str(groups), "--allow-unassigned", "-o", str(out)])
    assert code == 0
    rows = read_csv(out)
    assert sorted(r["participant"] for r in rows) == ["ann", "bob", "cem"]
    assert sum(1 for r in rows if r["group"] == "") == 1


@pytest.mark.parametrize(
    "options",
    [
        ["--time-limit", "-1"],
        ["--time-limit", "nan"],
        ["--people", "1"],
        ["--table-min", "0"],
        ["--seed", "-3"],
    ],
)
def test_rotate_range_checks_its_options(capsys, options):
    args = ["group", "rotate", "--rounds", "2", *options]
    if "--people" not in options:
        args += ["--people", "8"]
    with pytest.raises(SystemExit) as caught:
        main(args)
    assert caught.value.code == 2
    assert "must be" in capsys.readouterr().err or "argument" in capsys.readouterr().err


def test_rotate_refuses_pairs_only_with_an_odd_count_instead_of_making_a_trio(capsys):
    code = main(
        [
            "group",
            "rotate",
            "--people",
            "7",
            "--rounds",
            "2",
            "--table-min",
            "2",
            "--table-max",
            "2",
        ]
    )
    assert code == 2
    assert "odd number cannot sit in pairs only" in capsys.readouterr().err


def test_rotate_rejects_unknown_people_in_the_history(tmp_path, capsys):
    people = write(tmp_path / "people.csv", "id\nann\nbob\ncem\ndia\n")
    history = write(tmp_path / "history.csv", "a,b\nann,bob\ncem,zoe\n")
    code = main(
        [
            "group",
            "rotate",
            "--people-file",
            str(people),
            "--rounds",
            "1",
            "--history",
            str(history),
        ]
    )
    assert code == 2
    assert "history.csv, line 3, column 'b': unknown person 'zoe'" in capsys.readouterr().err


def test_rotate_rejects_a_person_listed_twice(tmp_path, capsys):
    people = write(tmp_path / "people.csv", "id\nann\nbob\nann\n")
    assert main(["group", "rotate", "--people-file", str(people), "--rounds", "1"]) == 2
    assert "people.csv, line 4, column 'id'" in capsys.readouterr().err


def test_seven_at_tables_of_one_to_three_report_the_true_bound(capsys):
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
        ]
    )
    assert code == 0
    captured = capsys.readouterr()
    assert "rounds until all met: 4" in captured.err and "lower bound 4" in captured.err
    rounds = {line.split(",")[0] for line in captured.out.splitlines()[1:]}
    assert rounds == {"1", "2", "3", "4"}


def test_grid_rejects_duplicate_sessions_rooms_and_unknown_hosts(tmp_path, capsys):
    sessions = write(tmp_path / "s.csv", "session,host,interest\na,h1,5\nb,h2,5\na,h3,4\n")
    rooms = write(tmp_path / "r.csv", "room,capacity\nx,10\ny,10\n")
    assert main(["group", "grid", str(sessions), str(rooms), "--slots", "t1,t2"]) == 2
    assert "s.csv, line 4, column 'session'" in capsys.readouterr().err
    sessions = write(tmp_path / "s.csv", "session,host,interest\na,h1,5\nb,h2,5\n")
    rooms2 = write(tmp_path / "r2.csv", "room,capacity\nx,10\nx,10\n")
    assert main(["group", "grid", str(sessions), str(rooms2), "--slots", "t1,t2"]) == 2
    assert "r2.csv, line 3, column 'room'" in capsys.readouterr().err
    avail = write(tmp_path / "a.csv", "host,slot\nh1,t1\nh9,t2\n")
    code = main(
        [
            "group",
            "grid",
            str(sessions),
            str(rooms),
            "--slots",
            "t1,t2",
            "--availability",
            str(avail),
        ]
    )
    assert code == 2
    assert "a.csv, line 3, column 'host': unknown host 'h9'" in capsys.readouterr().err


def test_grid_reads_a_programme_and_validate_reports_the_conflict_weight(tmp_path, capsys):
    sessions = write(
        tmp_path / "sessions.csv",
        "session,host,interest,needs,length,track,forbidden_slots\n"
        "walk,ana,10,step-free,1,mobility,\n"
        "bus,ben,10,,1,mobility,t2\n"
        "garden,cem,10,,2,,\n",
    )
    rooms = write(
        tmp_path / "rooms.csv", "room,capacity,features\nhall,50,step-free|hybrid\nroom,20,\n"
    )
    out = tmp_path / "grid.csv"
    clashes = tmp_path / "clashes.csv"
    code = main(
        [
            "group",
            "grid",
            str(sessions),
            str(rooms),
            "--slots",
            "t1,t2",
            "-o",
            str(out),
            "--conflicts",
            str(clashes),
        ]
    )
    assert code == 0
    placed = {r["session"]: r for r in read_csv(out)}
    assert placed["walk"]["room"] == "hall" and placed["bus"]["slot"] == "t1"
    assert placed["walk"]["slot"] != placed["bus"]["slot"]
    assert read_csv(clashes) == []
    edited = write(
        tmp_path / "edited.csv", "session,room,slot\nwalk,hall,t1\nbus,room,t1\ngarden,room,t1\n"
    )
    code = main(
        ["group", "grid", str(sessions), str(rooms), "--slots", "t1,t2", "--validate", str(edited)]
    )
    assert code == 1
    text = capsys.readouterr().out
    assert "room room has 2 sessions in slot t1" in text
    assert "conflict weight 100 in 1 clashing pairs" in text
    assert "bus + walk (slot t1, weight 100): same track mobility" in text


def test_grid_rejects_an_unknown_slot_in_a_session_row(tmp_path, capsys):
    sessions = write(tmp_path / "s.csv", "session,host,allowed_slots\na,h,t1|t7\n")
    rooms = write(tmp_path / "r.csv", "room,capacity\nx,10\n")
    assert main(["group", "grid", str(sessions), str(rooms), "--slots", "t1,t2"]) == 2
    assert "s.csv, line 2, column 'allowed_slots': unknown slot 't7'" in capsys.readouterr().err


def test_rotate_says_when_the_time_limit_cut_the_search(tmp_path, capsys, monkeypatch):
    import time
    from types import SimpleNamespace

    from quartier.engine.grouping import solving

    args = ["group", "rotate", "--people", "22", "--rounds", "6", "--table-min", "3"]
    args += ["--table-max", "4", "--time-limit", "30", "-o", str(tmp_path / "r.csv")]
    assert main(args) == 0
    assert "time limit cut the search" not in capsys.readouterr().err
    # The engine's clock now runs a million times fast: the limit is gone at once.
    fast = SimpleNamespace(perf_counter=lambda: 1e6 * time.perf_counter())
    monkeypatch.setattr(solving, "time", fast)
    assert main(args) == 0
    assert "time limit cut the search" in capsys.readouterr().err
