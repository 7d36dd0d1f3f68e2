"""Benchmark quartier's sortition engine against the `sortition_algorithms` package.

Usage::

    .venv/bin/python benchmarks/bench_sortition.py [--quick] [--data /work/shared/data]

Instances: the Flanigan et al. examples (``sortition/example_small_20`` and
``example_large_200``, skipped with a message when the data folder is absent) and
synthetic pools (n, k, 5 to 8 categories, some with households). For each, our LEXIMIN,
MAXIMIN and NASH run in this process; the anchor's MAXIMIN (HiGHS backend, no Gurobi)
runs in a child process with a time limit. Stage one draws 10,000 invitations from a
3.9-million-row synthetic register in a child process that reports its peak RSS.
Results go to ``benchmarks/results/sortition.md`` and stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
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

from quartier import __version__  # noqa: E402
from quartier.engine.sortition import (  # noqa: E402
    Person,
    Quota,
    SelectionProblem,
    find_distribution,
    make_problem,
    read_people,
    read_quotas,
)
from quartier.engine.sortition.person_types import build_types  # noqa: E402

FEW_TYPES = 100
# The anchor needs highspy >= 1.15, which cannot share a process with ortools; `make bench`
# points this at a separate environment. Default: this interpreter.
ANCHOR_PYTHON = os.environ.get("QUARTIER_ANCHOR_PYTHON", sys.executable)
ANCHOR_VERSION = ["not run"]
ANCHOR_SCRIPT = textwrap.dedent(
    """
    import csv, json, sys, time, logging
    logging.disable(logging.CRITICAL)
    from sortition_algorithms import read_in_features, read_in_people, Settings
    from sortition_algorithms.committee_generation import find_distribution_maximin
    quotas_path, people_path, k, household = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    with open(quotas_path, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    features, _, _ = read_in_features(["feature", "value", "min", "max"], rows)
    with open(people_path, encoding="utf-8") as f:
        reader = csv.DictReader(f)
        header = reader.fieldnames
        people_rows = list(reader)
    keep = [household] if household else []
    settings = Settings(id_column="id", columns_to_keep=keep,
                        check_same_address=bool(household),
                        check_same_address_columns=keep)
    people, _ = read_in_people(header, people_rows, features, settings)
    started = time.perf_counter()
    committees, probabilities, _ = find_distribution_maximin(features, people, k, keep)
    runtime = time.perf_counter() - started
    marginal = {pid: 0.0 for pid in people}
    for committee, p in zip(committees, probabilities):
        for pid in committee:
            marginal[pid] += p
    from importlib.metadata import version
    print(json.dumps({"min": min(marginal.values()), "runtime": runtime,
                      "version": version("sortition-algorithms")}))
    """
)

STAGE_ONE_SCRIPT = textwrap.dedent(
    """
    import json, resource, sys, time
    from quartier.engine.sortition import invite
    started = time.perf_counter()
    result = invite(sys.argv[1], int(sys.argv[2]), ["district", "age_band", "sex"],
                    seed="2026", household_column="household_id")
    runtime = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # ru_maxrss survives fork+exec on Linux; VmHWM is this program's own peak
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                peak = int(line.split()[1]) / 1024
    print(json.dumps({"runtime": runtime, "peak_mb": peak, "invited": result.invited.height,
                      "rows": result.register_rows}))
    """
)


@dataclass
class Instance:
    name: str
    problem: SelectionProblem
    quotas_file: Path
    people_file: Path
    reference_min: float | None = None


@dataclass
class Row:
    instance: Instance
    types: int
    leximin_min: float
    leximin_gap: float
    leximin_s: float
    maximin_s: float
    nash_s: float
    legacy_min: float
    anchor_min: float | None
    anchor_s: float | None
    anchor_note: str


def synthetic(
    n: int, k: int, categories: int, households: bool, seed: int
) -> tuple[list[Person], list[Quota]]:
    """A pool with skewed category shares and quotas at the population share +-15%."""
    rng = random.Random(seed)
    specs = [
        ("gender", ["female", "male", "diverse"], [0.49, 0.49, 0.02]),
        ("age", ["16-29", "30-44", "45-59", "60-74", "75+"], [0.2, 0.25, 0.25, 0.2, 0.1]),
        ("district", ["north", "east", "south", "west"], [0.3, 0.3, 0.2, 0.2]),
        ("background", ["none", "german_mb", "foreign"], [0.6, 0.15, 0.25]),
        ("education", ["low", "middle", "high"], [0.3, 0.4, 0.3]),
        ("housing", ["rent", "own"], [0.8, 0.2]),
        ("work", ["employed", "unemployed", "retired"], [0.6, 0.1, 0.3]),
        ("transport", ["car", "bike", "public"], [0.3, 0.3, 0.4]),
    ][:categories]
    people = []
    for i in range(n):
        features = {name: rng.choices(values, weights)[0] for name, values, weights in specs}
        features["id"] = f"p{i}"
        home = i // 2 if households and i % 5 < 2 else n + i
        features["home"] = f"h{home}"
        people.append(Person(f"p{i}", features))
    quotas = []
    for name, values, _ in specs:
        for value in values:
            count = sum(1 for p in people if p.features[name] == value)
            share = k * count / n
            quotas.append(
                Quota(name, value, max(0, int(share * 0.85)), min(count, int(share * 1.15) + 1))
            )
    return people, quotas


def write_instance(directory: Path, people: list[Person], quotas: list[Quota]) -> tuple[Path, Path]:
    quotas_file = directory / "quotas.csv"
    people_file = directory / "people.csv"
    with quotas_file.open("w", encoding="utf-8") as handle:
        handle.write("feature,value,min,max\n")
        for q in quotas:
            handle.write(f"{q.category},{q.value},{q.min},{q.max}\n")
    columns = ["id", *[c for c in people[0].features if c != "id"]]
    with people_file.open("w", encoding="utf-8") as handle:
        handle.write(",".join(columns) + "\n")
        for p in people:
            handle.write(",".join([p.id, *(p.features[c] for c in columns[1:])]) + "\n")
    return quotas_file, people_file


def flanigan(directory: Path, k: int, work: Path) -> Instance:
    quotas = read_quotas(directory / "categories.csv")
    pool = read_people(directory / "respondents.csv", quotas)
    people = [Person(p.id, {**p.features, "id": p.id}) for p in pool.people]
    quotas_file, people_file = write_instance(work, people, list(quotas))
    reference = None
    stats = directory / "reference_statistics.txt"
    if stats.exists():
        for line in stats.read_text(encoding="utf-8").splitlines():
            if line.startswith("LEXIMIN minimum probability"):
                reference = float(line.split("\t")[-1].strip().rstrip("%")) / 100
    problem = make_problem(people, quotas, k)
    return Instance(directory.name, problem, quotas_file, people_file, reference)


def run_anchor(instance: Instance, timeout: float) -> tuple[float | None, float | None, str]:
    household = instance.problem.household_column or ""
    command = [
        ANCHOR_PYTHON,
        "-c",
        ANCHOR_SCRIPT,
        str(instance.quotas_file),
        str(instance.people_file),
        str(instance.problem.panel_size),
        household,
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return None, None, f"did not finish in {timeout:.0f} s"
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["?"])[-1]
        return None, None, f"failed: {tail[:80]}"
    data = json.loads(done.stdout.strip().splitlines()[-1])
    ANCHOR_VERSION[0] = str(data.get("version", "?"))
    return float(data["min"]), float(data["runtime"]), ""


def timed(problem: SelectionProblem, algorithm: str) -> tuple[float, object]:
    started = time.perf_counter()
    result = find_distribution(problem, algorithm)
    return time.perf_counter() - started, result


def bench_instance(instance: Instance, anchor_timeout: float) -> Row:
    pool = build_types(instance.problem)
    leximin_s, leximin = timed(instance.problem, "leximin")
    maximin_s = nash_s = float("nan")
    if pool.count <= FEW_TYPES:  # keep the whole benchmark within ~20 minutes
        maximin_s, _ = timed(instance.problem, "maximin")
        nash_s, _ = timed(instance.problem, "nash")
    _, legacy = timed(instance.problem, "legacy")
    anchor_min, anchor_s, note = run_anchor(instance, anchor_timeout)
    return Row(
        instance=instance,
        types=pool.count,
        leximin_min=leximin.min_probability,  # type: ignore[attr-defined]
        leximin_gap=leximin.gap,  # type: ignore[attr-defined]
        leximin_s=leximin_s,
        maximin_s=maximin_s,
        nash_s=nash_s,
        legacy_min=legacy.min_probability,  # type: ignore[attr-defined]
        anchor_min=anchor_min,
        anchor_s=anchor_s,
        anchor_note=note,
    )


def stage_one(rows: int, work: Path, size: int) -> dict[str, float]:
    register = work / f"register_{rows}.csv"
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    if not register.exists():  # in a child, so this process stays small
        make = "import sys; from quartier.engine.sortition import synthesize_register as s; "
        make += "s(sys.argv[1], int(sys.argv[2]), seed=7)"
        subprocess.run([sys.executable, "-c", make, str(register), str(rows)], env=env, check=True)
    done = subprocess.run(
        [sys.executable, "-c", STAGE_ONE_SCRIPT, str(register), str(size)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def seconds(value: float) -> str:
    return "-" if value != value else f"{value:.3f}"


def table(rows: list[Row], stage: dict[str, float], elapsed: float, quick: bool) -> str:
    lines = [
        "# Sortition benchmark",
        "",
        f"- date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- machine: {os.cpu_count()} cores ({platform.machine()}, {platform.system()})",
        f"- python {platform.python_version()}, quartier {__version__}, highspy "
        f"{version('highspy')}, polars {version('polars')}, anchor sortition-algorithms "
        f"{ANCHOR_VERSION[0]} (maximin, HiGHS backend, in its own environment)",
        f"- mode: {'quick' if quick else 'full'}; total benchmark time {elapsed:.0f} s",
        "",
        "| instance | n | k | categories | households | types | LEXIMIN min p | gap | LEXIMIN s "
        "| MAXIMIN s | NASH s | LEGACY min p | anchor MAXIMIN min p | anchor s | same min (1e-6) "
        "| speed-up |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        p = r.instance.problem
        same = (
            "-"
            if r.anchor_min is None
            else ("yes" if abs(r.anchor_min - r.leximin_min) <= 1e-6 else "NO")
        )
        speed = "-" if r.anchor_s is None else f"{r.anchor_s / max(r.leximin_s, 1e-9):.0f}x"
        anchor_p = r.anchor_note if r.anchor_min is None else f"{r.anchor_min:.6f}"
        anchor_s = "-" if r.anchor_s is None else f"{r.anchor_s:.2f}"
        ref = (
            ""
            if r.instance.reference_min is None
            else f" (published {r.instance.reference_min:.3f})"
        )
        lines.append(
            f"| {r.instance.name} | {len(p.people)} | {p.panel_size} | {len(p.categories)} "
            f"| {'yes' if p.household_column else 'no'} | {r.types} | {r.leximin_min:.6f}{ref} "
            f"| {r.leximin_gap:.1e} | {r.leximin_s:.3f} | {seconds(r.maximin_s)} "
            f"| {seconds(r.nash_s)} "
            f"| {r.legacy_min:.4f} | {anchor_p} | {anchor_s} | {same} | {speed} |"
        )
    lines += [
        "",
        "Stage one (invitation draw, district x age band x sex, one per household):",
        "",
        "| register rows | invited | runtime s | peak RSS MB |",
        "|---|---|---|---|",
        f"| {int(stage['rows'])} | {int(stage['invited'])} | {stage['runtime']:.2f} "
        f"| {stage['peak_mb']:.0f} |",
        "",
        "LEGACY min p is the empirical minimum over 1,000 greedy draws (upper estimate). "
        f"MAXIMIN/NASH are timed only on instances with at most {FEW_TYPES} types. "
        "Speed-up = anchor MAXIMIN time / our LEXIMIN time.",
        "Flanigan/Gölz example data: GPL-3.0 (citizensassemblies-replication); Berlin "
        "marginals: Amt für Statistik Berlin-Brandenburg, CC BY 4.0.",
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small subset, under a minute")
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--anchor-timeout", type=float, default=None)
    parser.add_argument(
        "--out", type=Path, default=REPO / "benchmarks" / "results" / "sortition.md"
    )
    args = parser.parse_args()
    started = time.perf_counter()
    timeout = args.anchor_timeout or (40.0 if args.quick else 150.0)
    work_root = REPO / "benchmarks" / "out"
    work_root.mkdir(parents=True, exist_ok=True)
    instances: list[Instance] = []
    with tempfile.TemporaryDirectory(dir=work_root) as tmp:
        tmp_path = Path(tmp)
        sortition = args.data / "sortition"
        names = ["example_small_20"] if args.quick else ["example_small_20", "example_large_200"]
        if sortition.exists():
            for name in names:
                work = tmp_path / name
                work.mkdir()
                k = int(name.rsplit("_", 1)[1])
                instances.append(flanigan(sortition / name, k, work))
        else:
            print(f"note: {sortition} not found, skipping the Flanigan et al. instances")
        specs = (
            [(300, 30, 5, False)]
            if args.quick
            else [
                (300, 30, 5, False),
                (300, 30, 8, True),
                (1000, 100, 6, True),
                (2000, 150, 5, False),
            ]
        )
        for n, k, categories, households in specs:
            people, quotas = synthetic(n, k, categories, households, seed=n + k)
            work = tmp_path / f"synthetic_{n}_{k}_{categories}"
            work.mkdir()
            quotas_file, people_file = write_instance(work, people, quotas)
            problem = make_problem(
                people, quotas, k, household_column="home" if households else None
            )
            name = f"synthetic n={n} k={k} c={categories}" + (" households" if households else "")
            instances.append(Instance(name, problem, quotas_file, people_file))
        rows = []
        for instance in instances:
            print(f"running {instance.name} ...", file=sys.stderr, flush=True)
            rows.append(bench_instance(instance, timeout))
    print("running stage one ...", file=sys.stderr, flush=True)
    stage = stage_one(
        200_000 if args.quick else 3_900_000, work_root, 1000 if args.quick else 10_000
    )
    text = table(rows, stage, time.perf_counter() - started, args.quick)
    if not args.quick:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
