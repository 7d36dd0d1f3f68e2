"""Opinion maps: the team's pages (create, moderate, map, projector) and the phone's page.

Thin views: they authorise through the event selectors, call a service or selector and
render. Every action is a plain form; the phone page needs no script.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quartier.core.errors import DomainError
from quartier.events import selectors as event_selectors
from quartier.events import services as event_services
from quartier.events.views.staff import event_for
from quartier.topics import opinion_selectors as selectors
from quartier.topics import opinion_services as services
from quartier.topics import selectors as topic_selectors
from quartier.topics import services as topic_services
from quartier.topics.links import map_links
from quartier.topics.models import ConversationStatus
from quartier.topics.view_parts import (
    answer_post,
    conversation_page,
    moderate_action,
    report_pdf,
    statements_csv,
)
from quartier.wall.models import Card, CardStatus


def _staff_url(org_slug: str, pk: int, conversation_id: int | None = None) -> str:
    if conversation_id is None:
        return reverse("topics:conversations", args=[org_slug, pk])
    return reverse("topics:conversation", args=[org_slug, pk, conversation_id])


@login_required
def conversations(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    event = event_for(request, org_slug, pk)
    can_moderate = request.user.has_perm("events.moderate_event", event)
    error = ""
    if request.method == "POST":
        event = event_for(request, org_slug, pk, perm="events.moderate_event")
        try:
            conversation = services.conversation_create(
                event=event,
                actor=request.user,
                question=request.POST.get("question", ""),
                statements=request.POST.get("statements", "").splitlines(),
                allow_statements=request.POST.get("allow_statements") == "on",
            )
        except DomainError as exc:
            error = str(exc)
        else:
            messages.success(request, _("The opinion map is open."))
            return redirect(_staff_url(org_slug, pk, conversation.pk))
    return render(
        request,
        "topics/conversations.html",
        {
            "event": event,
            "organisation": event.process.organisation,
            "process": event.process,
            "conversations": selectors.conversations(event=event),
            "can_moderate": can_moderate,
            "error": error,
            "form": request.POST if error else {},
        },
    )


@login_required
def conversation(request: HttpRequest, org_slug: str, pk: int, cid: int) -> HttpResponse:
    event = event_for(request, org_slug, pk)
    found = selectors.conversation_get(event=event, pk=cid)
    return conversation_page(
        request,
        found,
        can_moderate=request.user.has_perm("events.moderate_event", event),
        event=event,
        organisation=event.process.organisation,
        process=event.process,
    )


@login_required
@require_POST
def moderate(request: HttpRequest, org_slug: str, pk: int, cid: int) -> HttpResponse:
    event = event_for(request, org_slug, pk, perm="events.moderate_event")
    found = selectors.conversation_get(event=event, pk=cid)
    moderate_action(request, found)
    return redirect(_staff_url(org_slug, pk, found.pk))


@login_required
def projector(request: HttpRequest, org_slug: str, pk: int, cid: int) -> HttpResponse:
    event = event_for(request, org_slug, pk)
    found = selectors.conversation_get(event=event, pk=cid)
    return render(
        request,
        "topics/projector.html",
        {
            "event": event,
            "conversation": found,
            "map": selectors.opinion_map_for(conversation=found),
            "links": map_links(request, found),
        },
    )


def _participant(request: HttpRequest, code: str):  # type: ignore[no-untyped-def]
    event = event_selectors.event_get_by_code(code=event_services.normalize_code(code))
    return event, event_selectors.participant_for_session(request=request, event=event)


def room_list(request: HttpRequest, code: str) -> HttpResponse:
    event, participant = _participant(request, code)
    if participant is None:
        return redirect("events:join", code=event.join_code)
    return render(
        request,
        "topics/room_list.html",
        {"event": event, "conversations": selectors.conversations(event=event, open_only=True)},
    )


def vote(request: HttpRequest, code: str, cid: int) -> HttpResponse:
    event, participant = _participant(request, code)
    if participant is None:
        return redirect("events:join", code=event.join_code)
    found = selectors.conversation_get(event=event, pk=cid)
    if request.method == "POST":
        answer_post(request, found, participant=participant)
        return redirect("topics:vote", code=event.join_code, cid=found.pk)
    progress = selectors.progress_for(conversation=found, participant=participant)
    return render(
        request,
        "topics/vote.html",
        {
            "event": event,
            "conversation": found,
            "progress": progress,
            "closed": found.status != ConversationStatus.OPEN,
            "map": selectors.opinion_map_for(conversation=found) if progress.next is None else None,
        },
    )


@login_required
def wall_themes(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """The wall's cards by theme, for merging duplicates and for the report."""
    event = event_for(request, org_slug, pk)
    raw_k = request.GET.get("k", "")
    k = int(raw_k) if raw_k.isdigit() and 2 <= int(raw_k) <= 20 else None
    return render(
        request,
        "topics/themes.html",
        {
            "event": event,
            "organisation": event.process.organisation,
            "process": event.process,
            "themes": topic_selectors.wall_themes(event=event, k=k),
            "k": k,
            "can_moderate": request.user.has_perm("events.moderate_event", event),
        },
    )


@login_required
def theme_merge(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """Merge chosen cards of one theme: GET asks to confirm, POST merges (all or none)."""
    event = event_for(request, org_slug, pk, perm="events.moderate_event")
    source = request.POST if request.method == "POST" else request.GET
    ids = [i for i in source.getlist("cards") if i.isdigit()]
    back = reverse("topics:themes", args=[org_slug, pk])
    if request.method == "POST":
        try:
            target = topic_services.theme_merge(
                event=event, target_id=source.get("into", ""), card_ids=ids, actor=request.user
            )
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("%(n)s cards merged into “%(title)s”.") % {"n": len(ids), "title": target.title},
            )
        return redirect(back)
    cards = list(
        Card.objects.filter(event=event, pk__in=ids, status=CardStatus.VISIBLE).order_by("pk")
    )
    keep = next((c for c in cards if str(c.pk) == source.get("into")), None)
    if keep is None or len(cards) < 2:
        messages.error(request, _("Choose at least two cards of the wall, one of them to keep."))
        return redirect(back)
    return render(
        request,
        "topics/theme_merge.html",
        {
            "event": event,
            "organisation": event.process.organisation,
            "process": event.process,
            "target": keep,
            "others": [c for c in cards if c.pk != keep.pk],
            "cards": cards,
            "back": back,
        },
    )


@login_required
def export_csv(request: HttpRequest, org_slug: str, pk: int, cid: int) -> HttpResponse:
    """The statements with agreement overall and per group, for the event's report."""
    event = event_for(request, org_slug, pk, perm="events.export_event")
    found = selectors.conversation_get(event=event, pk=cid)
    return statements_csv(found)


@login_required
def export_pdf(request: HttpRequest, org_slug: str, pk: int, cid: int) -> HttpResponse:
    """The map with its groups, common ground and differences (also in the protocol)."""
    event = event_for(request, org_slug, pk, perm="events.export_event")
    return report_pdf(selectors.conversation_get(event=event, pk=cid))
