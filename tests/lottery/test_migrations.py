"""The single second-language block of older lotteries becomes a translation."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@pytest.mark.django_db(transaction=True)
def test_the_old_second_language_block_becomes_a_translation_every_municipality_prints(
    process,
):
    before = [("lottery", "0003_prefill_from_register")]
    after = [("lottery", "0004_letter_translations")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    Lottery = old.get_model("lottery", "Lottery")
    Municipality = old.get_model("lottery", "Municipality")
    lottery = Lottery.objects.create(
        process_id=process.pk,
        title="Alt",
        event_date=date(2027, 3, 5),
        registration_deadline=date(2027, 2, 1),
        second_language="Türkçe",
        second_language_text="Merhaba {vorname}",
    )
    untouched = Lottery.objects.create(
        process_id=process.pk,
        title="Nur Deutsch",
        event_date=date(2027, 3, 5),
        registration_deadline=date(2027, 2, 1),
    )
    for name in ("Auenbach", "Mainufer"):
        Municipality.objects.create(lottery_id=lottery.pk, name=name, signer_name="E")
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    try:
        new = executor.loader.project_state(after).apps
        Translation = new.get_model("lottery", "LetterTranslation")
        Municipality = new.get_model("lottery", "Municipality")
        assert list(Translation.objects.values_list("lottery_id", "language", "letter_text")) == [
            (lottery.pk, "tr", "Merhaba {vorname}")
        ]
        assert not Translation.objects.filter(lottery_id=untouched.pk).exists()
        assert [m.languages for m in Municipality.objects.filter(lottery_id=lottery.pk)] == [
            ["tr"],
            ["tr"],
        ]
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
