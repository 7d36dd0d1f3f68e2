"""Several second languages: translations, each municipality's choice of blocks, the
letters that carry them and the registration page that offers them."""

from __future__ import annotations

import pytest
from django.utils import timezone

from quartier.core.errors import DomainError
from tests.lottery.test_workflow import _drawn

pytestmark = pytest.mark.django_db

TURKISH = "Merhaba {vorname}, {datum} tarihinde davetlisiniz."
ARABIC = "مرحبا {vorname}، أنتم مدعوون يوم {datum}."


def _translated(world):
    from quartier.lottery.services.setup import municipality_save
    from quartier.lottery.services.translations import translation_save

    for language, text, page in (
        ("tr", TURKISH, "Bu sayfadan kaydolabilirsiniz."),
        ("ar", ARABIC, "يمكنكم التسجيل في هذه الصفحة."),
        ("en", "Hello {vorname}, you are invited.", ""),
    ):
        translation_save(
            lottery=world.lottery,
            actor=world.organizer,
            language=language,
            letter_text=text,
            page_text=page,
        )
    elsenfeld, erlenbach = world.towns["Elsenfeld"], world.towns["Erlenbach"]
    municipality_save(
        lottery=world.lottery,
        actor=world.organizer,
        municipality=elsenfeld,
        name="Elsenfeld",
        signer_name=elsenfeld.signer_name,
        languages=["tr", "ar", "en"],
    )
    municipality_save(
        lottery=world.lottery,
        actor=world.organizer,
        municipality=erlenbach,
        name="Erlenbach",
        signer_name=erlenbach.signer_name,
        languages=["tr"],
    )


def test_each_municipality_prints_the_language_blocks_it_chose(lottery_world, extract_csv):
    from pypdf import PdfReader

    from quartier.lottery.services.letters import letter_data, letters_generate_start

    _translated(lottery_world)
    _drawn(lottery_world, extract_csv)
    lottery = lottery_world.lottery
    blocks = {
        data.sender.name: [(b.label, b.right_to_left) for b in data.sender.languages]
        for data in letter_data(lottery)
    }
    assert blocks == {
        "Elsenfeld": [("Türkçe", False), ("العربية", True), ("English", False)],
        "Erlenbach": [("Türkçe", False)],
    }
    letters_generate_start(lottery=lottery, actor=lottery_world.organizer)
    lottery.refresh_from_db()
    reader = PdfReader(lottery.letters_file)
    for number, letter in enumerate(lottery.letters.order_by("number")):
        text = reader.pages[number].extract_text()
        assert f"Merhaba {letter.given_name}, " in text
        assert ("Hello" in text) == (letter.municipality.name == "Elsenfeld")
        assert ("ﻣﺮﺣﺒﺎ" in text) == (letter.municipality.name == "Elsenfeld")  # shaped


def test_a_translation_is_checked_and_removing_it_updates_the_municipalities(lottery_world):
    from quartier.lottery.services.translations import translation_delete, translation_save

    _translated(lottery_world)
    lottery = lottery_world.lottery
    with pytest.raises(DomainError) as error:
        translation_save(
            lottery=lottery, actor=lottery_world.organizer, language="tr", letter_text="x"
        )
    assert str(error.value) == "Für „Türkçe“ gibt es schon eine Übersetzung."
    with pytest.raises(DomainError) as error:
        translation_save(
            lottery=lottery, actor=lottery_world.organizer, language="pl", letter_text="{imie}"
        )
    assert error.value.code == "unknown_placeholder"
    with pytest.raises(DomainError) as error:
        translation_save(
            lottery=lottery, actor=lottery_world.organizer, language="pl", letter_text="  "
        )
    assert error.value.code == "empty_translation"
    translation_delete(translation=lottery.translations.get(language="ar"), actor=None)
    lottery_world.towns["Elsenfeld"].refresh_from_db()
    assert lottery_world.towns["Elsenfeld"].languages == ["tr", "en"]
    from quartier.lottery.services.setup import municipality_save

    with pytest.raises(DomainError) as error:
        municipality_save(
            lottery=lottery,
            actor=lottery_world.organizer,
            municipality=lottery_world.towns["Erlenbach"],
            name="Erlenbach",
            signer_name="x",
            languages=["ar"],
        )
    assert error.value.code == "unknown_language"


def test_the_registration_page_offers_the_municipalitys_languages_with_a_page_text(
    client, lottery_world, extract_csv
):
    _translated(lottery_world)
    _drawn(lottery_world, extract_csv)
    lottery = lottery_world.lottery
    lottery.letters_generated_at = timezone.now()
    lottery.save()
    elsenfeld = lottery.letters.filter(municipality__name="Elsenfeld").first()
    erlenbach = lottery.letters.filter(municipality__name="Erlenbach").first()
    html = client.get(f"/los/{elsenfeld.code}").content.decode()
    assert 'hreflang="tr"' in html and 'hreflang="ar"' in html
    assert 'hreflang="en"' not in html  # English has no page text
    assert "Bu sayfadan" not in html
    html = client.get(f"/los/{elsenfeld.code}?sprache=ar").content.decode()
    assert 'lang="ar" dir="rtl"' in html
    assert "يمكنكم التسجيل في هذه الصفحة." in html
    html = client.get(f"/los/{erlenbach.code}").content.decode()
    assert 'hreflang="tr"' in html and 'hreflang="ar"' not in html
    # A language the municipality did not choose is not shown, even when asked for.
    assert "يمكنكم" not in client.get(f"/los/{erlenbach.code}?sprache=ar").content.decode()
