"""The volunteer board: the team's board (needs, responses, suggestions, offers) and the
public pages (open needs with "I'll help", an offer form, the private withdraw link)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quartier.core.contact_requests import contact_request_handle
from quartier.core.errors import DomainError
from quartier.groups.models import Group
from quartier.organisations.selectors import organisation_get_for_user
from quartier.processes.models import Process
from quartier.processes.selectors import is_published
from quartier.volunteers import selectors, services
from quartier.volunteers.models import Need, NeedStatus, Offer, TimeOfWeek


def _groups_for(request: HttpRequest, process: Process) -> Any:
    if request.user.has_perm("volunteers.manage_board", process):
        return Group.objects.filter(process=process, archived_at__isnull=True)
    from quartier.meetings.rules import moderated_groups

    return moderated_groups(request.user, process)


@login_required
def board(request: HttpRequest, org_slug: str, process_slug: str) -> HttpResponse:
    organisation = organisation_get_for_user(user=request.user, slug=org_slug)
    process = selectors.board_process(
        user=request.user, organisation=organisation, slug=process_slug
    )
    can_manage = request.user.has_perm("volunteers.manage_board", process)
    suggested = selectors.board_suggestions(process=process) if can_manage else {}
    needs = list(selectors.needs_for(process=process).prefetch_related("matches__offer"))
    for need in needs:
        need.suggested = suggested.get(need.pk, [])  # type: ignore[attr-defined]
    labels = dict(TimeOfWeek.choices)
    offers = list(selectors.active_offers(process=process)) if can_manage else []
    for offer in offers:
        offer.time_labels = [labels[t] for t in offer.times if t in labels]  # type: ignore[attr-defined]
    return render(
        request,
        "volunteers/board.html",
        {
            "organisation": organisation,
            "process": process,
            "needs": needs,
            "offers": offers,
            "responses": selectors.open_responses(process=process) if can_manage else [],
            "groups": _groups_for(request, process),
            "times": TimeOfWeek.choices,
            "can_manage": can_manage,
            "can_post": request.user.has_perm("volunteers.post_need", process),
            "page_published": is_published(process=process, page=selectors.VOLUNTEERS_PAGE),
            "nav": "processes",
        },
    )


BoardAction = Callable[..., str]


def board_action(perm: str, anchor: str) -> Callable[[BoardAction], Callable[..., HttpResponse]]:
    def decorate(action: BoardAction) -> Callable[..., HttpResponse]:
        @login_required
        @require_POST
        def view(
            request: HttpRequest, org_slug: str, process_slug: str, **kwargs: Any
        ) -> HttpResponse:
            organisation = organisation_get_for_user(user=request.user, slug=org_slug)
            process = selectors.board_process(
                user=request.user, organisation=organisation, slug=process_slug, perm=perm
            )
            try:
                message = action(request, process, **kwargs)
            except DomainError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, message)
            response = redirect("volunteers:board", org_slug=org_slug, process_slug=process_slug)
            response["Location"] += anchor
            return response

        view.__name__ = action.__name__
        return view

    return decorate


def _need(process: Process, need_id: int) -> Need:
    need = Need.objects.filter(process=process, pk=need_id).select_related("group").first()
    if need is None:
        raise Http404
    return need


@board_action("volunteers.post_need", "#needs")
def need_create(request: HttpRequest, process: Process) -> str:
    group_id = request.POST.get("group", "")
    group = (
        _groups_for(request, process).filter(pk=group_id).first() if group_id.isdigit() else None
    )
    if group is None and not request.user.has_perm("volunteers.manage_board", process):
        raise DomainError(_("Choose the group you moderate."), code="need_group_required")
    people = request.POST.get("people_needed", "1")
    need = services.need_create(
        process=process,
        actor=request.user,
        title=request.POST.get("title", ""),
        description=request.POST.get("description", ""),
        role=request.POST.get("role", ""),
        skills=request.POST.get("skills", ""),
        times=request.POST.getlist("times"),
        when=request.POST.get("when", ""),
        place=request.POST.get("place", ""),
        neighbourhood=request.POST.get("neighbourhood", ""),
        people_needed=int(people) if people.isdigit() else 1,
        group=group,
    )
    return _("“%(title)s” is on the board.") % {"title": need.title}


@board_action("volunteers.manage_board", "#needs")
def need_status(request: HttpRequest, process: Process, need_id: int) -> str:
    need = _need(process, need_id)
    status = request.POST.get("status", "")
    services.need_set_status(need=need, actor=request.user, status=status)
    if status == NeedStatus.OPEN:
        return _("“%(title)s” is open again.") % {"title": need.title}
    return _("“%(title)s” is closed.") % {"title": need.title}


@board_action("volunteers.manage_board", "#responses")
def response_decide(request: HttpRequest, process: Process, response_id: int) -> str:
    response = selectors.open_responses(process=process).filter(pk=response_id).first()
    if response is None:
        raise DomainError(_("This response has been answered already."))
    accept = request.POST.get("decision") == "accept"
    services.response_decide(response=response, actor=request.user, accept=accept)
    if accept:
        return _("%(name)s is a contact now; please get in touch.") % {"name": response.name}
    return _("Response declined.")


@board_action("volunteers.manage_board", "#needs")
def match_confirm(request: HttpRequest, process: Process, need_id: int) -> str:
    need = _need(process, need_id)
    offer = (
        selectors.active_offers(process=process).filter(pk=request.POST.get("offer") or 0).first()
    )
    if offer is None:
        raise DomainError(_("This offer was withdrawn or has expired."))
    score = request.POST.get("score", "0")
    services.match_confirm(
        need=need, offer=offer, actor=request.user, score=int(score) if score.isdigit() else 0
    )
    return _("%(name)s fits “%(title)s”; please get in touch.") % {
        "name": offer.name,
        "title": need.title,
    }


@board_action("volunteers.manage_board", "#offers")
def offer_withdraw(request: HttpRequest, process: Process, offer_id: int) -> str:
    offer = Offer.objects.filter(process=process, pk=offer_id).first()
    if offer is None:
        raise Http404
    services.offer_withdraw(offer=offer, actor=request.user)
    return _("The offer was withdrawn and the details erased.")


# --- public pages ----------------------------------------------------------------------------


def public_board(request: HttpRequest, org_slug: str, process_slug: str) -> HttpResponse:
    process = selectors.public_board(org_slug=org_slug, process_slug=process_slug)
    return render(
        request,
        "volunteers/public_board.html",
        {
            "process": process,
            "needs": selectors.needs_for(process=process, open_only=True),
        },
    )


def public_need(request: HttpRequest, org_slug: str, process_slug: str, pk: int) -> HttpResponse:
    process = selectors.public_board(org_slug=org_slug, process_slug=process_slug)
    need = selectors.public_need(process=process, pk=pk)
    outcome = contact_request_handle(
        request,
        lambda details: services.response_create(
            need=need,
            name=details.name,
            contact_details=details.contact,
            message=details.message,
            consent=details.consent,
        ),
    )
    return render(
        request,
        "volunteers/public_need.html",
        {
            "process": process,
            "need": need,
            "error": outcome.error,
            "done": outcome.done,
            "data": request.POST,
        },
    )


def public_offer(request: HttpRequest, org_slug: str, process_slug: str) -> HttpResponse:
    process = selectors.public_board(org_slug=org_slug, process_slug=process_slug)
    error, offer = "", None
    if request.method == "POST":
        days = request.POST.get("days", "")
        try:
            offer = services.offer_create(
                process=process,
                name=request.POST.get("name", ""),
                email=request.POST.get("email", ""),
                phone=request.POST.get("phone", ""),
                skills=request.POST.get("skills", ""),
                times=request.POST.getlist("times"),
                neighbourhood=request.POST.get("neighbourhood", ""),
                message=request.POST.get("message", ""),
                consent=request.POST.get("consent") == "on",
                days=int(days) if days.isdigit() else services.OFFER_DAYS_DEFAULT,
            )
        except DomainError as exc:
            error = str(exc)
    return render(
        request,
        "volunteers/public_offer.html",
        {
            "process": process,
            "offer": offer,
            "error": error,
            "data": request.POST,
            "times": TimeOfWeek.choices,
            "durations": [
                (30, _("1 month")),
                (90, _("3 months")),
                (180, _("6 months")),
                (365, _("1 year")),
            ],
        },
    )


def withdraw(request: HttpRequest, org_slug: str, process_slug: str, token: Any) -> HttpResponse:
    """The private link from the confirmation: withdraw one's offer, no login needed."""
    process = selectors.public_board(org_slug=org_slug, process_slug=process_slug)
    offer = selectors.offer_by_token(process=process, token=token)
    if request.method == "POST" and offer.withdrawn_at is None:
        offer = services.offer_withdraw(offer=offer)
    return render(request, "volunteers/withdraw.html", {"process": process, "offer": offer})
