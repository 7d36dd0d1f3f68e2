"""Write the shipped official figures (``berlin-districts-2023-12.csv``) from the Berlin
resident statistics in ``../shared/data/population-berlin`` (development only; the app
reads the small generated file and never the shared folder).

    .venv/bin/python -m quartier.lottery.population_data.generate [path to population-berlin]
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SOURCE = HERE.parents[4] / "shared" / "data" / "population-berlin"
TARGET = HERE / "berlin-districts-2023-12.csv"
DISTRICTS = {
    "01": "Mitte",
    "02": "Friedrichshain-Kreuzberg",
    "03": "Pankow",
    "04": "Charlottenburg-Wilmersdorf",
    "05": "Spandau",
    "06": "Steglitz-Zehlendorf",
    "07": "Tempelhof-Schöneberg",
    "08": "Neukölln",
    "09": "Treptow-Köpenick",
    "10": "Marzahn-Hellersdorf",
    "11": "Lichtenberg",
    "12": "Reinickendorf",
}
# The statistic's own adult age bands (its bands split at 15 and 18, so 16- and
# 17-year-olds cannot be told apart and the comparison starts at 18).
BANDS = {
    "18-26": "inhabitants_age_18_27",
    "27-44": "inhabitants_age_27_45",
    "45-54": "inhabitants_age_45_55",
    "55-64": "inhabitants_age_55_65",
    "65+": "inhabitants_age_above_65",
}


def main(source: Path = DEFAULT_SOURCE) -> None:
    with (source / "2024-02-t2-districts.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    with TARGET.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "district", "inhabitants", "female", *BANDS])
        for row in rows:
            writer.writerow(
                [
                    row["id"],
                    DISTRICTS[row["id"]],
                    row["inhabitants"],
                    row["inhabitants_female"],
                    *(row[column] for column in BANDS.values()),
                ]
            )
    print(f"wrote {TARGET.name}: {len(rows)} districts")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SOURCE)
