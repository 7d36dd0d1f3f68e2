"""Single steps: oversampling, the progress fragment the page polls, the pool chart."""

from __future__ import annotations

import pytest

from quartier.core.errors import DomainError
from tests.lottery.conftest import import_extract, register_people

pytestmark = pytest.mark.django_db


def _letters_per_town(lottery):
    return {
        town: lottery.letters.filter(municipality__name=town).count()
        for town in ("Elsenfeld", "Erlenbach")
    }


def test_oversampling_gives_a_stratum_more_letters(lottery_world, extract_csv):
    from quartier.lottery.services.draw import invitations_draw
    from quartier.lottery.services.setup import lottery_update

    import_extract(lottery_world, extract_csv(300, seed=1), "Elsenfeld")
    import_extract(
        lottery_world, extract_csv(300, seed=2, town="Erlenbach", postcode="63906"), "Erlenbach"
    )
    lottery = lottery_world.lottery
    lottery_update(
        lottery=lottery,
        actor=lottery_world.organizer,
        strata=["register"],
        oversample={"Erlenbach": 3.0},
    )
    invitations_draw(lottery=lottery, actor=lottery_world.organizer, seed="2", announced="")
    counts = _letters_per_town(lottery)
    assert counts["Erlenbach"] > 2 * counts["Elsenfeld"]
    assert sum(counts.values()) == 60


def test_an_unknown_oversampling_stratum_is_named_in_german(lottery_world, extract_csv):
    from django.utils import translation

    from quartier.lottery.services.draw import invitations_draw
    from quartier.lottery.services.setup import lottery_update

    import_extract(lottery_world, extract_csv(200, seed=1), "Elsenfeld")
    lottery = lottery_world.lottery
    lottery_update(lottery=lottery, actor=lottery_world.organizer, oversample={"Atlantis": 2.0})
    with translation.override("de"), pytest.raises(DomainError) as error:
        invitations_draw(lottery=lottery, actor=lottery_world.organizer, seed="2", announced="")
    assert error.value.code == "unknown_stratum"
    assert "„Atlantis“" in str(error.value)
    assert not lottery.letters.exists()


def test_the_setup_form_reads_oversampling_as_stratum_factor_pairs(lottery_world):
    from quartier.lottery.forms import LotteryForm

    lottery = lottery_world.lottery
    data = {
        "title": lottery.title,
        "event_date": lottery.event_date.isoformat(),
        "registration_deadline": lottery.registration_deadline.isoformat(),
        "letters_count": 60,
        "new_residents_letters": 0,
        "panel_size": 8,
        "min_age": 16,
        "strata": ["register"],
        "quota_categories": ["register"],
        "oversample_text": "16-24=1,5, Erlenbach=2",
    }
    form = LotteryForm(data, instance=lottery, process=lottery_world.process)
    assert not form.is_valid()  # "1,5" splits at the comma: the message says how to write it
    form = LotteryForm(
        data | {"oversample_text": "16-24=1.5, Erlenbach=2"},
        instance=lottery,
        process=lottery_world.process,
    )
    assert form.is_valid(), form.errors
    assert form.values()["oversample"] == {"16-24": 1.5, "Erlenbach": 2.0}


def test_the_progress_fragment_polls_while_running_and_reloads_when_done(client, lottery_world):
    from quartier.lottery.services.jobs import job_create, job_finish, job_progress

    client.force_login(lottery_world.organizer)
    job = job_create(lottery=lottery_world.lottery, kind="import", total=500_000)
    job_progress(job=job, done=200_000)
    url = f"/o/{lottery_world.organisation.slug}/p/{lottery_world.process.slug}/lottery/{lottery_world.lottery.pk}/jobs/{job.pk}/"
    running = client.get(url)
    html = running.content.decode()
    assert 'hx-trigger="every 1s"' in html and 'value="40"' in html
    assert "HX-Refresh" not in running.headers
    job_finish(job=job)
    done = client.get(url)
    assert done.headers["HX-Refresh"] == "true"
    assert "hx-trigger" not in done.content.decode()


def test_the_pool_chart_shows_population_letters_and_replies(client, lottery_world, extract_csv):
    from quartier.lottery.selectors import pool_stats
    from quartier.lottery.services.draw import invitations_draw

    import_extract(lottery_world, extract_csv(300, seed=1), "Elsenfeld")
    import_extract(
        lottery_world, extract_csv(200, seed=2, town="Erlenbach", postcode="63906"), "Erlenbach"
    )
    invitations_draw(
        lottery=lottery_world.lottery, actor=lottery_world.organizer, seed="9", announced=""
    )
    lottery_world.lottery.refresh_from_db()
    lottery_world.lottery.letters_generated_at = lottery_world.lottery.invited_at
    lottery_world.lottery.save()
    register_people(lottery_world, 12)
    stats = {s.category: s for s in pool_stats(lottery_world.lottery)}
    towns = {row.value: row for row in stats["register"].rows}
    assert sum(row.letters for row in towns.values()) == 60
    assert sum(row.replies for row in towns.values()) == 12
    assert abs(sum(row.population_share for row in towns.values()) - 1) < 1e-9
    client.force_login(lottery_world.organizer)
    page = client.get(
        f"/o/{lottery_world.organisation.slug}/p/{lottery_world.process.slug}/lottery/{lottery_world.lottery.pk}/pool/"
    )
    html = page.content.decode()
    assert html.count("<svg") == 2 and 'role="img"' in html
    assert "Rücklaufquote" in html
