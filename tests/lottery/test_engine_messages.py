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


@pytest.mark.parametrize(
    ("language", "one", "two"),
    [
        (
            "de",
            "Im Pool ist nur 1 Person, die gelost werden kann",
            "Im Pool sind nur 2 Personen, die gelost werden können",
        ),
        (
            "en",
            "The pool has only 1 person who can be selected",
            "The pool has only 2 people who can be selected",
        ),
    ],
)
def test_django_reads_the_engine_catalogue_with_its_plural_forms(
    language: str, one: str, two: str
) -> None:
    from django.utils import translation

    from quartier.lottery.explain import explain

    def conflict(people: int) -> dict:
        params = {"people": people, "panel_size": 8}
        return {"conflicts": [{"code": "pool_too_small", "message": "", "params": params}]}

    with translation.override(language):
        assert explain(None, conflict(1))["conflicts"][0].startswith(one)  # type: ignore[arg-type]
        assert explain(None, conflict(2))["conflicts"][0].startswith(two)  # type: ignore[arg-type]
        error = {"error": {"code": "bad_panel_size", "message": "x", "params": {"value": "0"}}}
        sentence = explain(None, error)["conflicts"][0]  # type: ignore[arg-type]
    expected = {
        "de": "Die Gremiumsgröße muss mindestens 1 sein, nicht 0.",
        "en": "The panel size must be at least 1, not 0.",
    }
    assert sentence == expected[language]


def test_a_failed_selection_task_speaks_the_readers_language():
    from django.utils import translation

    from quartier.engine.sortition.errors import SortitionError
    from quartier.lottery.models import Job

    job = Job(error=SortitionError("no_people", "the pool lists nobody").as_dict())
    with translation.override("de"):
        german = job.error_text
    with translation.override("en"):
        english = job.error_text
    assert english == "the pool lists nobody"
    assert german != english and german
    assert Job(error={"message": "ValueError: kaputt"}).error_text == "ValueError: kaputt"


def test_the_failed_task_alert_on_the_page_shows_the_german_engine_sentence(client, lottery_world):
    from quartier.engine.sortition.errors import InputError
    from quartier.lottery.services.jobs import job_create, job_fail

    error = InputError("bad_panel_size", "the panel size must be at least 1", value="0")
    job = job_create(lottery=lottery_world.lottery, kind="selection")
    job_fail(job=job, error=error.as_dict())
    client.force_login(lottery_world.organizer)
    world = lottery_world
    url = (
        f"/o/{world.organisation.slug}/p/{world.process.slug}/lottery/{world.lottery.pk}"
        f"/jobs/{job.pk}/"
    )
    from django.utils import translation

    with translation.override("de"):  # the middleware's choice must not outlive the test
        german = client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
        english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    expected = describe(error.code, error.params, error.message, translator("de"))
    assert 'role="alert"' in german and expected in german
    assert "must be at least 1" not in german
    assert describe(error.code, error.params, error.message, translator("en")) in english
