"""The whole lottery on pools shaped like real ones, against the anchor in the same run.

Usage::

    .venv/bin/python benchmarks/bench_sortition_pools.py [--quick] [--only NAME ...]
        [--data ../shared/data] [--anchor-timeout 300]

Pools come from :mod:`sortition_pools` (Berlin statistics, correlated features, exact
or one-seat quotas; one loose instance as the old easy shape). For each pool we time
``select`` (LEXIMIN + rounding to 1,000 panels + audit) and ``verify`` of its record in
this process, wall and CPU time, and the anchor (sortition-algorithms maximin, CBC and
HiGHS backends) in child processes from ``QUARTIER_ANCHOR_PYTHON`` (see the Makefile:
the anchor needs highspy >= 1.15, which cannot share a process with ortools). The load
average is noted next to every row because the machine is shared. Results go to
``benchmarks/results/sortition_pools.md``. Skips cleanly when the data folder is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

from quartier import __version__  # noqa: E402
from quartier.engine.sortition import AuditRecord, make_problem, select, verify  # noqa: E402
from quartier.engine.sortition.person_types import build_types  # noqa: E402
from sortition_pools import PoolSpec, load_population, make_pool, spec_list  # noqa: E402

ANCHOR_PYTHON = os.environ.get("QUARTIER_ANCHOR_PYTHON", sys.executable)
ANCHOR_SCRIPT = textwrap.dedent(
    """
    import csv, json, sys, time, logging
    logging.disable(logging.CRITICAL)
    from sortition_algorithms import read_in_features, read_in_people, Settings
    from sortition_algorithms.committee_generation import find_distribution_maximin
    quotas_path, people_path, k, backend = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    with open(quotas_path, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    features, _, _ = read_in_features(["feature", "value", "min", "max"], rows)
    with open(people_path, encoding="utf-8") as f:
        reader = csv.DictReader(f)
        header = reader.fieldnames
        people_rows = list(reader)
    settings = Settings(id_column="id", columns_to_keep=[], check_same_address=False,
                        check_same_address_columns=[])
    people, _ = read_in_people(header, people_rows, features, settings)
    started, cpu = time.perf_counter(), time.process_time()
    committees, probabilities, _ = find_distribution_maximin(features, people, k, [], backend)
    runtime, cpu = time.perf_counter() - started, time.process_time() - cpu
    marginal = {pid: 0.0 for pid in people}
    for committee, p in zip(committees, probabilities):
        for pid in committee:
            marginal[pid] += p
    from importlib.metadata import version
    print(json.dumps({"min": min(marginal.values()), "runtime": runtime, "cpu": cpu,
                      "version": version("sortition-algorithms")}))
    """
)
ANCHOR_VERSION = ["not run"]
BACKENDS = (("CBC", "mip-cbc"), ("HiGHS", "highspy"))


@dataclass
class Anchor:
    minimum: float | None
    wall: float | None
    cpu: float | None
    note: str


@dataclass
class Row:
    spec: PoolSpec
    types: int
    wall: float
    cpu: float
    minimum: float
    gap: float
    levels: int
    deviation_m: float
    shortfall_m: float
    verify_wall: float
    verify_ok: bool
    load: float
    anchors: dict[str, Anchor]


def write_files(directory: Path, people: list, quotas: list) -> tuple[Path, Path]:
    quotas_file = directory / "quotas.csv"
    people_file = directory / "people.csv"
    lines = ["feature,value,min,max"] + [f"{q.category},{q.value},{q.min},{q.max}" for q in quotas]
    quotas_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    columns = list(people[0].features)
    rows = ["id," + ",".join(columns)]
    rows += [p.id + "," + ",".join(p.features[c] for c in columns) for p in people]
    people_file.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return people_file, quotas_file


def run_anchor(people: Path, quotas: Path, k: int, backend: str, timeout: float) -> Anchor:
    command = [ANCHOR_PYTHON, "-c", ANCHOR_SCRIPT, str(quotas), str(people), str(k), backend]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return Anchor(None, None, None, f"> {timeout:.0f} s")
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["?"])[-1]
        return Anchor(None, None, None, f"failed: {tail[:60]}")
    data = json.loads(done.stdout.strip().splitlines()[-1])
    ANCHOR_VERSION[0] = str(data.get("version", "?"))
    return Anchor(float(data["min"]), float(data["runtime"]), float(data["cpu"]), "")


def bench(
    spec: PoolSpec, population: object, work: Path, timeout: float, backends: list[str]
) -> Row:
    people, quotas = make_pool(population, spec)  # type: ignore[arg-type]
    problem = make_problem(people, quotas, spec.k)
    types = build_types(problem).count
    load = os.getloadavg()[0]
    started, cpu = time.perf_counter(), time.process_time()
    result = select(problem, seed="bench", panels=1000)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    text = result.audit.to_json()
    started = time.perf_counter()
    outcome = verify(AuditRecord.from_json(text), problem, seed="bench")
    verify_wall = time.perf_counter() - started
    directory = work / spec.name
    directory.mkdir()
    people_file, quotas_file = write_files(directory, people, quotas)
    anchors = {
        label: (
            run_anchor(people_file, quotas_file, spec.k, backend, timeout)
            if label in backends
            else Anchor(None, None, None, "not run")
        )
        for label, backend in BACKENDS
    }
    d = result.distribution
    return Row(
        spec=spec,
        types=types,
        wall=wall,
        cpu=cpu,
        minimum=d.min_probability,
        gap=d.gap,
        levels=len(d.certificates),
        deviation_m=result.lottery.max_deviation * 1000,
        shortfall_m=result.lottery.min_shortfall * 1000,
        verify_wall=verify_wall,
        verify_ok=outcome.ok,
        load=load,
        anchors=anchors,
    )


def anchor_cell(anchor: Anchor) -> str:
    if anchor.wall is None:
        return anchor.note
    return f"{anchor.wall:.1f} s ({anchor.cpu:.1f} CPU)"


def table(rows: list[Row], elapsed: float) -> str:
    lines = [
        "# Sortition on real-shaped pools (LEXIMIN select vs the anchor's MAXIMIN)",
        "",
        f"- date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}; machine: "
        f"{os.cpu_count()} cores ({platform.machine()}), shared with other jobs",
        f"- python {platform.python_version()}, quartier {__version__}, highspy "
        f"{version('highspy')}; anchor sortition-algorithms {ANCHOR_VERSION[0]} maximin "
        "(CBC via python-mip, HiGHS via highspy), separate process, same run",
        f"- total benchmark time {elapsed:.0f} s",
        "",
        "| instance | n | k | categories | quotas | types | ours: select s (CPU s) | levels "
        "| certified gap | lottery max dev | anchor CBC | anchor HiGHS | ratio CBC/ours wall "
        "(CPU) | min p ours | min p anchor | verify s | load avg |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        cbc, highs = r.anchors["CBC"], r.anchors["HiGHS"]
        ratio = "-"
        if cbc.wall is not None and cbc.cpu is not None:
            ratio = f"{cbc.wall / max(r.wall, 1e-9):.1f}x ({cbc.cpu / max(r.cpu, 1e-9):.1f}x)"
        anchor_min = next((a.minimum for a in (cbc, highs) if a.minimum is not None), None)
        anchor_min_text = "-" if anchor_min is None else f"{anchor_min:.6f}"
        lines.append(
            f"| {r.spec.name} | {r.spec.n} | {r.spec.k} | {r.spec.categories} "
            f"| {r.spec.quotas.replace('_', '-')} | {r.types} | {r.wall:.1f} ({r.cpu:.1f}) "
            f"| {r.levels} | {r.gap:.1e} | {r.deviation_m:.2f}/m | {anchor_cell(cbc)} "
            f"| {anchor_cell(highs)} | {ratio} | {r.minimum:.6f} | {anchor_min_text} "
            f"| {r.verify_wall:.2f}{'' if r.verify_ok else ' FAILED'} | {r.load:.1f} |"
        )
    lines += [
        "",
        "Ours = the whole `select` (LEXIMIN with certificates, rounding to m = 1,000 panels, "
        "audit record); the anchor computes MAXIMIN only (the first LEXIMIN level). "
        "Ratio = anchor CBC time / our time, wall and CPU; under a high load average the CPU "
        "ratio is the fairer one. `certified gap` is the largest gap any level's "
        "Lagrangian certificate proves (recomputed by `verify`); `lottery max dev` the "
        "largest |lottery - exact| probability in units of 1/m (guaranteed <= (k+2)/m). "
        "`verify` checks the record without solving anything. Berlin statistics: Amt für "
        "Statistik Berlin-Brandenburg, CC BY 4.0.",
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="two instances")
    parser.add_argument("--only", nargs="*", default=[], help="instance names to run")
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--anchor-timeout", type=float, default=300.0)
    parser.add_argument(
        "--anchor",
        nargs="*",
        default=[label for label, _ in BACKENDS],
        choices=[label for label, _ in BACKENDS],
        help="anchor backends to run (none: only ours)",
    )
    parser.add_argument(
        "--out", type=Path, default=REPO / "benchmarks" / "results" / "sortition_pools.md"
    )
    args = parser.parse_args()
    source = args.data / "population-berlin"
    if not source.exists():
        print(f"note: {source} not found, skipping the real-shaped pools")
        return 0
    started = time.perf_counter()
    population = load_population(source)
    specs = spec_list(args.quick)
    if args.only:
        specs = [s for s in specs if s.name in args.only]
    work_root = REPO / "benchmarks" / "out"
    work_root.mkdir(parents=True, exist_ok=True)
    rows = []
    with tempfile.TemporaryDirectory(dir=work_root) as tmp:
        for spec in specs:
            print(f"running {spec.name} ...", file=sys.stderr, flush=True)
            rows.append(bench(spec, population, Path(tmp), args.anchor_timeout, args.anchor))
            print(table(rows[-1:], 0).splitlines()[-3], file=sys.stderr, flush=True)
    text = table(rows, time.perf_counter() - started)
    if not args.quick:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
    print(text)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.0f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
