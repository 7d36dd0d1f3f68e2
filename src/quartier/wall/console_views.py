"""The console's tools for big walls: a card's tools loaded when opened, a merge picker
that searches instead of listing every card, groups of similar cards and bulk actions.

A console with 300 cards must render fast and stay light in the browser, so the wall
lists each card once; the forms of one card are fetched when the moderator opens it.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from quartier.core.errors import DomainError
from quartier.events.views.staff import event_for
from quartier.wall import selectors, services
from quartier.wall.models import Card, CardStatus

PICKS = 8


@login_required
@require_GET
def card_tools(request: HttpRequest, org_slug: str, pk: int, card_id: int) -> HttpResponse:
    """Edit, merge, split and hide one card: a fragment for the console, or a page."""
    event = event_for(request, org_slug, pk, perm="events.moderate_event")
    card = selectors.card_get(event=event, pk=card_id)
    query = request.GET.get("q", "")[:120]
    context = {
        "organisation": event.process.organisation,
        "process": event.process,
        "event": event,
        "card": card,
        "categories": selectors.categories(event=event),
        "picks": selectors.merge_candidates(event=event, card=card, query=query, limit=PICKS),
        "query": query,
        "nav": "processes",
    }
    template = (
        "wall/card_tools.html" if request.headers.get("HX-Request") else "wall/card_tools_page.html"
    )
    return render(request, template, context)


@login_required
@require_GET
def merge_candidates(request: HttpRequest, org_slug: str, pk: int, card_id: int) -> HttpResponse:
    """Cards matching what the moderator types (or similar to the card when empty)."""
    event = event_for(request, org_slug, pk, perm="events.moderate_event")
    card = selectors.card_get(event=event, pk=card_id)
    picks = selectors.merge_candidates(
        event=event, card=card, query=request.GET.get("q", "")[:120], limit=PICKS
    )
    return render(request, "wall/merge_picks.html", {"card": card, "picks": picks})


@login_required
@require_GET
def similar_groups(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """Groups of cards that probably say the same, each with a one-click merge."""
    event = event_for(request, org_slug, pk, perm="events.moderate_event")
    groups = selectors.similar_card_groups(event=event)
    fragment = bool(request.headers.get("HX-Request"))
    return render(
        request,
        "wall/similar_groups.html" if fragment else "wall/similar_groups_page.html",
        {"organisation": event.process.organisation, "event": event, "groups": groups},
    )


@login_required
@require_POST
def cards_bulk(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """Pin, unpin, hide or merge several cards at once (merge: into the first chosen)."""
    event = event_for(request, org_slug, pk, perm="events.moderate_event")
    ids = [i for i in request.POST.getlist("cards") if i.isdigit()]
    cards = list(
        Card.objects.filter(event=event, pk__in=ids, status=CardStatus.VISIBLE).order_by("pk")
    )
    action = request.POST.get("action", "")
    if not cards:
        messages.error(request, _("Choose at least one card."))
        return redirect(event.get_absolute_url() + "#wall")
    try:
        with transaction.atomic():
            if action in ("pin", "unpin"):
                for card in cards:
                    services.card_pin(card=card, actor=request.user, pinned=action == "pin")
            elif action == "hide":
                for card in cards:
                    services.card_hide(
                        card=card, actor=request.user, reason=request.POST.get("reason", "")
                    )
            elif action == "merge":
                if len(cards) < 2:
                    raise DomainError(_("Choose at least two cards to merge."), code="merge_few")
                target = next((c for c in cards if str(c.pk) == request.POST.get("into")), cards[0])
                for card in cards:
                    if card.pk != target.pk:
                        services.card_merge(source=card, target=target, actor=request.user)
            else:
                raise DomainError(_("Choose what to do with the cards."), code="bulk_action")
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Done for %(n)s cards.") % {"n": len(cards)})
    return redirect(event.get_absolute_url() + "#wall")
