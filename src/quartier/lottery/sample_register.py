"""Register extracts shaped like a registration office's delivery, from fake people.

Built on the engine's synthetic Berlin register (invented names, "Musterstraße"): the
columns get the German names offices use, ages become dates of birth relative to a
reference date, sexes become w/m, and the file is written the way German Excel does
(Windows-1252, ``;``). Used by the demo (a small file ships in ``demo_data``), the tests
and the benchmarks; never real data.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

from quartier.engine.sortition import synthesize_register

OFFICE_COLUMNS = {
    "last_name": "Familienname",
    "first_name": "Vornamen",
    "birth": "Geburtsdatum",
    "sex_code": "Geschlecht",
    "street": "Straße",
    "house_number": "Hausnummer",
    "postcode": "PLZ",
    "city": "Ort",
    "household_id": "Haushalt",
    "person_id": "Ordnungsmerkmal",
}


def office_extract(
    size: int,
    *,
    seed: int,
    town: str,
    postcode: str,
    reference: date,
) -> pl.DataFrame:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "register.csv"
        synthesize_register(path, size, seed=seed)
        frame = pl.read_csv(path, infer_schema=False)
    rng = np.random.default_rng(seed)
    days = rng.integers(0, 365, frame.height)
    ages = frame["age"].cast(pl.Int32).to_numpy()
    births = [_birth(reference, int(age), int(day)) for age, day in zip(ages, days, strict=True)]
    return frame.with_columns(
        pl.Series("birth", [b.strftime("%d.%m.%Y") for b in births]),
        pl.col("sex").replace({"female": "w", "male": "m"}).alias("sex_code"),
        pl.lit(town).alias("city"),
        pl.lit(postcode).alias("postcode"),
        pl.col("person_id").str.replace("^P", f"{town[:3].upper()}-"),
    ).select([pl.col(k).alias(v) for k, v in OFFICE_COLUMNS.items()])


def _birth(reference: date, age: int, day_offset: int) -> date:
    """A date of birth so that the person is ``age`` on ``reference``."""
    from datetime import timedelta

    last_birthday = reference - timedelta(days=day_offset)
    try:
        return last_birthday.replace(year=last_birthday.year - age)
    except ValueError:  # 29 February
        return last_birthday.replace(year=last_birthday.year - age, day=28)


def write_office_csv(frame: pl.DataFrame, path: Path, *, encoding: str = "cp1252") -> None:
    text = frame.write_csv(separator=";")
    path.write_bytes(text.encode(encoding, errors="replace"))
