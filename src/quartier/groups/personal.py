"""The standing groups a person belongs to, for their "For me" overview."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from quartier.core.personal import PersonalItem, personal_section
from quartier.groups.models import GroupMember


@personal_section(key="groups", order=200, heading=gettext_lazy("My groups"))
def my_groups(user: Any, organisation: Any) -> list[PersonalItem]:
    memberships = (
        GroupMember.objects.filter(user=user, group__process__organisation=organisation)
        .filter(group__process__archived_at__isnull=True)
        .select_related("group", "group__process", "group__process__organisation")
        .order_by("group__title")
    )
    return [
        PersonalItem(
            title=membership.group.title,
            url=membership.group.get_absolute_url(),
            detail=str(membership.get_role_display()),
        )
        for membership in memberships
    ]
