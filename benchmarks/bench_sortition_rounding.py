"""Rounding to 1,000 panels on real-shaped pools: the rounding now against the rounding before.

Usage: ``.venv/bin/python benchmarks/bench_sortition_rounding.py [--data ../shared/data]
[--only NAME ...] [--baseline COMMIT]``

For each pool of :mod:`sortition_pools` named below, LEXIMIN runs once; then, in the same
process and on the same distribution, the rounding runs

* as the baseline: the rounding modules of ``--baseline`` (default ``141e218``, the
  window repair before it was made fast), read from git and loaded under another package
  name, so both versions run side by side; skipped when git or the commit is missing;
* as it is now (``docs/background/rounding.md``),

each the median CPU time of three runs, with the largest deviation and the minimum's
shortfall in units of 1/m and whether the 1/m targets (W) and (M) were met. Writes
``benchmarks/results/sortition_rounding.md``. Skips cleanly when the data is absent.
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from quartier.engine.sortition import make_problem, rounding  # noqa: E402
from quartier.engine.sortition.selection import find_distribution  # noqa: E402
from sortition_pools import load_population, make_pool, spec_list  # noqa: E402

POOLS = ("berlin-70-4-exact", "berlin-200-5-oneseat", "berlin-360-7-exact", "berlin-360-7-oneseat")
PANELS = 1000
REPEATS = 3
BASELINE = "141e218"
MODULES = ("rounding_windows", "rounding_floor", "rounding_repair", "rounding")
PACKAGE = "quartier.engine.sortition"


def load_baseline(commit: str, folder: Path) -> ModuleType | None:
    """The rounding modules as they were at ``commit``, importable as ``baseline_rounding``."""
    package = folder / "baseline_rounding"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    for name in MODULES:
        try:
            source = subprocess.run(
                ["git", "show", f"{commit}:src/quartier/engine/sortition/{name}.py"],
                cwd=HERE,
                capture_output=True,
                check=True,
                text=True,
            ).stdout
        except (OSError, subprocess.CalledProcessError):
            return None
        for other in MODULES:
            source = source.replace(f"{PACKAGE}.{other} ", f"baseline_rounding.{other} ")
            source = source.replace(f"{PACKAGE}.{other}\n", f"baseline_rounding.{other}\n")
        (package / f"{name}.py").write_text(source, encoding="utf-8")
    sys.path.insert(0, str(folder))
    return importlib.import_module("baseline_rounding.rounding")


def run(module: ModuleType, distribution: rounding.Distribution) -> tuple[rounding.Lottery, float]:
    """The lottery and the median CPU seconds of REPEATS roundings by ``module``."""
    cpus = []
    for _ in range(REPEATS):
        cpu = time.process_time()
        lottery = module.round_to_lottery(distribution, PANELS)
        cpus.append(time.process_time() - cpu)
    return lottery, statistics.median(cpus)


def cells(lottery: rounding.Lottery | None, cpu: float) -> str:
    if lottery is None:
        return "– | – | – | – | –"
    m = lottery.size
    return (
        f"{cpu:.3f} | {lottery.max_deviation * m:.2f} | {lottery.min_shortfall * m:.2f} | "
        f"{'yes' if lottery.within_one else 'no'} | {'yes' if lottery.min_clause else 'no'}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "data")
    parser.add_argument("--only", nargs="*", default=list(POOLS))
    parser.add_argument("--baseline", default=BASELINE)
    args, _ = parser.parse_known_args()
    source = args.data / "population-berlin"
    if not source.exists():
        print(f"skipped: {source} not found")
        return 0
    with tempfile.TemporaryDirectory() as folder:
        baseline = load_baseline(args.baseline, Path(folder))
        if baseline is None:
            print(f"baseline {args.baseline} not in git: only the current rounding is timed")
        return measure(args, source, baseline)


def measure(args: argparse.Namespace, source: Path, baseline: ModuleType | None) -> int:
    population = load_population(source)
    rows = []
    for spec in spec_list(False):
        if spec.name not in args.only:
            continue
        people, quotas = make_pool(population, spec)
        distribution = find_distribution(make_problem(people, quotas, spec.k))
        load = os.getloadavg()[0]
        before, before_cpu = run(baseline, distribution) if baseline else (None, 0.0)
        after, after_cpu = run(rounding, distribution)
        ratio = f"{before_cpu / max(after_cpu, 1e-9):.1f}x" if before else "–"
        row = (
            f"| {spec.name} | {distribution.pool.count} | {distribution.support_size} | "
            f"{cells(before, before_cpu)} | {cells(after, after_cpu)} | "
            f"{ratio} | {load:.1f} |"
        )
        rows.append(row)
        print(row, flush=True)
    lines = [
        "# Sortition: rounding to 1,000 panels, now against the rounding before",
        "",
        f"Pools from `sortition_pools.py` (Berlin statistics, correlated features). Median "
        f"CPU seconds of {REPEATS} roundings of the same LEXIMIN distribution in one process, "
        f"by the rounding of commit `{args.baseline}` (baseline) and by the current one, "
        f"on {os.cpu_count()} cores ({platform.machine()}), shared with other jobs; "
        "`python benchmarks/bench_sortition_rounding.py`. Deviations in units of 1/m: "
        "*max dev* is the largest |lottery − exact| probability, *shortfall* how far the "
        "lottery minimum lies below the exact minimum; (W) = everyone within 1/m, "
        "(M) = shortfall at most 1/m. The proven bound is (k + 2)/m in both columns.",
        "",
        "| pool | types | support | baseline CPU s | max dev | shortfall | (W) | (M) "
        "| now CPU s | max dev | shortfall | (W) | (M) | speed-up (CPU) | load avg |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        *rows,
        "",
    ]
    out = HERE / "results" / "sortition_rounding.md"
    out.parent.mkdir(exist_ok=True)
    out.write_text("\n".join(lines), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
