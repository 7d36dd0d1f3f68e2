from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from quartier.organisations.models import Organisation
from quartier.organisations.rules import is_org_organizer
from quartier.processes.models import Process, Publication
from quartier.processes.publication import PublicPage, public_page, public_pages


def process_list_for_user(
    *, user: Any, organisation: Organisation, archived: bool = False, status: str = ""
) -> QuerySet[Process]:
    processes = organisation.processes.filter(archived_at__isnull=not archived)
    if not is_org_organizer(user, organisation):
        processes = processes.filter(team_memberships__user=user)
    if status:
        processes = processes.filter(status=status)
    return processes.order_by("status", "-starts_on", "title")


def process_get_for_user(
    *, user: Any, organisation: Organisation, slug: str, perm: str = "processes.view_process"
) -> Process:
    """404 when the user may not see the process at all, 403 when they may see but not ``perm``."""
    process = organisation.processes.filter(slug=slug).select_related("organisation").first()
    if process is None or not user.has_perm("processes.view_process", process):
        raise Http404
    if not user.has_perm(perm, process):
        raise PermissionDenied
    return process


def process_team(*, process: Process) -> QuerySet[Any]:
    return process.team.order_by("full_name", "email")


def is_published(*, process: Process, page: str) -> bool:
    spec = public_page(page)
    if spec.is_published is not None:
        return spec.is_published(process)
    return Publication.objects.filter(process=process, page=page).exists()


def public_process_get(*, org_slug: str, process_slug: str, page: str) -> Process:
    """The process behind a public page; 404 unless that page is published (and the
    process is not archived), so an unpublished process is indistinguishable from none."""
    process = (
        Process.objects.filter(
            organisation__slug=org_slug, slug=process_slug, archived_at__isnull=True
        )
        .select_related("organisation")
        .first()
    )
    if process is None or not is_published(process=process, page=page):
        raise Http404
    return process


def publication_states(*, process: Process) -> list[tuple[PublicPage, bool, str]]:
    """Every registered public page with (page, published?, where its own flag is switched)."""
    own = set(Publication.objects.filter(process=process).values_list("page", flat=True))
    return [
        (
            page,
            page.is_published(process) if page.is_published else page.key in own,
            page.settings_url(process) if page.settings_url else "",
        )
        for page in public_pages()
    ]


def public_hub_get(*, org_slug: str, process_slug: str) -> tuple[Process, list[PublicPage]]:
    """The process and its published pages, for the one link an organizer shares (a flyer,
    a QR code); 404 while nothing is published, like every public page."""
    process = (
        Process.objects.filter(
            organisation__slug=org_slug, slug=process_slug, archived_at__isnull=True
        )
        .select_related("organisation")
        .first()
    )
    if process is None:
        raise Http404
    pages = [page for page, published, _url in publication_states(process=process) if published]
    if not pages:
        raise Http404
    return process, pages
