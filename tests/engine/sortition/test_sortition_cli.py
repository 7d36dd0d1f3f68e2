"""`quartier sortition ...` end to end on temporary files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from quartier.cli import main


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    quotas = tmp_path / "quotas.csv"
    quotas.write_text(
        "feature,value,min,max\ngender,f,3,4\ngender,m,3,4\nage,young,2,4\nage,old,2,5\n",
        encoding="utf-8",
    )
    people = tmp_path / "people.csv"
    rows = ["id,name,gender,age,home"]
    for i in range(30):
        rows.append(f"p{i},Erika Muster {i},{'fm'[i % 2]},{'young' if i % 3 else 'old'},h{i // 2}")
    people.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return people, quotas


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_select_writes_the_panel_the_reserve_and_the_audit(
    tmp_path: Path, files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    people, quotas = files
    out = tmp_path / "out"
    args = ["sortition", "select", "--people", str(people), "--quotas", str(quotas)]
    code = main(
        [
            *args,
            "--panel-size",
            "7",
            "--seed",
            "12 24 33",
            "--households",
            "home",
            "--panels",
            "200",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    selected = read_csv(out / "selected.csv")
    assert len(selected) == 7
    assert len({row["home"] for row in selected}) == 7
    probabilities = read_csv(out / "probabilities.csv")
    assert list(probabilities[0]) == ["id", "probability", "lottery_probability"]
    assert abs(sum(float(r["lottery_probability"]) for r in probabilities) - 7) < 1e-9
    assert abs(sum(float(r["probability"]) for r in probabilities) - 7) < 1e-6
    audit = json.loads((out / "audit.json").read_text(encoding="utf-8"))
    assert audit["algorithm"] == "leximin" and audit["seed"] == "12 24 33"
    assert len(audit["panels"]) == 200 and "runtime_s" in audit and "min_probability" in audit
    remaining = read_csv(out / "remaining.csv")
    homes = {row["home"] for row in selected}
    assert not any(row["home"] in homes for row in remaining)
    assert "minimum selection probability" in capsys.readouterr().out

    verify = ["sortition", "verify", "--audit", str(out / "audit.json")]
    assert main([*verify, "--people", str(people), "--quotas", str(quotas)]) == 0


def test_verify_fails_with_a_message_on_a_tampered_record(
    tmp_path: Path, files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    people, quotas = files
    out = tmp_path / "out"
    main(
        [
            "sortition",
            "select",
            "--people",
            str(people),
            "--quotas",
            str(quotas),
            "--panel-size",
            "6",
            "--seed",
            "1",
            "--panels",
            "50",
            "--out",
            str(out),
        ]
    )
    audit = json.loads((out / "audit.json").read_text(encoding="utf-8"))
    audit["chosen_panel"] = audit["panels"][(audit["chosen_index"] + 1) % 50]
    if audit["chosen_panel"] == audit["panels"][audit["chosen_index"]]:
        audit["chosen_panel"] = [*sorted(audit["chosen_panel"])[:-1], "p0"]
    (out / "audit.json").write_text(json.dumps(audit), encoding="utf-8")
    code = main(
        [
            "sortition",
            "verify",
            "--audit",
            str(out / "audit.json"),
            "--people",
            str(people),
            "--quotas",
            str(quotas),
        ]
    )
    assert code == 1
    assert "could NOT be confirmed" in capsys.readouterr().err


def test_infeasible_quotas_exit_with_code_3_and_the_relaxation(
    tmp_path: Path, files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    people, _ = files
    quotas = tmp_path / "bad.csv"
    quotas.write_text(
        "feature;value;min;max\ngender;f;5;8\ngender;m;5;8\nage;young;0;9\nage;old;0;9\n",
        encoding="utf-8",
    )
    code = main(
        [
            "sortition",
            "select",
            "--people",
            str(people),
            "--quotas",
            str(quotas),
            "--panel-size",
            "8",
            "--out",
            str(tmp_path / "o"),
        ]
    )
    assert code == 3
    err = capsys.readouterr().err
    assert "the minimums of category 'gender' add up to 10 but the panel has 8 seats" in err
    assert "lower the minimum of “gender: " in err


def test_bad_input_exits_with_code_2_and_names_the_place(
    tmp_path: Path, files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, quotas = files
    people = tmp_path / "people.csv"
    people.write_text("id,gender,age\n1,f,young\n2,x,old\n", encoding="utf-8")
    code = main(
        [
            "sortition",
            "select",
            "--people",
            str(people),
            "--quotas",
            str(quotas),
            "--panel-size",
            "2",
            "--out",
            str(tmp_path / "o"),
        ]
    )
    assert code == 2
    assert "people.csv, line 3, column 'gender'" in capsys.readouterr().err


def test_synth_register_and_invite_end_to_end(tmp_path: Path) -> None:
    register = tmp_path / "register.csv"
    assert (
        main(
            ["sortition", "synth-register", "--size", "3000", "--seed", "5", "--out", str(register)]
        )
        == 0
    )
    out = tmp_path / "invited.csv"
    code = main(
        [
            "sortition",
            "invite",
            "--register",
            str(register),
            "--size",
            "200",
            "--strata",
            "district,sex",
            "--seed",
            "9",
            "--households",
            "household_id",
            "--oversample",
            "Mitte=2",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    rows = read_csv(out)
    assert len(rows) == 200
    assert len({r["household_id"] for r in rows}) == 200
