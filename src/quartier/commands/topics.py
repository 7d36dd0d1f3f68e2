"""``quartier topics similar|cluster|broad|opinions``: the topic engine for analysts.

Contributions come as CSV (``,`` or ``;``) or JSONL with an ``id``, a ``title`` and an
optional ``text`` column (names changeable with --id/--title/--text); votes come as a
Pol.is-style CSV/JSONL (``voter-id``/``participant``, ``comment-id``/``statement``,
``vote`` = 1 agree, 0 pass, -1 disagree). Output is CSV, or JSON when --output ends in
``.json`` or --json is given; standard output unless --output. Exit codes: 0 done, 2 the
input is wrong (file, line and column are printed).
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import io
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HELP = """\
similar   the K most similar contributions of each one (id,neighbour,rank,score)
cluster   themes with key-phrase labels (id,theme,label)
broad     the "too broad" hint per title (id,title,too_broad,theme_words)
opinions  opinion groups from agree/disagree/pass votes (participant,group,x,y; JSON adds
          consensus and divisive statements)
"""


class InputError(Exception):
    def __init__(self, path: str, line: int, column: str, message: str) -> None:
        super().__init__(f"{path}:{line}: column {column!r}: {message}")


def read_rows(path: str) -> list[dict[str, str]]:
    text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8-sig")
    if path.endswith(".jsonl") or text.lstrip().startswith("{"):
        rows = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(path, number, "-", f"not JSON ({exc.msg})") from exc
            rows.append({str(k).lower(): "" if v is None else str(v) for k, v in item.items()})
        return rows
    first = text.splitlines()[0] if text else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    return [{(k or "").strip().lower(): (v or "") for k, v in row.items()} for row in reader]


def contributions(args: argparse.Namespace) -> list[tuple[str, str, str]]:
    rows = read_rows(args.input)
    out = []
    for number, row in enumerate(rows, start=2):
        if args.title not in row:
            raise InputError(args.input, number, args.title, "missing")
        key = row.get(args.id) or str(number - 1)
        out.append((key, row[args.title].strip(), row.get(args.text, "").strip()))
    return out


def write(args: argparse.Namespace, header: Sequence[str], rows: list[list[Any]], doc: Any) -> None:
    as_json = args.json or (args.output or "").endswith(".json")
    target = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout  # noqa: SIM115
    try:
        if as_json:
            json.dump(doc, target, ensure_ascii=False, indent=2)
            target.write("\n")
        else:
            writer = csv.writer(target)
            writer.writerow(header)
            writer.writerows(rows)
    finally:
        if args.output:
            target.close()


def _similar(args: argparse.Namespace) -> int:
    import numpy as np

    from quartier.engine.topics.themes import document_vectors

    items = contributions(args)
    vectors = document_vectors([f"{t}. {x}" for _, t, x in items], auto=not args.lexical)
    scores = vectors @ vectors.T
    rows: list[list[Any]] = []
    doc: dict[str, Any] = {}
    for i, (key, _title, _text) in enumerate(items):
        scores[i, i] = -2
        order = np.argsort(-scores[i], kind="stable").tolist()
        best = [(items[j][0], round(float(scores[i, j]), 4)) for j in order[: args.k]]
        rows += [[key, other, rank, score] for rank, (other, score) in enumerate(best, 1)]
        doc[key] = [{"id": other, "score": score} for other, score in best]
    write(args, ["id", "neighbour", "rank", "score"], rows, doc)
    return 0


def _cluster(args: argparse.Namespace) -> int:
    from quartier.engine.topics.themes import themes

    found = themes(contributions(args), k=args.k, auto=not args.lexical)
    rows = [[key, n, t.label] for n, t in enumerate(found, 1) for key in t.keys]
    doc = [{"theme": n, "label": t.label, "ids": list(t.keys)} for n, t in enumerate(found, 1)]
    write(args, ["id", "theme", "label"], rows, doc)
    return 0


def _broad(args: argparse.Namespace) -> int:
    from quartier.engine.topics.breadth import breadth

    rows, doc = [], []
    for key, title, text in contributions(args):
        hint = breadth(title, text)
        rows.append([key, title, int(hint.too_broad), " ".join(hint.generic_words)])
        doc.append(
            {
                "id": key,
                "title": title,
                "too_broad": hint.too_broad,
                "theme_words": list(hint.generic_words),
            }
        )
    write(args, ["id", "title", "too_broad", "theme_words"], rows, doc)
    return 0


def _opinions(args: argparse.Namespace) -> int:
    from quartier.engine.topics.opinions import OpinionVote, opinion_map

    votes = []
    rows_in = read_rows(args.input)
    if rows_in and "timestamp" in rows_in[0]:
        rows_in.sort(key=lambda r: float(r["timestamp"] or 0))
    for number, row in enumerate(rows_in, start=2):
        who = row.get("voter-id", row.get("participant"))
        what = row.get("comment-id", row.get("statement"))
        value = row.get("vote", "")
        if who is None or what is None:
            raise InputError(args.input, number, "participant/statement", "missing")
        if value.strip() not in {"1", "0", "-1"}:
            raise InputError(args.input, number, "vote", f"{value!r} is not 1, 0 or -1")
        votes.append(OpinionVote(who, what, int(value)))
    result = opinion_map(votes, min_votes=args.min_votes)
    rows = [
        [p, g + 1, x, y]
        for p, g, (x, y) in zip(result.participants, result.groups, result.points, strict=True)
    ]
    doc = dataclasses.asdict(result)
    doc["groups"] = [g + 1 for g in result.groups]
    write(args, ["participant", "group", "x", "y"], rows, doc)
    return 0


def _run(handler: Any) -> Any:
    def run(args: argparse.Namespace) -> int:
        try:
            return int(handler(args))
        except (InputError, OSError, UnicodeDecodeError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2

    return run


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "topics",
        help="similar contributions, themes, breadth hints, opinion groups",
        description=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    for name, handler, what in (
        ("similar", _similar, "the most similar contributions of each"),
        ("cluster", _cluster, "themes with labels"),
        ("broad", _broad, "too-broad hints"),
        ("opinions", _opinions, "opinion groups from votes"),
    ):
        sub = actions.add_parser(name, help=what)
        sub.add_argument("input", help="CSV or JSONL file, - for standard input")
        sub.add_argument("--output", "-o", help="file to write (.json for JSON)")
        sub.add_argument("--json", action="store_true", help="write JSON")
        if name == "opinions":
            sub.add_argument("--min-votes", type=int, default=7, help="votes to be placed")
        else:
            sub.add_argument("--id", default="id")
            sub.add_argument("--title", default="title")
            sub.add_argument("--text", default="text")
        if name in {"similar", "cluster"}:
            sub.add_argument("--lexical", action="store_true", help="letters only, no encoder")
            sub.add_argument(
                "-k",
                type=int,
                default=5 if name == "similar" else None,
                help="neighbours (similar) or themes (cluster; default: chosen by silhouette)",
            )
        sub.set_defaults(handler=_run(handler))
