from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from quartier.audit.services import audit_record
from quartier.core.errors import DomainError
from quartier.organisations.models import Organisation
from quartier.reach.models import Contact, Reachability, TargetGroup

TARGET_FIELDS = ("name", "description", "reachability", "is_focus", "responsible", "channels")


def _validate(
    organisation: Organisation, data: dict[str, Any], exclude_pk: int | None = None
) -> None:
    if data.get("reachability") not in Reachability.values:
        raise DomainError(_("Choose a reachability level."), code="reachability")
    same = TargetGroup.objects.filter(
        organisation=organisation, name__iexact=str(data.get("name", "")).strip()
    )
    if exclude_pk is not None:
        same = same.exclude(pk=exclude_pk)
    if same.exists():
        raise DomainError(
            _("A target group called “%(name)s” exists already."),
            code="target_exists",
            name=data["name"],
        )


@transaction.atomic
def target_group_create(*, organisation: Organisation, actor: Any, **data: Any) -> TargetGroup:
    _validate(organisation, data)
    group = TargetGroup.objects.create(
        organisation=organisation, **{key: data[key] for key in TARGET_FIELDS if key in data}
    )
    audit_record(
        action="target_group.created", actor=actor, organisation=organisation, target=group
    )
    return group


@transaction.atomic
def target_group_update(*, target_group: TargetGroup, actor: Any, **data: Any) -> TargetGroup:
    merged = {key: getattr(target_group, key) for key in TARGET_FIELDS} | data
    _validate(target_group.organisation, merged, exclude_pk=target_group.pk)
    changed = [
        key for key in TARGET_FIELDS if key in data and getattr(target_group, key) != data[key]
    ]
    for key in changed:
        setattr(target_group, key, data[key])
    if changed:
        target_group.save(update_fields=changed)
        audit_record(
            action="target_group.updated",
            actor=actor,
            organisation=target_group.organisation,
            target=target_group,
            data={"fields": changed},
        )
    return target_group


@transaction.atomic
def target_group_members_set(
    *, target_group: TargetGroup, actor: Any, contacts: Iterable[Contact]
) -> None:
    """Replace who belongs to the group; erased people stay, so coverage does not shift."""
    chosen = [c for c in contacts if c.organisation_id == target_group.organisation_id]
    erased = list(target_group.members.filter(erased_at__isnull=False))
    target_group.members.set([*chosen, *erased])
    audit_record(
        action="target_group.members_set",
        actor=actor,
        organisation=target_group.organisation,
        target=target_group,
        data={"count": len(chosen) + len(erased)},
    )
