"""Contact import of a 100,000-row Excel list: time and peak memory, step by step.

    .venv/bin/python benchmarks/bench_import.py [--rows N]

Runs the same service calls the import pages make (upload → preview → import in the
background task) against a fresh SQLite database in a temporary folder, on a synthetic
German contact list (first and last name, e-mail, phone, address, consent date). The
baseline in the same process is reading the same workbook with openpyxl's ordinary
(non-streaming) loader, which holds the whole sheet in memory. A second case is the
shape from issue #12: a small file that unzips to more XML than we accept, which must be
refused before any parsing. Writes benchmarks/results/import.md.
"""

from __future__ import annotations

import argparse
import gc
import io
import multiprocessing
import os
import platform
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "import.md"
FIRST = ["Jürgen", "Ayşe", "Özlem", "Anna", "Mehmet", "Gül", "Lukas", "Fatma", "Marie", "Ali"]
LAST = ["Weiß", "Öztürk", "Müller", "Yıldız", "Schmidt", "Kaya", "Fischer", "Haddad", "Wagner"]
SYLLABLES = [
    "ber",
    "ko",
    "lin",
    "mann",
    "sch",
    "wa",
    "tür",
    "ya",
    "del",
    "ha",
    "ri",
    "gen",
    "ö",
    "stein",
    "dorf",
    "ka",
    "mü",
    "ler",
    "zi",
    "bau",
]
STREETS = ["Hauptstraße", "Müllerstraße", "Sonnenallee", "Karl-Marx-Straße", "Turmstraße"]


def workbook_bytes(rows: int, seed: int = 12) -> bytes:
    from openpyxl import Workbook

    rng = random.Random(seed)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Kontakte")
    sheet.append(
        [
            "Vorname",
            "Nachname",
            "E-Mail",
            "Telefon",
            "Straße",
            "Hausnummer",
            "PLZ",
            "Ort",
            "Einwilligung am",
        ]
    )
    for i in range(rows):
        first = f"{rng.choice(FIRST)} {rng.choice(FIRST)}"
        last = "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()
        last = f"{last}-{rng.choice(LAST)}" if rng.random() < 0.3 else last
        sheet.append(
            [
                first,
                last,
                f"person{i}@example.org",
                f"0170 {rng.randint(1_000_000, 9_999_999)}",
                rng.choice(STREETS),
                str(rng.randint(1, 180)),
                f"{rng.randint(10115, 14199)}",
                "Berlin",
                f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.2025",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def bomb_bytes() -> bytes:
    """A list like the one in issue #12: ~400 KB zipped, far more XML inside."""
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<row/>" * (103 * 1024 * 1024 // 6))
    return buffer.getvalue()


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def measure(fn, *, label: str):
    """Run ``fn`` in a forked child: its wall time and its peak resident memory (MB).

    A fresh process per step makes the peak memory that step's own, without the cost of
    tracing every allocation. Database connections are closed first (the child opens its
    own; SQLite in a file shares the data).
    """
    from django.db import connections

    connections.close_all()
    gc.collect()
    receiver, sender = multiprocessing.get_context("fork").Pipe(duplex=False)

    def child() -> None:
        started = time.perf_counter()
        try:
            result, error = fn(), ""
        except Exception as exc:  # the refusal case is expected to raise
            result, error = None, type(exc).__name__
        elapsed = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        sender.send((result, elapsed, peak, error))

    process = multiprocessing.get_context("fork").Process(target=child)
    process.start()
    result, elapsed, peak, error = receiver.recv()
    process.join()
    log(f"{label}: {elapsed:.1f} s, peak {peak:.0f} MB {error}")
    return result, elapsed, peak, error


def django_setup(folder: str) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["QUARTIER_DATA_DIR"] = folder
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quartier.config.settings")
    os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as folder:
        django_setup(folder)
        from openpyxl import load_workbook

        from quartier.accounts.models import User
        from quartier.organisations.services import organisation_create
        from quartier.reach.importing import read_table
        from quartier.reach.models import Contact, ContactImport
        from quartier.reach.services.imports import (
            contact_import_configure,
            contact_import_preview,
            contact_import_run,
            contact_import_upload,
        )

        data = workbook_bytes(args.rows)
        actor = User.objects.create_user(email="bench@example.org", password="x" * 12)
        organisation = organisation_create(name="Benchmark e. V.", creator=actor)

        def baseline() -> int:
            workbook = load_workbook(io.BytesIO(data), data_only=True)
            rows = [list(r) for r in workbook.worksheets[0].iter_rows(values_only=True)]
            return len(rows)

        _, base_time, base_peak, _ = measure(baseline, label="baseline")
        _, read_time, read_peak, _ = measure(
            lambda: len(read_table(filename="k.xlsx", data=data).rows), label="streaming read"
        )

        def upload_file() -> int:
            return contact_import_upload(
                organisation=organisation, actor=actor, filename="kontakte.xlsx", data=data
            ).pk

        upload_pk, upload_time, upload_peak, _ = measure(upload_file, label="upload")
        upload = ContactImport.objects.get(pk=upload_pk)
        contact_import_configure(
            contact_import=upload,
            columns=upload.mapping["columns"],
            duplicate_mode="skip",
            legal_basis="consent",
        )

        def preview() -> int:
            return len(contact_import_preview(contact_import=upload)[1])

        _, preview_time, preview_peak, _ = measure(preview, label="preview")

        def run() -> dict:
            return contact_import_run(
                contact_import=ContactImport.objects.get(pk=upload_pk), actor=actor
            )

        report, run_time, run_peak, _ = measure(run, label="import")
        created = Contact.objects.filter(organisation=organisation).count()
        bomb = bomb_bytes()
        _, bomb_time, bomb_peak, bomb_error = measure(
            lambda: read_table(filename="bombe.xlsx", data=bomb), label="bomb"
        )

    mb = 1024 * 1024  # bytes per MB for the file sizes; peaks are already in MB
    lines = [
        "# Contact import (XLSX)",
        "",
        f"{args.rows:,} rows × 9 columns, {len(data) / mb:.1f} MB XLSX; SQLite in a temporary "
        f"folder; Python {platform.python_version()}; load average {load:.2f} at the start "
        "(2 shared cores, other agents running). Each step runs in its own forked process; "
        "peak memory is that process's maximum resident set size (includes the interpreter "
        "and Django, about the same for every row).",
        "",
        "| step | time (s) | peak memory (MB) |",
        "|---|---:|---:|",
        f"| baseline: openpyxl ordinary load of the whole sheet | {base_time:.1f} | {base_peak:.0f} |",
        f"| streaming read (`read_table`, openpyxl read-only) | {read_time:.1f} | {read_peak:.0f} |",
        f"| upload (streaming read, kept as CSV) | {upload_time:.1f} | {upload_peak:.0f} |",
        f"| preview (CSV read, validation, duplicate check) | {preview_time:.1f} | {preview_peak:.0f} |",
        f"| import task ({created:,} people created in chunks) | {run_time:.1f} | {run_peak:.0f} |",
        f"| issue #12 file: {len(bomb) / 1024:.0f} KB zip, 103 MB XML ({bomb_error}) | {bomb_time:.3f} | {bomb_peak:.0f} |",
        "",
        f"Streaming read vs. baseline: {read_time / base_time:.2f}× the time, "
        f"{read_peak / base_peak:.2f}× the peak memory. Rows with errors: "
        f"{len(report['errors']) if report else 'n/a'}; duplicates skipped (same name, "
        f"e-mail or phone): {len(report['skipped']) if report else 'n/a'}.",
        "",
    ]
    text = "\n".join(lines)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
