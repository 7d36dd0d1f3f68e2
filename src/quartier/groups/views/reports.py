"""The process report after its events (groups, members over time, tasks, open ends), as a
page and as CSV, XLSX and PDF downloads."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify

from quartier.audit.services import audit_record
from quartier.events.exports.spreadsheets import to_csv, to_xlsx
from quartier.groups.report import TABLES, report_pdf, report_tables
from quartier.organisations.selectors import organisation_get_for_user
from quartier.processes.models import Process
from quartier.processes.selectors import process_get_for_user


def _process(request: HttpRequest, org_slug: str, process_slug: str) -> Process:
    organisation = organisation_get_for_user(user=request.user, slug=org_slug)
    process = process_get_for_user(user=request.user, organisation=organisation, slug=process_slug)
    if not request.user.has_perm("groups.view_report", process):
        raise PermissionDenied
    return process


def _download(
    request: HttpRequest, process: Process, body: bytes | str, kind: str, name: str
) -> HttpResponse:
    audit_record(
        action="groups.report_export",
        actor=request.user,
        organisation=process.organisation,
        target=process,
        data={"format": name.rsplit(".", 1)[-1]},
    )
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = (
        f'attachment; filename="{slugify(process.title) or "bericht"}-{name}"'
    )
    return response


@login_required
def report(request: HttpRequest, org_slug: str, process_slug: str) -> HttpResponse:
    process = _process(request, org_slug, process_slug)
    return render(
        request,
        "groups/report.html",
        {
            "organisation": process.organisation,
            "process": process,
            "tables": report_tables(process),
            "table_keys": list(TABLES),
            "nav": "processes",
        },
    )


@login_required
def report_csv(request: HttpRequest, org_slug: str, process_slug: str) -> HttpResponse:
    process = _process(request, org_slug, process_slug)
    key = request.GET.get("table", "groups")
    if key not in TABLES:
        raise Http404
    return _download(
        request, process, to_csv(TABLES[key](process)), "text/csv; charset=utf-8", f"{key}.csv"
    )


@login_required
def report_xlsx(request: HttpRequest, org_slug: str, process_slug: str) -> HttpResponse:
    process = _process(request, org_slug, process_slug)
    return _download(
        request,
        process,
        to_xlsx(report_tables(process)),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "bericht.xlsx",
    )


@login_required
def report_pdf_view(request: HttpRequest, org_slug: str, process_slug: str) -> HttpResponse:
    process = _process(request, org_slug, process_slug)
    return _download(
        request,
        process,
        report_pdf(process, report_tables(process)),
        "application/pdf",
        "bericht.pdf",
    )
