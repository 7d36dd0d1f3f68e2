from __future__ import annotations

from contextlib import suppress

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from quartier.core.errors import DomainError
from quartier.organisations.models import Organisation
from quartier.reach.forms import MappingForm, UploadForm
from quartier.reach.importing import FIELDS, missing_required
from quartier.reach.models import ContactImport, ImportStatus
from quartier.reach.services.imports import (
    contact_import_configure,
    contact_import_preview,
    contact_import_start,
    contact_import_upload,
    import_table,
    preview_counts,
)
from quartier.reach.views.common import base_context, reach_organisation

MAX_UPLOAD = 10 * 1024 * 1024
PREVIEW_PROBLEMS = 300  # rows with errors or duplicates shown on the preview page
PREVIEW_OK = 100  # valid rows shown (all rows are counted and imported)


def _import(request: HttpRequest, org_slug: str, pk: int) -> tuple[Organisation, ContactImport]:
    organisation = reach_organisation(request, org_slug, perm="reach.import_contacts")
    return organisation, get_object_or_404(ContactImport, organisation=organisation, pk=pk)


@login_required
def import_upload(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = reach_organisation(request, org_slug, perm="reach.import_contacts")
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            form.add_error("file", _("The file is larger than 10 MB. Please split it."))
        else:
            try:
                contact_import = contact_import_upload(
                    organisation=organisation,
                    actor=request.user,
                    filename=upload.name,
                    data=upload.read(),
                )
            except DomainError as error:
                form.add_error("file", str(error))
            else:
                return redirect("reach:import_map", org_slug=org_slug, pk=contact_import.pk)
    return render(
        request,
        "reach/import_upload.html",
        base_context(request, organisation, "import")
        | {
            "form": form,
            "fields": FIELDS,
        },
    )


@login_required
def import_map(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organisation, contact_import = _import(request, org_slug, pk)
    if contact_import.status == ImportStatus.DONE:
        return redirect("reach:import_report", org_slug=org_slug, pk=pk)
    table = import_table(contact_import)
    columns = contact_import.mapping.get("columns", {})
    initial = {f"col_{key}": "" if index is None else str(index) for key, index in columns.items()}
    initial |= {
        "duplicate_mode": contact_import.duplicate_mode,
        "legal_basis": contact_import.mapping.get("legal_basis"),
        "consent_given_on": contact_import.mapping.get("consent_given_on"),
    }
    form = MappingForm(
        request.POST or None,
        headers=table.headers,
        initial=initial,
        encoding=contact_import.encoding,
    )
    detected = contact_import.encoding
    if request.method == "POST" and form.is_valid():
        try:
            contact_import_configure(
                contact_import=contact_import,
                columns=form.columns(),
                duplicate_mode=form.cleaned_data["duplicate_mode"],
                legal_basis=form.cleaned_data["legal_basis"],
                consent_given_on=form.cleaned_data.get("consent_given_on"),
                encoding=form.cleaned_data.get("encoding", ""),
            )
        except DomainError as error:
            contact_import.encoding = detected
            form.add_error("encoding", str(error))
        else:
            if contact_import.encoding != detected:  # show the rows decoded the new way first
                return redirect("reach:import_map", org_slug=org_slug, pk=pk)
            return redirect("reach:import_preview", org_slug=org_slug, pk=pk)
    return render(
        request,
        "reach/import_map.html",
        base_context(request, organisation, "import")
        | {
            "form": form,
            "contact_import": contact_import,
            "table": table,
            "sample": table.rows[:3],
            "missing": missing_required(columns) if request.method != "POST" else [],
        },
    )


@login_required
def import_preview(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organisation, contact_import = _import(request, org_slug, pk)
    if contact_import.status == ImportStatus.DONE:
        return redirect("reach:import_report", org_slug=org_slug, pk=pk)
    if missing_required(contact_import.mapping.get("columns", {})):
        return redirect("reach:import_map", org_slug=org_slug, pk=pk)
    if contact_import.status == ImportStatus.RUNNING:
        return redirect("reach:import_report", org_slug=org_slug, pk=pk)
    _table, rows = contact_import_preview(contact_import=contact_import)
    counts = preview_counts(rows)
    can_import = counts["valid"] > 0 or (
        contact_import.duplicate_mode == "merge" and counts["duplicates"] > 0
    )
    if request.method == "POST" and can_import:
        # started twice (double click): the report page shows the one run
        with suppress(DomainError):
            contact_import_start(contact_import=contact_import, actor=request.user)
        return redirect("reach:import_report", org_slug=org_slug, pk=pk)
    problems = [r for r in rows if not r.row.is_valid or r.duplicate_of]
    fine = [r for r in rows if r.row.is_valid and not r.duplicate_of]
    shown = sorted(problems[:PREVIEW_PROBLEMS] + fine[:PREVIEW_OK], key=lambda r: r.row.line)
    return render(
        request,
        "reach/import_preview.html",
        base_context(request, organisation, "import")
        | counts
        | {
            "contact_import": contact_import,
            "rows": shown,
            "total": len(rows),
            "can_import": can_import,
            "nothing_valid": request.method == "POST" and not can_import,
        },
    )


@login_required
def import_report(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organisation, contact_import = _import(request, org_slug, pk)
    if contact_import.status == ImportStatus.UPLOADED:
        return redirect("reach:import_preview", org_slug=org_slug, pk=pk)
    template = "reach/import_report.html"
    if request.headers.get("HX-Request"):
        template += "#progress"  # the polling progress box; reload the page once it is done
    response = render(
        request,
        template,
        base_context(request, organisation, "import")
        | {
            "contact_import": contact_import,
            "report": contact_import.report,
        },
    )
    if request.headers.get("HX-Request") and contact_import.status == ImportStatus.DONE:
        response["HX-Refresh"] = "true"
    return response
