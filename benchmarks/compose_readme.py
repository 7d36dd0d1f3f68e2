"""Write benchmarks/README.md from the tables each benchmark wrote to benchmarks/results/."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
ORDER = [
    "sortition",
    "grouping",
    "event_load_s4_quiet",
    "event_load_s4",
    "event_load_s4_baseline",
    "event_load_s4_postgres",
    "event_load",
    "event_load_baseline_cpu",
    "event_load_second_run",
    "event_load_second_run_baseline",
    "event_load_third_run",
    "event_load_postgres",
    "event_load_session2",
    "event_load_restart_and_postgres",
]

INTRO = """# Benchmarks

`make bench` runs every `benchmarks/bench_*.py` and rebuilds this page from the tables they
write to `benchmarks/results/`. Each benchmark runs its baseline or anchor in the same run
and on the same machine (2 cores, shared), so the ratios are comparable; absolute times are
not. Data from `../shared/data` keeps its attribution (see that folder's README): the
sortition instances come from Flanigan, Gölz, Gupta, Hennig and Procaccia (Nature 2021,
GPL-3.0 replication data); the synthetic register is fitted to Berlin population figures
(Amt für Statistik Berlin-Brandenburg, CC BY 4.0).

"""


def main() -> None:
    results = HERE / "results"
    names = [n for n in ORDER if (results / f"{n}.md").exists()]
    names += sorted(p.stem for p in results.glob("*.md") if p.stem not in names)
    parts = [INTRO]
    for name in names:
        text = (results / f"{name}.md").read_text().strip()
        # Each result starts with its own "# Title"; nest it under this page.
        lines = [("#" + line if line.startswith("#") else line) for line in text.splitlines()]
        parts.append("\n".join(lines) + "\n")
    (HERE / "README.md").write_text("\n".join(parts))


if __name__ == "__main__":
    main()
