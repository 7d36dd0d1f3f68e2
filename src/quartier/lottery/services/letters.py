"""Step 4: the letters PDF (a background task with progress) and the mail-merge CSV."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from quartier.audit.services import audit_record
from quartier.core.errors import DomainError
from quartier.lottery import storage
from quartier.lottery.letter_pdf import render_letters
from quartier.lottery.letters import (
    Facts,
    LanguageBlock,
    LetterData,
    Sender,
    registration_link,
)
from quartier.lottery.models import Job, LetterTranslation, Lottery, Municipality
from quartier.lottery.services.jobs import job_create, job_fail, job_finish, job_progress


def _date(value: Any) -> str:
    return formats.date_format(value, "j. F Y")


def letter_facts(lottery: Lottery) -> Facts:
    return Facts(
        title=lottery.title,
        date_text=_date(lottery.event_date),
        time_text=lottery.time_text,
        place=lottery.place,
        deadline_text=_date(lottery.registration_deadline),
        accessibility=lottery.accessibility,
        childcare=lottery.childcare,
        cost_note=lottery.cost_note,
        registration_url=f"{settings.SITE_URL}/los",
        text=lottery.letter_text,
    )


def sender_of(
    municipality: Municipality, translations: dict[str, LetterTranslation] | None = None
) -> Sender:
    """The municipality's letterhead and signer, and the language blocks it chose."""
    if translations is None:
        translations = {t.language: t for t in municipality.lottery.translations.all()}
    languages = tuple(
        LanguageBlock(
            translations[code].label,
            translations[code].letter_text,
            translations[code].right_to_left,
        )
        for code in municipality.languages
        if code in translations and translations[code].letter_text.strip()
    )
    return Sender(
        name=municipality.name,
        letterhead=municipality.letterhead,
        sender_line=municipality.sender_line,
        signer_name=municipality.signer_name,
        signer_role=municipality.signer_role,
        signature=bytes(municipality.signature or b""),
        languages=languages,
    )


def letter_data(lottery: Lottery) -> Iterator[LetterData]:
    translations = {t.language: t for t in lottery.translations.all()}
    senders = {m.pk: sender_of(m, translations) for m in lottery.municipalities.all()}
    for letter in lottery.letters.order_by("number").iterator(chunk_size=2000):
        yield LetterData(
            code=letter.code,
            display_code=letter.display_code,
            link=registration_link(settings.SITE_URL, letter.code),
            given_name=letter.given_name,
            family_name=letter.family_name,
            street=letter.street,
            postcode=letter.postcode,
            city=letter.city,
            sender=senders[letter.municipality_id],
        )


def letters_generate_start(*, lottery: Lottery, actor: Any) -> Job:
    from quartier.lottery.tasks import generate_letters

    if lottery.invited_at is None:
        raise DomainError(_("Draw the invitations first."), code="not_drawn")
    if lottery.register_deleted_at is not None:
        raise DomainError(
            _("The addresses have been deleted; the letters can no longer be generated."),
            code="deleted",
        )
    with transaction.atomic():
        job = job_create(lottery=lottery, kind="letters", total=lottery.letters.count())
        audit_record(
            action="lottery.letters_started",
            actor=actor,
            organisation=lottery.process.organisation,
            target=lottery,
        )
    generate_letters.enqueue(job.pk)
    return job


def letters_generate_run(*, job: Job) -> None:
    lottery = job.lottery
    path = storage.letters_path(lottery.pk)
    # Each run writes its own partial file, so two workers (or two test runs sharing the
    # data folder) never replace each other's half-written PDF.
    partial = path.with_name(f"{path.name}.{uuid.uuid4().hex}.part")
    try:
        with partial.open("wb") as handle:
            pages = render_letters(
                letter_data(lottery),
                letter_facts(lottery),
                handle,
                progress=lambda done: job_progress(job=job, done=done),
            )
        partial.replace(path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        job_fail(job=job, error={"message": str(error)})
        return
    Lottery.objects.filter(pk=lottery.pk).update(
        letters_file=str(path), letters_generated_at=timezone.now()
    )
    job_finish(job=job, message=str(pages))


def mail_merge_csv(*, lottery: Lottery, actor: Any) -> str:
    """One row per letter for a mail-merge service; the download is logged."""
    if lottery.register_deleted_at is not None:
        raise DomainError(_("The addresses have been deleted."), code="deleted")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(
        [
            "nummer",
            "code",
            "link",
            "vorname",
            "nachname",
            "strasse",
            "plz",
            "ort",
            "gemeinde",
            "liste",
        ]
    )
    for letter in lottery.letters.select_related("municipality").order_by("number"):
        writer.writerow(
            [
                letter.number,
                letter.display_code,
                registration_link(settings.SITE_URL, letter.code),
                letter.given_name,
                letter.family_name,
                letter.street,
                letter.postcode,
                letter.city,
                letter.municipality.name,
                letter.kind,
            ]
        )
    audit_record(
        action="lottery.addresses_exported",
        actor=actor,
        organisation=lottery.process.organisation,
        target=lottery,
        data={"letters": lottery.letters.count()},
    )
    return out.getvalue()


def letters_pdf_accessed(*, lottery: Lottery, actor: Any) -> None:
    audit_record(
        action="lottery.letters_downloaded",
        actor=actor,
        organisation=lottery.process.organisation,
        target=lottery,
    )
