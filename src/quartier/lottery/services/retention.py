"""Step 9: deletion of register data and of registrations no longer needed.

The register extract and the letters' addresses are deleted once the letters exist and
registration has ended; registrations of people not on the panel go the day after the
event unless they asked to be kept informed. Each deletion leaves an audit entry with
counts, never with the deleted values. ``retention_sweep`` runs from the management
command ``lottery_retention`` (cron/systemd timer) and whenever an organizer opens a
lottery, so a forgotten timer cannot keep data alive.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.audit.services import audit_record
from quartier.core.errors import DomainError
from quartier.lottery import storage
from quartier.lottery.models import ExtractStatus, Lottery, Status

ADDRESS_FIELDS = {"given_name": "", "family_name": "", "street": "", "postcode": "", "city": ""}


def register_due(lottery: Lottery) -> bool:
    return (
        lottery.register_deleted_at is None
        and lottery.letters_generated_at is not None
        and timezone.localdate() >= lottery.register_retention_date
    )


@transaction.atomic
def register_delete(
    *, lottery: Lottery, actor: Any = None, reason: str = "retention"
) -> dict[str, int]:
    """Delete the extract files and empty every letter's name and address."""
    lottery = Lottery.objects.select_for_update().get(pk=lottery.pk)
    if lottery.register_deleted_at is not None:
        raise DomainError(_("The register data has already been deleted."), code="already_deleted")
    if reason == "retention" and not register_due(lottery):
        raise DomainError(_("The register data is not due for deletion yet."), code="not_due")
    files = storage.remove_register_files(lottery.pk)
    letters_file = storage.letters_path(lottery.pk)
    had_pdf = letters_file.exists()
    letters_file.unlink(missing_ok=True)
    addresses = lottery.letters.update(**ADDRESS_FIELDS)
    extracts = lottery.extracts.update(status=ExtractStatus.DELETED, path="", sample=[], errors=[])
    lottery.register_deleted_at = timezone.now()
    lottery.letters_file = ""
    lottery.save(update_fields=["register_deleted_at", "letters_file"])
    counts = {"files": files + int(had_pdf), "addresses": addresses, "extracts": extracts}
    audit_record(
        action="lottery.register_deleted",
        actor=actor,
        organisation=lottery.process.organisation,
        target=lottery,
        data=counts | {"reason": reason},
    )
    return counts


def registrations_due(lottery: Lottery) -> bool:
    return lottery.registrations_purged_at is None and timezone.localdate() >= (
        lottery.registrations_retention_date
    )


@transaction.atomic
def registrations_purge(*, lottery: Lottery, actor: Any = None) -> int:
    """After the event: delete registrations of people not on the panel, unless they agreed."""
    lottery = Lottery.objects.select_for_update().get(pk=lottery.pk)
    doomed = lottery.registrations.exclude(status=Status.SELECTED).filter(keep_informed=False)
    count = doomed.count()
    doomed.delete()
    lottery.registrations_purged_at = timezone.now()
    lottery.save(update_fields=["registrations_purged_at"])
    audit_record(
        action="lottery.registrations_deleted",
        actor=actor,
        organisation=lottery.process.organisation,
        target=lottery,
        data={"deleted": count},
    )
    return count


def retention_sweep(*, lottery: Lottery | None = None) -> list[str]:
    """Apply every due deletion (for one lottery or all); returns what was done."""
    done = []
    lotteries = [lottery] if lottery is not None else Lottery.objects.all()
    for item in lotteries:
        if register_due(item):
            register_delete(lottery=item)
            done.append(f"{item.pk}:register")
        if registrations_due(item):
            registrations_purge(lottery=item)
            done.append(f"{item.pk}:registrations")
    return done


def register_access_logged(*, lottery: Lottery, actor: Any, what: str) -> None:
    """Organizers looked at register data (preview, letters, registrations): log it."""
    audit_record(
        action="lottery.personal_data_viewed",
        actor=actor,
        organisation=lottery.process.organisation,
        target=lottery,
        data={"what": what},
    )
