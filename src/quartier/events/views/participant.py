"""The participant's side: join with a code, the room on the phone, and its actions.

No account is needed. Joining stores the participant in the browser session; every
action carries a client token so that a retried submit never acts twice. Every action
works as a plain HTML form; the page script sends the same forms with fetch.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from asgiref.sync import sync_to_async
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from quartier.core.errors import DomainError
from quartier.events import selectors, services
from quartier.events.formats import participant_text
from quartier.events.limits import Throttled, client_ip, limit_blocked, limit_check
from quartier.events.live import CATCH_UP_LIMIT, live_entries_after
from quartier.events.models import Event, Participant
from quartier.events.views.responses import action_response, throttled_response
from quartier.events.writer import run_read, run_write, write_from_thread
from quartier.formats.manifest import Tool
from quartier.wall import selectors as wall_selectors
from quartier.wall import services as wall_services
from quartier.wall.payloads import BLANK_CARD


def _room_url(event: Event) -> str:
    return reverse("events:room", args=[event.join_code])


def _event_by_code(request: HttpRequest, code: str) -> Event:
    """An open event by its code. Wrong and closed codes look the same and are counted
    per address; after too many even a right code is refused for a while."""
    ip = client_ip(request.META)
    limit_blocked(action="code", ip=ip)
    try:
        return selectors.event_get_by_code(code=services.normalize_code(code))
    except Http404:
        limit_check(action="code", ip=ip)
        raise


def _event_and_participant(request: HttpRequest, code: str) -> tuple[Event, Participant | None]:
    """The event for someone who joined it (also once it is closed), else an open event."""
    event = selectors.event_get_by_code(code=services.normalize_code(code), include_closed=True)
    participant = selectors.participant_for_session(request=request, event=event)
    if participant is None and event.closed_at is not None:
        raise Http404
    return event, participant


def enter_code(request: HttpRequest) -> HttpResponse:
    code = services.normalize_code(request.GET.get("code", ""))
    error = ""
    if code:
        try:
            event = _event_by_code(request, code)
        except Throttled as exc:
            return throttled_response(request, exc)
        except Http404:
            error = _("We could not find an event with this code. Please check it and try again.")
        else:
            return redirect("events:join", code=event.join_code)
    return render(
        request, "events/enter_code.html", {"error": error, "code": request.GET.get("code", "")}
    )


async def join(request: HttpRequest, code: str) -> HttpResponse:
    """Joining writes (a participant, a live entry): it goes through the event's writer."""
    if request.method == "POST":
        return await run_write(services.normalize_code(code), _join, request, code)
    return await sync_to_async(_join)(request, code)


def _join(request: HttpRequest, code: str) -> HttpResponse:
    try:
        event = _event_by_code(request, code)
    except Throttled as exc:
        return throttled_response(request, exc)
    if selectors.participant_for_session(request=request, event=event) is not None:
        return redirect(_room_url(event))
    error = ""
    if request.method == "POST":
        try:
            limit_check(action="join", ip=client_ip(request.META), event_id=event.pk)
        except Throttled as exc:
            return throttled_response(request, exc)
        anonymous = request.POST.get("anonymous") == "on"
        name = "" if anonymous else request.POST.get("display_name", "")
        try:
            participant = services.participant_join(
                event=event,
                display_name=name,
                token=request.POST.get("client_token"),
                contact=selectors.contact_for_participant(event=event, user=request.user),
            )
        except DomainError as exc:
            error = str(exc)
        else:
            joined = dict(request.session.get(selectors.SESSION_KEY, {}))
            joined[str(event.pk)] = participant.pk
            request.session[selectors.SESSION_KEY] = joined
            return redirect(_room_url(event))
    return render(
        request, "events/join.html", {"event": event, "error": error, "client_token": uuid.uuid4()}
    )


def room(request: HttpRequest, code: str) -> HttpResponse:
    event, participant = _event_and_participant(request, code)
    if participant is None:
        return redirect("events:join", code=event.join_code)
    if event.closed_at is not None:
        return render(request, "events/ended.html", {"event": event})
    phase = selectors.current_phase(event=event)
    voting = wall_selectors.voting_of(event=event)
    context = {
        "event": event,
        "participant": participant,
        "phase": phase,
        "phase_text": participant_text(phase.key),
        "tools": set(phase.tools),
        "Tool": Tool,
        "columns": wall_selectors.wall_columns(event=event),
        "categories": wall_selectors.categories(event=event),
        "voting": voting,
        "ballot": wall_selectors.ballot_for(voting=voting, participant=participant),
        "groups": wall_selectors.topic_groups(event=event),
        "my_groups": wall_selectors.my_groups(participant=participant),
        "my_wishes": wall_selectors.my_wishes(participant=participant),
        "schedule": wall_selectors.schedule_for(participant=participant),
        "rank_choices": range(1, 6),
        "client_token": uuid.uuid4(),
        "live_seq": event.last_seq,
        "blank_card": BLANK_CARD,  # the script clones this for cards that arrive live
    }
    if Tool.PAIRS in phase.tools:
        pair_round = selectors.pair_round_latest(event=event)
        context["pair_round"] = pair_round
        context["partners"] = (
            selectors.pair_partners(pair_round=pair_round, participant=participant)
            if pair_round
            else None
        )
    if voting.closed_at is not None:
        context["results"] = wall_selectors.results(event=event)[:10]
    return render(request, "events/room.html", context)


