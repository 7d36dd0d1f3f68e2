"""Reads for the volunteer board: the team's board with suggestions, the public page."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from quartier.organisations.models import Organisation
from quartier.processes.models import Process
from quartier.volunteers.matching import Side, Suggestion, suggestions
from quartier.volunteers.models import Need, NeedStatus, Offer, Response, ResponseStatus

VOLUNTEERS_PAGE = "volunteers"  # the process's public page key (processes.publication)


def board_process(
    *, user: Any, organisation: Organisation, slug: str, perm: str = "volunteers.view_board"
) -> Process:
    process = organisation.processes.filter(slug=slug).select_related("organisation").first()
    if process is None or not user.has_perm("volunteers.view_board", process):
        raise Http404
    if not user.has_perm(perm, process):
        raise PermissionDenied
    return process


def needs_for(*, process: Process, open_only: bool = False) -> QuerySet[Need]:
    needs = (
        Need.objects.filter(process=process)
        .select_related("group")
        .annotate(
            open_responses=Count("responses", filter=Q(responses__status=ResponseStatus.OPEN)),
            matched=Count("matches", distinct=True),
        )
    )
    if open_only:
        needs = needs.filter(status=NeedStatus.OPEN)
    return needs.order_by("status", "-created_at")


def active_offers(*, process: Process) -> QuerySet[Offer]:
    """Offers still valid: not withdrawn, not erased, not expired."""
    return Offer.objects.filter(
        process=process,
        withdrawn_at__isnull=True,
        erased_at__isnull=True,
        expires_on__gte=timezone.localdate(),
    ).order_by("-created_at")


def open_responses(*, process: Process) -> QuerySet[Response]:
    return (
        Response.objects.filter(need__process=process, status=ResponseStatus.OPEN)
        .select_related("need")
        .order_by("-created_at")
    )


def board_suggestions(*, process: Process) -> dict[int, list[tuple[Suggestion, Offer]]]:
    """Per open need, the best fitting offers not matched to it yet."""
    needs = list(needs_for(process=process, open_only=True).prefetch_related("matches"))
    offers = {o.pk: o for o in active_offers(process=process)}
    matched = {(m.need_id, m.offer_id) for n in needs for m in n.matches.all()}
    found = suggestions(
        [Side(n.pk, n.skills, n.times, n.neighbourhood) for n in needs],
        [Side(o.pk, o.skills, o.times, o.neighbourhood) for o in offers.values()],
    )
    by_need: dict[int, list[tuple[Suggestion, Offer]]] = {}
    for s in found:
        if (s.need, s.offer) not in matched:
            by_need.setdefault(s.need, []).append((s, offers[s.offer]))
    return by_need


def public_board(*, org_slug: str, process_slug: str) -> Process:
    from quartier.processes.selectors import public_process_get

    return public_process_get(org_slug=org_slug, process_slug=process_slug, page=VOLUNTEERS_PAGE)


def public_need(*, process: Process, pk: int) -> Need:
    need = (
        Need.objects.filter(process=process, pk=pk, status=NeedStatus.OPEN)
        .select_related("group")
        .first()
    )
    if need is None:
        raise Http404
    return need


def offer_by_token(*, process: Process, token: Any) -> Offer:
    offer = Offer.objects.filter(process=process, token=token).first()
    if offer is None:
        raise Http404
    return offer
