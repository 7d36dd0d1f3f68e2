"""The organizers' and moderators' side: create an event, the console, the projector."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quartier.core.errors import DomainError
from quartier.events import retention, selectors, services
from quartier.events.forms import EventForm, RetentionForm, WalkInForm
from quartier.events.limits import limit_hits
from quartier.events.models import Event
from quartier.events.views.qr import join_url, qr_data_uri
from quartier.formats.manifest import Tool
from quartier.formats.registry import get_format
from quartier.organisations.selectors import organisation_get_for_user
from quartier.processes.selectors import process_get_for_user
from quartier.wall import selectors as wall_selectors
from quartier.wall.payloads import BLANK_CARD


def event_for(
    request: HttpRequest, org_slug: str, pk: int, perm: str = "events.view_event"
) -> Event:
    organisation = organisation_get_for_user(user=request.user, slug=org_slug)
    return selectors.event_get_for_user(
        user=request.user, organisation=organisation, pk=pk, perm=perm
    )


@login_required
def event_create(request: HttpRequest, org_slug: str, process_slug: str) -> HttpResponse:
    organisation = organisation_get_for_user(user=request.user, slug=org_slug)
    process = process_get_for_user(user=request.user, organisation=organisation, slug=process_slug)
    if not request.user.has_perm("events.add_event", process):
        raise PermissionDenied
    form = EventForm(
        request.POST or None, process=process, initial={"moderators": [request.user.pk]}
    )
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(
                process=process, actor=request.user, **form.service_kwargs()
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("Event created. Share the code %(code)s.") % {"code": event.display_code}
            )
            return redirect(event.get_absolute_url())
    return render(
        request,
        "events/event_form.html",
        {"organisation": organisation, "process": process, "form": form},
    )


def _console_context(request: HttpRequest, event: Event) -> dict[str, object]:
    manifest = get_format(event.format_key)
    phase = selectors.current_phase(event=event)
    voting = wall_selectors.voting_of(event=event)
    pair_round = selectors.pair_round_latest(event=event)
    return {
        "organisation": event.process.organisation,
        "process": event.process,
        "event": event,
        "manifest": manifest,
        "phase": phase,
        "Tool": Tool,
        "can_moderate": request.user.has_perm("events.moderate_event", event),
        "can_export": request.user.has_perm("events.export_event", event),
        "present": selectors.present_count(event=event),
        "join_url": join_url(request, event),
        "qr": qr_data_uri(request, event),
        "columns": wall_selectors.wall_columns(event=event, include_hidden=True),
        "merge_targets": list(wall_selectors.cards_on_wall(event=event)),
        "categories": wall_selectors.categories(event=event),
        "voting": voting,
        "results": wall_selectors.results(event=event)[:15],
        "groups": wall_selectors.topic_groups(event=event),
        "rooms": event.rooms.all(),
        "slots": event.slots.all(),
        "pair_round": pair_round,
        "pair_tables": selectors.pair_tables(pair_round=pair_round) if pair_round else [],
        "open_ends": wall_selectors.open_ends_for_process(process=event.process)[:20],
        "walk_in_form": WalkInForm(),
        "can_change": request.user.has_perm("events.change_event", event),
        "retention_form": RetentionForm(initial={"days": event.retention_days}),
        "live_seq": event.last_seq,
        "limit_hits": limit_hits(event_id=event.pk),
        "grid_warnings": wall_selectors.group_grid(event=event).warnings,
        "nav": "processes",
    }


@login_required
def console(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    event = event_for(request, org_slug, pk)
    return render(request, "events/console.html", _console_context(request, event))


@login_required
def projector(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    event = event_for(request, org_slug, pk)
    phase = selectors.current_phase(event=event)
    voting = wall_selectors.voting_of(event=event)
    pair_round = selectors.pair_round_latest(event=event) if Tool.PAIRS in phase.tools else None
    shows_wall = Tool.WALL in phase.tools or Tool.VOTE in phase.tools
    result_instead = Tool.VOTE in phase.tools and voting.closed_at is not None
    return render(
        request,
        "events/projector.html",
        {
            "event": event,
            "phase": phase,
            "tools": set(phase.tools),
            "Tool": Tool,
            "join_url": join_url(request, event),
            "qr": qr_data_uri(request, event),
            "present": selectors.present_count(event=event),
            "columns": wall_selectors.wall_columns(event=event),
            "voting": voting,
            "results": wall_selectors.results(event=event)[:12],
            "groups": wall_selectors.topic_groups(event=event),
            "pair_round": pair_round,
            # The wall alone on the screen: it is fitted to the screen's height.
            "wall_only": shows_wall
            and not result_instead
            and not {Tool.PAIRS, Tool.JOIN} & set(phase.tools),
            "live_seq": event.last_seq,
            "blank_card": BLANK_CARD,  # cloned by the page script for cards that arrive live
        },
    )


@login_required
@require_POST
def set_phase(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    event = event_for(request, org_slug, pk, perm="events.moderate_event")
    try:
        services.event_set_phase(
            event=event, actor=request.user, phase=request.POST.get("phase", "")
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect(event.get_absolute_url())


@login_required
@require_POST
def walk_in(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    event = event_for(request, org_slug, pk, perm="events.moderate_event")
    form = WalkInForm(request.POST)
    if form.is_valid():
        contact = selectors.contact_for_participant(event=event, email=form.cleaned_data["email"])
        participant = services.participant_register_walk_in(
            event=event,
            actor=request.user,
            display_name=form.cleaned_data["display_name"],
            contact=contact,
        )
        messages.success(request, _("%(name)s is registered.") % {"name": participant.label})
    return redirect(event.get_absolute_url())


@login_required
@require_POST
def start_pairs(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    event = event_for(request, org_slug, pk, perm="events.moderate_event")
    minutes = request.POST.get("minutes", "")
    try:
        pair_round = services.pairs_start_round(
            event=event,
            actor=request.user,
            prompt=request.POST.get("prompt", "").strip(),
            minutes=int(minutes) if minutes.isdigit() and 0 < int(minutes) <= 60 else None,
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Round %(n)s: %(pairs)s pairs are talking.")
            % {"n": pair_round.number, "pairs": len(selectors.pair_tables(pair_round=pair_round))},
        )
    return redirect(event.get_absolute_url() + "#pairs")


@login_required
def group_grid(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """Rooms × time slots with every topic group, for the team and for printing."""
    event = event_for(request, org_slug, pk)
    return render(
        request,
        "events/grid.html",
        {
            "organisation": event.process.organisation,
            "process": event.process,
            "event": event,
            "grid": wall_selectors.group_grid(event=event),
            "nav": "processes",
        },
    )


@login_required
@require_POST
def close_event(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """Close (or, to undo, reopen) the event: a closed code lets nobody in."""
    event = event_for(request, org_slug, pk, perm="events.moderate_event")
    if request.POST.get("reopen"):
        services.event_reopen(event=event, actor=request.user)
        messages.success(request, _("The event is open again; the code works."))
    else:
        services.event_close(event=event, actor=request.user)
        messages.success(request, _("The event is closed; its code no longer works."))
    return redirect(event.get_absolute_url())


@login_required
@require_POST
def set_retention(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """Change how long participants' data is kept (whoever may edit the event)."""
    event = event_for(request, org_slug, pk)
    if not request.user.has_perm("events.change_event", event):
        raise PermissionDenied
    form = RetentionForm(request.POST)
    if form.is_valid():
        event = retention.event_retention_set(
            event=event, actor=request.user, days=form.cleaned_data["days"]
        )
        messages.success(
            request,
            _("Participants' data will be deleted on %(date)s.")
            % {"date": date_format(localtime(event.participants_purge_on), "DATE_FORMAT")},
        )
    else:
        messages.error(request, " ".join(str(error) for error in form.errors.get("days", [])))
    return redirect(f"{event.get_absolute_url()}#retention")
