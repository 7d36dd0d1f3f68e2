from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quartier.audit.services import audit_record
from quartier.core.errors import DomainError
from quartier.reach import selectors, services
from quartier.reach.export import personal_data_json, personal_data_pdf
from quartier.reach.forms import RetentionForm
from quartier.reach.models import Contact
from quartier.reach.views.common import base_context, reach_organisation


def _exported(request: HttpRequest, contact: Contact, fmt: str) -> None:
    audit_record(
        action="contact.exported",
        actor=request.user,
        organisation=contact.organisation,
        target=contact,
        data={"format": fmt},
    )


@login_required
def contact_export_json(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organisation = reach_organisation(request, org_slug)
    contact = selectors.contact_get_for_user(
        user=request.user, organisation=organisation, pk=pk, perm="reach.export_contact"
    )
    body = personal_data_json(contact=contact)
    _exported(request, contact, "json")
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="person-{contact.pk}.json"'
    return response


@login_required
def contact_export_pdf(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organisation = reach_organisation(request, org_slug)
    contact = selectors.contact_get_for_user(
        user=request.user, organisation=organisation, pk=pk, perm="reach.export_contact"
    )
    body = personal_data_pdf(contact=contact)
    _exported(request, contact, "pdf")
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="person-{contact.pk}.pdf"'
    return response


@login_required
def contact_erase(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organisation = reach_organisation(request, org_slug)
    contact = selectors.contact_get_for_user(
        user=request.user, organisation=organisation, pk=pk, perm="reach.erase_contact"
    )
    if request.method == "POST":
        try:
            services.contact_erase(contact=contact, actor=request.user)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("The person's data was erased. Counts and coverage stay as they were.")
            )
        return redirect("reach:contacts", org_slug=org_slug)
    return render(
        request,
        "core/confirm.html",
        base_context(request, organisation, "people")
        | {
            "title": _("Erase person"),
            "question": _(
                "Erase all personal data of %(name)s (GDPR Art. 17)? Name, contact details, notes "
                "and one-to-one contents are removed for good. Attendance stays counted, "
                "anonymously. This cannot be undone."
            )
            % {"name": contact.full_name},
            "confirm_label": _("Erase for good"),
            "danger": True,
            "cancel_url": contact.get_absolute_url(),
        },
    )


@login_required
def retention_review(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = reach_organisation(request, org_slug, perm="reach.review_retention")
    return render(
        request,
        "reach/retention_review.html",
        base_context(request, organisation, "review")
        | {
            "contacts": selectors.contacts_due_for_review(organisation=organisation),
            "form": RetentionForm(),
        },
    )


@login_required
@require_POST
def retention_extend(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organisation = reach_organisation(request, org_slug, perm="reach.review_retention")
    contact = selectors.contact_get_for_user(user=request.user, organisation=organisation, pk=pk)
    form = RetentionForm(request.POST)
    if form.is_valid():
        services.retention_extend(
            contact=contact, actor=request.user, until=form.cleaned_data["until"]
        )
        messages.success(
            request,
            _("%(name)s is kept until %(date)s.")
            % {"name": contact.full_name, "date": form.cleaned_data["until"].strftime("%d.%m.%Y")},
        )
    else:
        messages.error(request, " ".join(str(e) for e in form.errors.get("until", [])))
    return redirect(reverse("reach:retention_review", args=[org_slug]))
