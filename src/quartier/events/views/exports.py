from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.text import slugify

from quartier.events import services
from quartier.events.exports.protocol import protocol_pdf as build_pdf
from quartier.events.exports.spreadsheets import to_csv, to_xlsx
from quartier.events.exports.tables import TABLES
from quartier.events.models import Event
from quartier.events.views.staff import event_for


def _download(body: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _name(event: Event) -> str:
    return slugify(event.title) or f"event-{event.pk}"


def _audit(request: HttpRequest, event: Event, what: str) -> None:
    services.event_export_record(event=event, actor=request.user, what=what)


@login_required
def export_csv(request: HttpRequest, org_slug: str, pk: int, table: str) -> HttpResponse:
    event = event_for(request, org_slug, pk, perm="events.export_event")
    if table not in TABLES:
        raise Http404
    _audit(request, event, table)
    return _download(
        to_csv(TABLES[table](event)), "text/csv; charset=utf-8", f"{_name(event)}-{table}.csv"
    )


@login_required
def export_xlsx(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    event = event_for(request, org_slug, pk, perm="events.export_event")
    _audit(request, event, "xlsx")
    body = to_xlsx([build(event) for build in TABLES.values()])
    return _download(
        body,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"{_name(event)}.xlsx",
    )


@login_required
def plan_pdf(request: HttpRequest, org_slug: str, pk: int, plan: str, kind: str) -> HttpResponse:
    """Printable plans: table cards and slips of the pair interviews, poster and slips of
    the topic groups, in the page's language."""
    from django.utils.translation import get_language

    from quartier.events.exports.plans import groups_plan, pairs_plan
    from quartier.plans.pdf import plan_pdf as render

    allowed = {"pairs": ("cards", "slips"), "groups": ("poster", "slips")}
    if kind not in allowed.get(plan, ()):
        raise Http404
    event = event_for(request, org_slug, pk, perm="events.export_event")
    _audit(request, event, f"plan-{plan}-{kind}")
    data = pairs_plan(event) if plan == "pairs" else groups_plan(event)
    language = "en" if (get_language() or "de").startswith("en") else "de"
    body = render(data, kind=kind, title=event.title, language=language)
    return _download(body, "application/pdf", f"{_name(event)}-{plan}-{kind}.pdf")


@login_required
def protocol_pdf(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    event = event_for(request, org_slug, pk, perm="events.export_event")
    _audit(request, event, "pdf")
    return _download(build_pdf(event), "application/pdf", f"{_name(event)}-protokoll.pdf")
