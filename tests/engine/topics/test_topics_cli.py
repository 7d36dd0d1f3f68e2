"""``quartier topics ...`` end to end through ``quartier.cli.main`` with temporary files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from quartier.cli import main

CARDS = """id;title;text
1;Hundeauslaufplatz;Ein Auslauf für Hunde ohne Leine.
2;Hundewiese;Eine Wiese für Hunde.
3;Badesee;Ein See zum Baden im Sommer.
4;Schwimmteich;Ein Teich zum Schwimmen und Baden.
5;Umwelt;
6;Verkehr in Ottensen;
"""


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_similar_writes_the_nearest_contributions_of_each(tmp_path):
    source = tmp_path / "cards.csv"
    source.write_text(CARDS, encoding="utf-8")
    out = tmp_path / "similar.csv"
    assert main(["topics", "similar", str(source), "-k", "1", "-o", str(out)]) == 0
    nearest = {row["id"]: row["neighbour"] for row in read_csv(out)}
    assert nearest["1"] == "2" and nearest["3"] == "4"


def test_cluster_writes_json_themes_from_jsonl(tmp_path):
    source = tmp_path / "cards.jsonl"
    rows = list(csv.DictReader(CARDS.splitlines(), delimiter=";"))[:4]
    source.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), "utf-8")
    out = tmp_path / "themes.json"
    assert main(["topics", "cluster", str(source), "-k", "2", "-o", str(out)]) == 0
    found = sorted(sorted(t["ids"]) for t in json.loads(out.read_text()))
    assert found == [["1", "2"], ["3", "4"]]


def test_broad_flags_themes_not_concrete_titles(tmp_path):
    source = tmp_path / "cards.csv"
    source.write_text(CARDS, encoding="utf-8")
    out = tmp_path / "broad.csv"
    assert main(["topics", "broad", str(source), "-o", str(out)]) == 0
    flagged = {row["id"] for row in read_csv(out) if row["too_broad"] == "1"}
    assert flagged == {"5", "6"}


def test_opinions_reads_polis_votes_and_reports_groups(tmp_path):
    lines = ["timestamp,comment-id,voter-id,vote"]
    for person in range(12):
        for statement in range(8):
            agree = (statement < 4) == (person % 2 == 0)
            lines.append(f"{person * 10 + statement},{statement},{person},{1 if agree else -1}")
    source = tmp_path / "votes.csv"
    source.write_text("\n".join(lines) + "\n")
    out = tmp_path / "map.json"
    assert main(["topics", "opinions", str(source), "-o", str(out)]) == 0
    doc = json.loads(out.read_text())
    assert doc["group_count"] == 2
    by_person = dict(zip(doc["participants"], doc["groups"], strict=True))
    assert by_person["0"] == by_person["2"] != by_person["1"]


def test_a_wrong_vote_names_the_line_and_column(tmp_path, capsys):
    source = tmp_path / "votes.csv"
    source.write_text("participant,statement,vote\na,1,yes\n")
    assert main(["topics", "opinions", str(source)]) == 2
    assert "votes.csv:2: column 'vote'" in capsys.readouterr().err
