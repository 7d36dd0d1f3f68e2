from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from quartier.organisations.models import Organisation
from quartier.organisations.selectors import organisation_get_for_user


def reach_organisation(
    request: HttpRequest, org_slug: str, perm: str = "reach.view_people"
) -> Organisation:
    """The organisation, if the user may use reach at all (participants may not: 403)."""
    organisation = organisation_get_for_user(user=request.user, slug=org_slug)
    if not request.user.has_perm(perm, organisation):
        raise PermissionDenied
    return organisation


def base_context(request: HttpRequest, organisation: Organisation, tab: str) -> dict[str, object]:
    user = request.user
    return {
        "organisation": organisation,
        "nav": "reach",
        "tab": tab,
        "can_organize": user.has_perm("reach.add_contact", organisation),
        "can_review": user.has_perm("reach.review_retention", organisation),
    }
