"""The invitation in more languages: translations and which municipality prints which."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from quartier.audit.services import audit_record
from quartier.core.errors import DomainError
from quartier.lottery.models import LANGUAGE_NAMES, Letter, LetterTranslation, Lottery
from quartier.lottery.services.setup import check_placeholders


@transaction.atomic
def translation_save(
    *,
    lottery: Lottery,
    actor: Any,
    language: str,
    letter_text: str,
    page_text: str = "",
    translation: LetterTranslation | None = None,
) -> LetterTranslation:
    """Create or change the text of one language (once per language and lottery)."""
    if language not in LANGUAGE_NAMES:
        raise DomainError(
            _("Unknown language “%(language)s”."), code="unknown_language", language=language
        )
    if not letter_text.strip():
        raise DomainError(
            _("Enter the text for the letter in %(language)s."),
            code="empty_translation",
            language=LANGUAGE_NAMES[language],
        )
    check_placeholders(letter_text)
    clash = lottery.translations.filter(language=language)
    if translation is not None:
        clash = clash.exclude(pk=translation.pk)
    if clash.exists():
        raise DomainError(
            _("There is already a translation into %(language)s."),
            code="duplicate_translation",
            language=LANGUAGE_NAMES[language],
        )
    if translation is None:
        translation = LetterTranslation(lottery=lottery)
    old_language = translation.language
    translation.language = language
    translation.letter_text = letter_text.strip()
    translation.page_text = page_text.strip()
    translation.save()
    if old_language and old_language != language:  # municipalities follow the rename
        for municipality in lottery.municipalities.all():
            if old_language in municipality.languages:
                municipality.languages = [
                    language if code == old_language else code for code in municipality.languages
                ]
                municipality.save(update_fields=["languages"])
    audit_record(
        action="lottery.translation_saved",
        actor=actor,
        organisation=lottery.process.organisation,
        target=lottery,
        data={"language": language},
    )
    return translation


@transaction.atomic
def translation_delete(*, translation: LetterTranslation, actor: Any) -> None:
    """Remove a language; the municipalities that printed it stop doing so."""
    lottery = translation.lottery
    language = translation.language
    translation.delete()
    for municipality in lottery.municipalities.all():
        if language in municipality.languages:
            municipality.languages = [c for c in municipality.languages if c != language]
            municipality.save(update_fields=["languages"])
    audit_record(
        action="lottery.translation_deleted",
        actor=actor,
        organisation=lottery.process.organisation,
        target=lottery,
        data={"language": language},
    )


def page_languages(lottery: Lottery, municipality_languages: list[str]) -> list[LetterTranslation]:
    """The languages the registration page offers to a letter of this municipality: those
    its letters carry and for which a page text exists."""
    translations = {t.language: t for t in lottery.translations.all() if t.page_text.strip()}
    return [translations[code] for code in municipality_languages if code in translations]


def page_text(translation: LetterTranslation, letter: Letter) -> str:
    """The page text with the same placeholders as the letter filled in."""
    from quartier.lottery.letters import LetterData, fill, placeholder_values
    from quartier.lottery.services.letters import letter_facts, sender_of

    data = LetterData(
        code=letter.code,
        display_code=letter.display_code,
        link="",
        given_name=letter.given_name,
        family_name=letter.family_name,
        street="",
        postcode="",
        city="",
        sender=sender_of(letter.municipality, {}),
    )
    return fill(translation.page_text, placeholder_values(data, letter_facts(letter.lottery)))
