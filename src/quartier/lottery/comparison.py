"""The register extract's make-up set against the official figures, per municipality.

Age: the eligible adults of the extract per band of the statistic against the adults per
band in the statistic (shares among adults 18+, because the statistic's bands do not
separate 16- and 17-year-olds). Sex: the share of women among the eligible people against
the share of women in the statistic (all ages, as published).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from quartier.lottery.models import Lottery
from quartier.lottery.population_figures import OFFICIAL_BAND_COLUMN, OFFICIAL_BANDS


@dataclass(frozen=True)
class ComparisonRow:
    label: str
    extract: int
    extract_share: float
    official: int
    official_share: float

    @property
    def difference_points(self) -> float:
        """Percentage points the extract lies above (+) or below (−) the statistic."""
        return round(100 * (self.extract_share - self.official_share), 1)


@dataclass(frozen=True)
class Comparison:
    municipality: str
    area: str
    source: str
    category: str
    label: str
    rows: list[ComparisonRow]


def _share(count: int, total: int) -> float:
    return count / total if total else 0.0


def make_up_comparisons(lottery: Lottery) -> list[Comparison]:
    out: list[Comparison] = []
    for municipality in lottery.municipalities.all():
        figures = municipality.official_figures
        if not figures:
            continue
        bands: dict[str, int] = {}
        sexes: dict[str, int] = {}
        for extract in municipality.extracts.filter(kind="register", status="imported"):
            for value, count in extract.make_up.get(OFFICIAL_BAND_COLUMN, {}).items():
                if value:
                    bands[value] = bands.get(value, 0) + int(count)
            for value, count in extract.make_up.get("sex", {}).items():
                sexes[value] = sexes.get(value, 0) + int(count)
        if not bands:
            continue
        adults = sum(bands.values())
        official_bands = {k: int(v) for k, v in figures["bands"].items()}
        official_adults = sum(official_bands.values())
        age_rows = [
            ComparisonRow(
                label=label,
                extract=bands.get(label, 0),
                extract_share=_share(bands.get(label, 0), adults),
                official=official_bands.get(label, 0),
                official_share=_share(official_bands.get(label, 0), official_adults),
            )
            for label, _low, _high in OFFICIAL_BANDS
        ]
        people = sum(sexes.values())
        women = sexes.get("female", 0)
        inhabitants, official_women = int(figures["inhabitants"]), int(figures["female"])
        sex_rows = [
            ComparisonRow(
                label=_("women"),
                extract=women,
                extract_share=_share(women, people),
                official=official_women,
                official_share=_share(official_women, inhabitants),
            ),
            ComparisonRow(
                label=_("men and diverse"),
                extract=people - women,
                extract_share=_share(people - women, people),
                official=inhabitants - official_women,
                official_share=_share(inhabitants - official_women, inhabitants),
            ),
        ]
        common = {
            "municipality": municipality.name,
            "area": str(figures["area"]),
            "source": str(figures["source"]),
        }
        out.append(
            Comparison(
                **common,
                category="age_band",
                label=_("%(name)s: adults per age band") % {"name": municipality.name},
                rows=age_rows,
            )
        )
        out.append(
            Comparison(
                **common,
                category="sex",
                label=_("%(name)s: women and men") % {"name": municipality.name},
                rows=sex_rows,
            )
        )
    return out