def _participant_action(limit: str):  # type: ignore[no-untyped-def]
    """POST only; without a join session: 403 as JSON, or back to the join page.
    Each action counts against its rate limit (per participant and per address)."""

    def decorate(view):  # type: ignore[no-untyped-def]
        async def wrapped(request: HttpRequest, code: str) -> HttpResponse:
            if request.method != "POST":
                return HttpResponseNotAllowed(["POST"])
            # Checks, reads and the answer run in a pooled thread beside other phones'
            # actions; only the service call itself queues for the event's writer.
            request.live_writer = (services.normalize_code(code), asyncio.get_running_loop())  # type: ignore[attr-defined]
            return await run_read(handle, request, code)

        def handle(request: HttpRequest, code: str) -> HttpResponse:
            event, participant = selectors.live_actor(
                request=request, code=services.normalize_code(code)
            )
            if participant is None and event.closed_at is not None:
                raise Http404
            if participant is None:
                if "application/json" in request.headers.get("Accept", ""):
                    return JsonResponse({"ok": False, "code": "not_joined"}, status=403)
                messages.info(request, _("Please join the event first."))
                return redirect("events:join", code=event.join_code)
            try:
                limit_check(
                    action=limit,
                    ip=client_ip(request.META),
                    participant_id=participant.pk,
                    event_id=event.pk,
                )
                return view(request, event, participant)
            except Throttled as exc:
                return throttled_response(request, exc, back=_room_url(event))
            except DomainError as exc:
                return action_response(request, back=_room_url(event), error=exc)

        wrapped.__name__ = view.__name__
        return wrapped

    return decorate


T = TypeVar("T")


def _write(request: HttpRequest, service: Callable[..., T], **kwargs: Any) -> T:
    """Run one service call in the event's writer (see ``_participant_action``)."""
    key, loop = getattr(request, "live_writer", ("", None))
    return write_from_thread(key, loop, service, **kwargs)


def _read_limit(request: HttpRequest, event: Event, participant: Participant | None) -> None:
    limit_check(
        action="catchup",
        ip=client_ip(request.META),
        participant_id=participant.pk if participant else None,
        event_id=event.pk,
    )


@_participant_action("post")
def post_card(request: HttpRequest, event: Event, participant: Participant) -> HttpResponse:
    result = _write(
        request,
        wall_services.card_post,
        event=event,
        participant=participant,
        title=request.POST.get("title", ""),
        text=request.POST.get("text", ""),
        category_id=request.POST.get("category"),
        token=request.POST.get("client_token"),
    )
    return action_response(
        request, back=_room_url(event), ok_message=_("Your topic is on the wall."), result=result
    )


@_participant_action("support")
def support_card(request: HttpRequest, event: Event, participant: Participant) -> HttpResponse:
    card = wall_selectors.card_get(event=event, pk=request.POST.get("card"))
    result = _write(
        request,
        wall_services.card_support,
        card=card,
        participant=participant,
        token=request.POST.get("client_token"),
    )
    return action_response(
        request,
        back=_room_url(event),
        ok_message=_("You support “%(title)s”.") % {"title": card.title},
        result=result,
    )


def _ballot_answer(
    request: HttpRequest,
    event: Event,
    participant: Participant,
    card_pk: int,
    result: dict,
    ok: str,
) -> HttpResponse:
    voting = wall_selectors.voting_of(event=event)
    ballot = wall_selectors.ballot_payload(voting=voting, participant=participant)
    return action_response(
        request,
        back=_room_url(event) + f"#card-{card_pk}",
        ok_message=ok,
        result={
            **result,
            "ballot": ballot,
            "left": ballot["left"],
            "mine": ballot["mine"].get(str(card_pk), 0),
        },
    )


