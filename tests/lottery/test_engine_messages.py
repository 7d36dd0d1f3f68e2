"""The web lottery shows the engine's own German sentence for infeasible quotas.

One catalogue (quartier/engine/locale) serves the CLI (Python gettext) and the web
(Django through LOCALE_PATHS); this test renders the selection page and expects exactly
the sentence the CLI's German translator produces for the same conflict.
"""

from __future__ import annotations

import pytest

from quartier.engine.i18n import translator
from quartier.engine.sortition.messages import describe, say
from tests.lottery.test_workflow import _pool

pytestmark = pytest.mark.django_db


def test_the_selection_page_shows_the_german_engine_message_for_infeasible_quotas(
    client, lottery_world, extract_csv
):
    from quartier.lottery.services.selection import quotas_save, selection_start

    lottery = _pool(lottery_world, extract_csv)
    impossible = [
        {"category": "register", "value": "Elsenfeld", "min": 7, "max": 8},
        {"category": "register", "value": "Erlenbach", "min": 3, "max": 8},
        {"category": "sex", "value": "female", "min": 0, "max": 8},
        {"category": "sex", "value": "male", "min": 0, "max": 8},
        {"category": "sex", "value": "diverse", "min": 0, "max": 8},
    ]
    quotas_save(lottery=lottery, actor=lottery_world.organizer, quotas=impossible)
    draw, _job = selection_start(lottery=lottery, actor=lottery_world.organizer, seed="1")
    draw.refresh_from_db()
    conflict = next(
        c for c in draw.infeasibility["conflicts"] if c["code"] == "minimums_exceed_panel"
    )
    german = translator("de")  # the CLI's reader of the same catalogue
    params = conflict["params"] | {"category": "Gemeinde"}
    expected = describe(conflict["code"], params, "", german)
    assert (
        expected
        == "die Mindestwerte der Kategorie „Gemeinde“ ergeben zusammen 10, aber das Gremium hat 8 Plätze"
    )
    change = draw.infeasibility["relaxation"]["changes"][0]
    expected_change = say("lower_minimum", german, **change | {"category": "Gemeinde"})

    client.force_login(lottery_world.organizer)
    world = lottery_world
    url = f"/o/{world.organisation.slug}/p/{world.process.slug}/lottery/{lottery.pk}/selection/"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "D" + expected[1:] + "." in page
    assert expected_change[1:] in page  # "Das Minimum von „Gemeinde: …“ …"
