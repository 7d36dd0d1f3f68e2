"""Rounding to 1,000 panels on real-shaped pools: the window repair against the baseline.

Usage: ``.venv/bin/python benchmarks/bench_sortition_rounding.py [--data ../shared/data]
[--only NAME ...]``

For each pool of :mod:`sortition_pools` named below, LEXIMIN runs once; then, in the same
process and on the same distribution, the rounding runs

* as the baseline: iterated rounding and exchanges over the support only (the rounding
  before the window repair; ``REPAIR_BUDGET = 0`` switches the repair off), and
* as it is now: the same plus the window repair (``docs/background/rounding.md``),

each the median CPU time of three runs, with the largest deviation and the minimum's
shortfall in units of 1/m and whether the 1/m targets (W) and (M) were met. Writes
``benchmarks/results/sortition_rounding.md``. Skips cleanly when the data is absent.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from quartier.engine.sortition import make_problem, rounding  # noqa: E402
from quartier.engine.sortition.selection import find_distribution  # noqa: E402
from sortition_pools import load_population, make_pool, spec_list  # noqa: E402

POOLS = ("berlin-70-4-exact", "berlin-200-5-oneseat", "berlin-360-7-exact", "berlin-360-7-oneseat")
PANELS = 1000
REPEATS = 3


def run(distribution: rounding.Distribution, budget: int) -> tuple[rounding.Lottery, float]:
    """The lottery and the median CPU seconds of REPEATS roundings with this repair budget."""
    saved = rounding.REPAIR_BUDGET
    rounding.REPAIR_BUDGET = budget
    try:
        cpus = []
        for _ in range(REPEATS):
            cpu = time.process_time()
            lottery = rounding.round_to_lottery(distribution, PANELS)
            cpus.append(time.process_time() - cpu)
    finally:
        rounding.REPAIR_BUDGET = saved
    return lottery, statistics.median(cpus)


def cells(lottery: rounding.Lottery, cpu: float) -> str:
    m = lottery.size
    return (
        f"{cpu:.3f} | {lottery.max_deviation * m:.2f} | {lottery.min_shortfall * m:.2f} | "
        f"{'yes' if lottery.within_one else 'no'} | {'yes' if lottery.min_clause else 'no'}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "data")
    parser.add_argument("--only", nargs="*", default=list(POOLS))
    args, _ = parser.parse_known_args()
    source = args.data / "population-berlin"
    if not source.exists():
        print(f"skipped: {source} not found")
        return 0
    population = load_population(source)
    rows = []
    for spec in spec_list(False):
        if spec.name not in args.only:
            continue
        people, quotas = make_pool(population, spec)
        distribution = find_distribution(make_problem(people, quotas, spec.k))
        load = os.getloadavg()[0]
        before, before_cpu = run(distribution, 0)
        after, after_cpu = run(distribution, rounding.REPAIR_BUDGET)
        row = (
            f"| {spec.name} | {distribution.pool.count} | {distribution.support_size} | "
            f"{cells(before, before_cpu)} | {cells(after, after_cpu)} | "
            f"{after_cpu / max(before_cpu, 1e-9):.1f}x | {load:.1f} |"
        )
        rows.append(row)
        print(row, flush=True)
    lines = [
        "# Sortition: rounding to 1,000 panels, with and without the window repair",
        "",
        f"Pools from `sortition_pools.py` (Berlin statistics, correlated features). Median "
        f"CPU seconds of {REPEATS} roundings of the same LEXIMIN distribution in one process "
        f"on {os.cpu_count()} cores ({platform.machine()}), shared with other jobs; "
        "`python benchmarks/bench_sortition_rounding.py`. Deviations in units of 1/m: "
        "*max dev* is the largest |lottery − exact| probability, *shortfall* how far the "
        "lottery minimum lies below the exact minimum; (W) = everyone within 1/m, "
        "(M) = shortfall at most 1/m. The proven bound is (k + 2)/m in both columns.",
        "",
        "| pool | types | support | baseline CPU s | max dev | shortfall | (W) | (M) "
        "| now CPU s | max dev | shortfall | (W) | (M) | CPU now/baseline | load avg |",
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