@_participant_action("vote")
def vote(request: HttpRequest, event: Event, participant: Participant) -> HttpResponse:
    card = wall_selectors.card_get(event=event, pk=request.POST.get("card"))
    result = _write(
        request,
        wall_services.vote_cast,
        card=card,
        participant=participant,
        token=request.POST.get("client_token"),
    )
    return _ballot_answer(request, event, participant, card.pk, result, _("Your dot counts."))


@_participant_action("vote")
def unvote(request: HttpRequest, event: Event, participant: Participant) -> HttpResponse:
    card = wall_selectors.card_get(event=event, pk=request.POST.get("card"))
    result = _write(
        request,
        wall_services.vote_withdraw,
        card=card,
        participant=participant,
        token=request.POST.get("client_token"),
    )
    return _ballot_answer(request, event, participant, card.pk, result, _("Your dot is back."))


@require_GET
def ballot(request: HttpRequest, code: str) -> HttpResponse:
    """The phone's own dots as the server counts them (after a merge moved some)."""
    event, participant = _event_and_participant(request, code)
    if participant is None:
        return JsonResponse({"ok": False, "code": "not_joined"}, status=403)
    try:
        _read_limit(request, event, participant)
    except Throttled as exc:
        return throttled_response(request, exc)
    voting = wall_selectors.voting_of(event=event)
    return JsonResponse(wall_selectors.ballot_payload(voting=voting, participant=participant))


@_participant_action("support")
def join_group(request: HttpRequest, event: Event, participant: Participant) -> HttpResponse:
    group = (
        wall_selectors.topic_groups(event=event).filter(pk=request.POST.get("group") or 0).first()
    )
    if group is None:
        return action_response(
            request, back=_room_url(event), error=DomainError(_("This group does not exist."))
        )
    result = _write(
        request,
        wall_services.topic_group_join,
        group=group,
        participant=participant,
        token=request.POST.get("client_token"),
    )
    return action_response(
        request,
        back=_room_url(event),
        ok_message=_("You are in “%(title)s”.") % {"title": group.title},
        result=result,
    )


@_participant_action("support")
def set_wishes(request: HttpRequest, event: Event, participant: Participant) -> HttpResponse:
    """Ranked wishes: ``rank-<group id>`` = 1, 2, 3 … (empty: not wanted)."""
    ranks: dict[int, int] = {}
    for key in request.POST:
        group_id, rank = key.removeprefix("rank-"), request.POST.get(key, "").strip()
        if key.startswith("rank-") and group_id.isdigit() and rank.isdigit() and int(rank) > 0:
            ranks[int(group_id)] = int(rank)
    for fallback, value in enumerate(request.POST.getlist("groups"), start=len(ranks) + 1):
        if value.isdigit():  # plain checkboxes (older pages): in the order given
            ranks.setdefault(int(value), fallback)
    found = {g.pk: g for g in wall_selectors.topic_groups(event=event).filter(pk__in=ranks)}
    ordered = [found[pk] for pk in sorted(found, key=lambda pk: (ranks[pk], pk))]
    _write(request, wall_services.group_wishes_set, participant=participant, groups=ordered)
    return action_response(request, back=_room_url(event), ok_message=_("Your wishes are saved."))


@require_GET
def suggest(request: HttpRequest, code: str) -> HttpResponse:
    """While someone types: similar cards already on the wall, and a breadth hint."""
    event, participant = _event_and_participant(request, code)
    title = request.GET.get("title", "")[:200]
    text = request.GET.get("text", "")[:1000]
    allowed = participant is not None or request.user.has_perm("events.view_event", event)
    similar = (
        wall_selectors.similar_cards(event=event, title=title, text=text)
        if allowed and title.strip()
        else []
    )
    hint = wall_selectors.breadth_hint(title=title, text=text) if title.strip() else None
    return render(
        request,
        "events/partials/suggestions.html",
        {
            "event": event,
            "similar": similar,
            "hint": hint,
            "client_token": uuid.uuid4(),
        },
    )


@require_GET
def catch_up(request: HttpRequest, code: str) -> HttpResponse:
    """Every live entry after ``?after=N``, for screens whose connection came back."""
    event, participant = _event_and_participant(request, code)
    if participant is None and not request.user.has_perm("events.view_event", event):
        return JsonResponse({"ok": False, "code": "not_joined"}, status=403)
    try:
        _read_limit(request, event, participant)
    except Throttled as exc:
        return throttled_response(request, exc)
    after = request.GET.get("after", "0")
    after_seq = int(after) if after.isdigit() else 0
    entries = live_entries_after(event_id=event.pk, after=after_seq)
    more = len(entries) >= CATCH_UP_LIMIT  # the screen asks again for the rest
    body = '{"entries":[' + ",".join(entries) + '],"more":' + ("true" if more else "false") + "}"
    return HttpResponse(body, content_type="application/json")
