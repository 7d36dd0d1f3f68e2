"""Interview permissions: organizers run campaigns; assigned interviewers enter and review."""

from __future__ import annotations

from typing import Any

import rules

from quartier.interviews.models import Campaign
from quartier.organisations.models import Role
from quartier.organisations.rules import is_org_member, is_org_organizer, role_in


@rules.predicate
def organizes_campaign(user: Any, campaign: Campaign | None) -> bool:
    return campaign is not None and bool(is_org_organizer(user, campaign.organisation))


@rules.predicate
def is_interviewer(user: Any, campaign: Campaign | None) -> bool:
    if campaign is None or not getattr(user, "is_authenticated", False):
        return False
    return (
        bool(is_org_member(user, campaign.organisation))
        and campaign.interviewers.filter(pk=user.pk).exists()
    )


@rules.predicate
def may_see_campaigns(user: Any, organisation: Any) -> bool:
    return role_in(user, organisation) in (Role.ADMIN, Role.ORGANIZER, Role.MODERATOR)


rules.add_perm("interviews.view_campaigns", may_see_campaigns)  # object: organisation
rules.add_perm("interviews.add_campaign", is_org_organizer)  # object: organisation
rules.add_perm("interviews.view_campaign", organizes_campaign | is_interviewer)
rules.add_perm("interviews.change_campaign", organizes_campaign)
rules.add_perm("interviews.enter_answers", organizes_campaign | is_interviewer)
rules.add_perm("interviews.review_campaign", organizes_campaign | is_interviewer)
rules.add_perm("interviews.export_campaign", organizes_campaign)
