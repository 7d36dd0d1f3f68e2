"""People and places as CSV or XLSX, with the same filters and visibility as the lists.

A list of people is personal data in bulk: only organizers export it, and every export
is written to the access log with its size.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import formats
from django.utils.translation import gettext as _

from quartier.audit.services import export_logged
from quartier.core.tables import table_response
from quartier.reach import selectors
from quartier.reach.views.common import reach_organisation
from quartier.reach.views.people import contact_filters


def _date(value: Any) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else ""


@login_required
def contacts_export(request: HttpRequest, org_slug: str, fmt: str) -> HttpResponse:
    organisation = reach_organisation(request, org_slug, perm="reach.import_contacts")
    contacts = list(
        selectors.contact_list_for_user(
            user=request.user, organisation=organisation, filters=contact_filters(request)
        )
    )
    export_logged(
        what="contacts",
        actor=request.user,
        organisation=organisation,
        count=len(contacts),
        fmt=fmt,
    )
    headers = [
        _("Name"), _("E-mail"), _("Phone"), _("Street"), _("House number"), _("Postcode"),
        _("Place"), _("Neighbourhood"), _("Languages"), _("Legal basis"), _("Consent given on"),
        _("Review by"),
    ]  # fmt: skip
    rows = [
        [
            c.full_name,
            c.email,
            c.phone,
            c.street,
            c.house_number,
            c.postcode,
            c.city,
            c.neighbourhood,
            c.languages,
            c.get_legal_basis_display(),
            _date(c.consent_given_on),
            _date(c.retention_until),
        ]
        for c in contacts
    ]
    return table_response(fmt=fmt, filename="menschen", headers=headers, rows=rows)


@login_required
def places_export(request: HttpRequest, org_slug: str, fmt: str) -> HttpResponse:
    organisation = reach_organisation(request, org_slug)
    places = list(
        selectors.place_list_for_user(
            user=request.user,
            organisation=organisation,
            q=request.GET.get("q", "").strip()[:100],
            kind=request.GET.get("kind", ""),
        )
    )
    export_logged(
        what="places",
        actor=request.user,
        organisation=organisation,
        count=len(places),
        fmt=fmt,
    )
    headers = [_("Name"), _("Kind"), _("Address"), _("Contact person")]
    rows = [[p.name, p.get_kind_display(), p.address, str(p.contact_person or "")] for p in places]
    return table_response(fmt=fmt, filename="orte", headers=headers, rows=rows)
