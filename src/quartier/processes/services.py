from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from quartier.audit.services import audit_record
from quartier.core.errors import DomainError
from quartier.organisations.models import Organisation
from quartier.processes.models import Process, Publication, Status, TeamMembership
from quartier.processes.publication import public_page

# Path segment that the process URLs use themselves.
RESERVED_SLUGS = frozenset({"new"})


def _unique_slug(organisation: Organisation, title: str) -> str:
    base = slugify(title)[:60] or "prozess"
    if base in RESERVED_SLUGS:
        base = f"{base}-process"
    slug, n = base, 2
    taken = organisation.processes.all()
    while taken.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_dates(starts_on: date | None, ends_on: date | None) -> None:
    if starts_on and ends_on and ends_on < starts_on:
        raise DomainError(_("The end must not be before the start."), code="ends_before_start")


def _set_team(process: Process, team: Iterable[Any]) -> None:
    members = {user.pk for user in team}
    allowed = set(
        process.organisation.memberships.filter(user_id__in=members).values_list(
            "user_id", flat=True
        )
    )
    outsiders = members - allowed
    if outsiders:
        raise DomainError(
            _("Only members of the organisation can be on a process team."), code="team_outsider"
        )
    process.team_memberships.exclude(user_id__in=members).delete()
    existing = set(process.team_memberships.values_list("user_id", flat=True))
    TeamMembership.objects.bulk_create(
        [TeamMembership(process=process, user_id=pk) for pk in sorted(members - existing)]
    )


@transaction.atomic
def process_create(
    *,
    organisation: Organisation,
    actor: Any,
    title: str,
    description: str = "",
    area: str = "",
    starts_on: date | None = None,
    ends_on: date | None = None,
    status: str = Status.PLANNED,
    team: Iterable[Any] = (),
) -> Process:
    _check_dates(starts_on, ends_on)
    process = Process.objects.create(
        organisation=organisation,
        title=title.strip(),
        slug=_unique_slug(organisation, title),
        description=description.strip(),
        area=area.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        status=status,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _set_team(process, team)
    audit_record(action="process.created", actor=actor, organisation=organisation, target=process)
    return process


@transaction.atomic
def process_update(
    *,
    process: Process,
    actor: Any,
    title: str,
    description: str,
    area: str,
    starts_on: date | None,
    ends_on: date | None,
    status: str,
    team: Iterable[Any] | None = None,
) -> Process:
    _check_dates(starts_on, ends_on)
    process.title = title.strip()
    process.description = description.strip()
    process.area = area.strip()
    process.starts_on = starts_on
    process.ends_on = ends_on
    process.status = status
    process.save(
        update_fields=[
            "title",
            "description",
            "area",
            "starts_on",
            "ends_on",
            "status",
            "updated_at",
        ]
    )
    if team is not None:
        _set_team(process, team)
    audit_record(
        action="process.updated", actor=actor, organisation=process.organisation, target=process
    )
    return process


@transaction.atomic
def process_archive(*, process: Process, actor: Any) -> Process:
    process.archived_at = timezone.now()
    process.save(update_fields=["archived_at", "updated_at"])
    audit_record(
        action="process.archived", actor=actor, organisation=process.organisation, target=process
    )
    return process


@transaction.atomic
def process_restore(*, process: Process, actor: Any) -> Process:
    process.archived_at = None
    process.save(update_fields=["archived_at", "updated_at"])
    audit_record(
        action="process.restored", actor=actor, organisation=process.organisation, target=process
    )
    return process


@transaction.atomic
def process_delete(*, process: Process, actor: Any, confirm_title: str) -> None:
    """Deleting is final, so the caller must repeat the title as a deliberate act."""
    if confirm_title.strip() != process.title:
        raise DomainError(
            _("Please type the title exactly as shown to confirm: %(title)s"),
            code="confirm_mismatch",
            title=process.title,
        )
    audit_record(
        action="process.deleted", actor=actor, organisation=process.organisation, target=process
    )
    process.delete()


@transaction.atomic
def publication_set(*, process: Process, actor: Any, page: str, published: bool) -> bool:
    """Switch one public page of the process on or off; returns whether anything changed."""
    try:
        spec = public_page(page)
    except KeyError:
        raise DomainError(
            _("Unknown public page: %(page)s"), code="unknown_page", page=page
        ) from None
    if spec.is_published is not None:
        raise DomainError(
            _("“%(page)s” is published where it is prepared, not here."),
            code="page_has_own_flag",
            page=str(spec.label),
        )
    if published:
        _row, changed = Publication.objects.get_or_create(
            process=process,
            page=page,
            defaults={
                "published_at": timezone.now(),
                "published_by": actor if getattr(actor, "is_authenticated", False) else None,
            },
        )
    else:
        changed = Publication.objects.filter(process=process, page=page).delete()[0] > 0
    if changed:
        audit_record(
            action="process.published" if published else "process.unpublished",
            actor=actor,
            organisation=process.organisation,
            target=process,
            data={"page": page},
        )
    return changed
