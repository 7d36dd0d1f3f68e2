"""Official population figures to set a register extract's make-up against.

The figures are marginals (per age band, and women vs everyone else) as official
statistics publish them, not a cross-table. They ship as a small CSV generated from
public statistics (see ``population_data/README.md``); nothing is read at run time from
outside the package.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "population_data"
SOURCES = {"berlin-2023-12": ("berlin-districts-2023-12.csv", "Berlin, 31.12.2023")}
# The statistic's adult age bands: (label, lowest age, highest age).
OFFICIAL_BANDS: tuple[tuple[str, int, int], ...] = (
    ("18-26", 18, 26),
    ("27-44", 27, 44),
    ("45-54", 45, 54),
    ("55-64", 55, 64),
    ("65+", 65, 200),
)
OFFICIAL_BAND_COLUMN = "official_band"


@dataclass(frozen=True)
class Figures:
    """One area's figures: inhabitants, women, and adults per band."""

    key: str
    area: str
    source: str
    inhabitants: int
    female: int
    bands: dict[str, int]

    def as_json(self) -> dict[str, object]:
        return {
            "key": self.key,
            "area": self.area,
            "source": self.source,
            "inhabitants": self.inhabitants,
            "female": self.female,
            "bands": self.bands,
        }


@cache
def available() -> dict[str, Figures]:
    """Every shipped area, keyed ``<source>:<id>``."""
    out: dict[str, Figures] = {}
    for source, (filename, label) in SOURCES.items():
        with (DATA / filename).open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                key = f"{source}:{row['id']}"
                out[key] = Figures(
                    key=key,
                    area=row["district"],
                    source=label,
                    inhabitants=int(row["inhabitants"]),
                    female=int(row["female"]),
                    bands={label: int(row[label]) for label, _low, _high in OFFICIAL_BANDS},
                )
    return out


def choices() -> list[tuple[str, str]]:
    return [(key, f"{f.area} ({f.source})") for key, f in available().items()]
