"""The quota categories a person reports at registration, and their allowed values."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from quartier.engine.sortition.eligibility import DEFAULT_AGE_BANDS
from quartier.lottery.models import SEXES, Lottery

QUESTIONS: dict[str, str | Promise] = {
    "register": _("Where do you live?"),
    "age_band": _("How old are you?"),
    "sex": _("Your sex"),
}


def category_choices(lottery: Lottery, category: str) -> list[tuple[str, str]]:
    if category == "register":
        return [(m.name, m.name) for m in lottery.municipalities.all()]
    if category == "age_band":
        return [
            (label, _("%(band)s years") % {"band": label}) for label, _lo, _hi in DEFAULT_AGE_BANDS
        ]
    if category == "sex":
        return [(value, str(label)) for value, label in SEXES]
    return []


def value_label(lottery: Lottery, category: str, value: str) -> str:
    return dict(category_choices(lottery, category)).get(value, value)
