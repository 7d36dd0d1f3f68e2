"""Plan exports shared by ``quartier group rotate|grid|assign``: per-person schedules, the
room x slot (table x round, group x slot) matrix, and printable PDFs."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from quartier.commands.group_tables import TableError, write_csv
from quartier.engine.grouping.plans import Plan, matrix_rows, schedule_rows

PDF_KINDS = ("cards", "poster", "slips")


def add_plan_options(parser: argparse.ArgumentParser, *, cards: bool) -> None:
    kinds = PDF_KINDS if cards else PDF_KINDS[1:]
    parser.add_argument("--schedule", help="write each person's plan (CSV)")
    parser.add_argument("--matrix", help="write the matrix of rooms/tables x slots/rounds (CSV)")
    parser.add_argument(
        "--pdf",
        action="append",
        default=[],
        metavar="KIND=FILE",
        help=f"write a printable PDF; KIND is one of {', '.join(kinds)} (repeatable)",
    )
    parser.add_argument("--title", default="Quartier", help="title printed on the PDFs")
    parser.add_argument(
        "--language", choices=("de", "en"), default="de", help="language of the PDFs"
    )
    parser.set_defaults(pdf_kinds=kinds)


def write_plans(plan: Plan, args: Any) -> None:
    """Write whatever --schedule/--matrix/--pdf asked for."""
    jobs = []
    for item in args.pdf:
        kind, _, path = item.partition("=")
        if kind not in args.pdf_kinds or not path:
            raise TableError(
                "--pdf", f"{item!r}: use KIND=FILE with KIND one of {', '.join(args.pdf_kinds)}"
            )
        jobs.append((kind, path))
    if args.schedule:
        write_csv(schedule_rows(plan), ["person", "when", "where", "what", "with"], args.schedule)
    if args.matrix:
        write_csv(matrix_rows(plan), ["", *plan.column_labels], args.matrix)
    if jobs:
        from quartier.plans.pdf import plan_pdf

        for kind, path in jobs:
            Path(path).write_bytes(
                plan_pdf(plan, kind=kind, title=args.title, language=args.language)
            )
