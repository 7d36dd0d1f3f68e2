"""Moderation of the wall (cards, vote, topic groups, open ends) and the public open-ends page."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quartier.core.contact_requests import contact_request_handle
from quartier.core.errors import DomainError
from quartier.events.models import Event
from quartier.events.views.staff import event_for
from quartier.wall import selectors, services
from quartier.wall.models import OpenEnd, TopicGroup

ModerationAction = Callable[..., str]


def moderation(anchor: str) -> Callable[[ModerationAction], Callable[..., HttpResponse]]:
    """A POST-only moderator action that reports success or the domain error and returns
    to the console at ``anchor``."""

    def decorate(action: ModerationAction) -> Callable[..., HttpResponse]:
        @login_required
        @require_POST
        def view(request: HttpRequest, org_slug: str, pk: int, **kwargs: object) -> HttpResponse:
            event = event_for(request, org_slug, pk, perm="events.moderate_event")
            try:
                message = action(request, event, **kwargs)
            except DomainError as exc:
                messages.error(request, str(exc))
            else:
                if message:
                    messages.success(request, message)
            return redirect(event.get_absolute_url() + anchor)

        view.__name__ = action.__name__
        return view

    return decorate


@moderation("#wall")
def card_edit(request: HttpRequest, event: Event, card_id: int) -> str:
    card = selectors.card_get(event=event, pk=card_id)
    services.card_edit(
        card=card,
        actor=request.user,
        title=request.POST.get("title", ""),
        text=request.POST.get("text", ""),
        category_id=request.POST.get("category"),
    )
    return _("Card saved.")


@moderation("#wall")
def card_hide(request: HttpRequest, event: Event, card_id: int) -> str:
    card = selectors.card_get(event=event, pk=card_id)
    services.card_hide(card=card, actor=request.user, reason=request.POST.get("reason", ""))
    return _("Card hidden. You can show it again at any time.")


@moderation("#wall")
def card_unhide(request: HttpRequest, event: Event, card_id: int) -> str:
    card = selectors.card_get(event=event, pk=card_id)
    services.card_unhide(card=card, actor=request.user)
    return _("Card is back on the wall.")


@moderation("#wall")
def card_pin(request: HttpRequest, event: Event, card_id: int) -> str:
    card = selectors.card_get(event=event, pk=card_id)
    services.card_pin(card=card, actor=request.user, pinned=request.POST.get("pinned") == "1")
    return ""


@moderation("#wall")
def card_merge(request: HttpRequest, event: Event, card_id: int) -> str:
    card = selectors.card_get(event=event, pk=card_id)
    target = selectors.card_get(event=event, pk=request.POST.get("into"))
    services.card_merge(source=card, target=target, actor=request.user)
    return _("Merged into “%(title)s”; votes and supporters moved with it.") % {
        "title": target.title
    }


@moderation("#wall")
def card_split(request: HttpRequest, event: Event, card_id: int) -> str:
    card = selectors.card_get(event=event, pk=card_id)
    titles = [line for line in request.POST.get("titles", "").splitlines() if line.strip()]
    parts = services.card_split(card=card, actor=request.user, titles=titles)
    return _("Split into %(n)s cards.") % {"n": len(parts)}


@moderation("#voting")
def voting_open(request: HttpRequest, event: Event) -> str:
    dots, per_card = request.POST.get("dots", ""), request.POST.get("max_per_card", "")
    services.voting_open(
        event=event,
        actor=request.user,
        method=request.POST.get("method") or None,
        dots=int(dots) if dots.isdigit() else None,
        max_per_card=int(per_card) if per_card.isdigit() else None,
    )
    return _("Voting is open.")


@moderation("#voting")
def voting_close(request: HttpRequest, event: Event) -> str:
    services.voting_close(event=event, actor=request.user)
    return _("Voting is closed; the result is frozen.")


@moderation("#groups")
def group_create(request: HttpRequest, event: Event) -> str:
    card_id = request.POST.get("card", "")
    card = selectors.card_get(event=event, pk=card_id) if card_id else None
    capacity = request.POST.get("capacity", "")
    room = event.rooms.filter(pk=request.POST.get("room") or 0).first()
    slot = event.slots.filter(pk=request.POST.get("slot") or 0).first()
    group = services.topic_group_create(
        event=event,
        actor=request.user,
        title=request.POST.get("title", ""),
        card=card,
        host=request.POST.get("host", ""),
        room=room,
        slot=slot,
        capacity=int(capacity) if capacity.isdigit() else None,
    )
    return _("Topic group “%(title)s” created.") % {"title": group.title}


@moderation("#groups")
def groups_assign(request: HttpRequest, event: Event) -> str:
    algorithm = services.topic_groups_assign(event=event, actor=request.user)
    return _("People were placed by their wishes (%(algorithm)s).") % {"algorithm": algorithm}


def _group(event: Event, group_id: int) -> TopicGroup:
    group = TopicGroup.objects.filter(event=event, pk=group_id).first()
    if group is None:
        raise Http404
    return group


@moderation("#groups")
def group_idea(request: HttpRequest, event: Event, group_id: int) -> str:
    services.topic_group_idea(
        group=_group(event, group_id),
        actor=request.user,
        what=request.POST.get("what", ""),
        who=request.POST.get("who", ""),
        first_step=request.POST.get("first_step", ""),
        when=request.POST.get("when", ""),
    )
    return _("Project idea saved.")


@moderation("#groups")
def group_standing(request: HttpRequest, event: Event, group_id: int) -> str:
    moderator = event.process.organisation.memberships.filter(
        user_id=request.POST.get("moderator") or 0
    ).first()
    standing = services.topic_group_make_standing(
        group=_group(event, group_id),
        actor=request.user,
        goal=request.POST.get("goal", ""),
        mission=request.POST.get("mission", ""),
        moderator=moderator.user if moderator else None,
    )
    return _("“%(title)s” carries on as a standing group.") % {"title": standing.title}


@moderation("#open-ends")
def open_ends_collect(request: HttpRequest, event: Event) -> str:
    created = services.open_ends_collect(event=event, actor=request.user)
    return _("%(n)s topics without a group are now open ends.") % {"n": len(created)}


@moderation("#wall")
def open_end_revive(request: HttpRequest, event: Event) -> str:
    open_end = OpenEnd.objects.filter(
        process=event.process, pk=request.POST.get("open_end") or 0
    ).first()
    if open_end is None:
        raise DomainError(_("This open end does not exist."))
    services.open_end_revive(open_end=open_end, event=event, actor=request.user)
    return _("“%(title)s” is back on the wall.") % {"title": open_end.title}


def public_open_ends(request: HttpRequest, org_slug: str, process_slug: str) -> HttpResponse:
    process = selectors.public_process(org_slug=org_slug, process_slug=process_slug)
    return render(
        request,
        "wall/public_open_ends.html",
        {
            "process": process,
            "open_ends": selectors.open_ends_for_process(process=process, public=True),
        },
    )


def public_open_end(
    request: HttpRequest, org_slug: str, process_slug: str, pk: int
) -> HttpResponse:
    process = selectors.public_process(org_slug=org_slug, process_slug=process_slug)
    open_end = selectors.open_end_public_get(process=process, pk=pk)
    outcome = contact_request_handle(
        request,
        lambda details: services.open_end_interest(
            open_end=open_end,
            name=details.name,
            contact=details.contact,
            message=details.message,
            consent=details.consent,
            user=request.user,
        ),
    )
    return render(
        request,
        "wall/public_open_end.html",
        {
            "process": process,
            "open_end": open_end,
            "error": outcome.error,
            "done": outcome.done,
            "data": request.POST,
        },
    )
