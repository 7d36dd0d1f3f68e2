"""The phone's actions over its open websocket, answered exactly as the HTTP views answer.

``live.js`` sends a post, a dot, a dot taken back, a support or a group join over the
socket it already holds for the live entries, and falls back to the HTTP form post
(same client token, so the server acts once) when the socket is closed or the answer
is late. A socket frame skips what an HTTP request costs a full hall (a connection,
the middleware chain, the session load, CSRF): the phone was identified when the
socket was opened. Everything else is the same as over HTTP: the same rate limits,
services (phase, closing and dot limits checked on the locked event row), client
tokens and answers (``ok``, ``message``, the ballot after a dot).

Reads and the answer run in a pooled thread; only the service call queues for the
event's writer (``quartier.events.writer``), as for the HTTP actions.
"""

from __future__ import annotations

import asyncio
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from quartier.events.limits import limit_check
from quartier.events.selectors import live_participant
from quartier.events.writer import write_from_thread

ACTIONS = ("post", "vote", "unvote", "support", "join_group")
_LIMITS = {"post": "post", "support": "support", "join_group": "support"}


def object_id(value: object) -> int | None:
    """A database id from a message, or None for anything else (no int() surprises)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and 0 < value < 2**62:
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 19:
        return int(value)
    return None


def socket_act(
    code: str,
    loop: asyncio.AbstractEventLoop | None,
    language: str,
    event_id: int,
    participant_id: int,
    ip: str,
    message: dict[str, Any],
) -> dict[str, Any]:
    """One action frame: the answer the HTTP view would give, as a dict (raises
    ``Throttled`` and ``DomainError`` like the services)."""
    with translation.override(language):
        return _act(code, loop, event_id, participant_id, ip, message)


def _act(
    code: str,
    loop: asyncio.AbstractEventLoop | None,
    event_id: int,
    participant_id: int,
    ip: str,
    message: dict[str, Any],
) -> dict[str, Any]:
    from quartier.wall import selectors as wall_selectors
    from quartier.wall import services as wall
    from quartier.wall.models import Card, TopicGroup

    action, token = message["action"], message.get("token")
    # The frame and the action are counted together (one round trip with Redis).
    limit_check(
        action=_LIMITS.get(action, "vote"),
        also=("message",),
        ip=ip,
        participant_id=participant_id,
        event_id=event_id,
    )
    participant = live_participant(event_id=event_id, participant_id=participant_id)
    if participant is None:
        return {"ok": False, "error": "not_a_participant"}
    event = participant.event

    def write(service: Any, **kwargs: Any) -> dict[str, Any]:
        return dict(write_from_thread(code, loop, service, **kwargs))

    if action == "post":
        title, text = message.get("title", ""), message.get("text", "")
        if not isinstance(title, str) or not isinstance(text, str):
            return {"ok": False, "error": "bad_message"}
        result = write(
            wall.card_post,
            event=event,
            participant=participant,
            title=title,
            text=text,
            category_id=object_id(message.get("category")) or "",
            token=token,
        )
        return {"ok": True, "message": _("Your topic is on the wall."), **result}
    if action in ("vote", "unvote", "support"):
        card_id = object_id(message.get("card"))
        card = Card.objects.filter(pk=card_id, event_id=event_id).first() if card_id else None
        if card is None:
            return {"ok": False, "error": "card_gone", "message": _("This card is gone.")}
        if action == "support":
            result = write(wall.card_support, card=card, participant=participant, token=token)
            ok = _("You support “%(title)s”.") % {"title": card.title}
            return {"ok": True, "message": ok, **result}
        service = wall.vote_cast if action == "vote" else wall.vote_withdraw
        result = write(service, card=card, participant=participant, token=token)
        voting = wall_selectors.voting_of(event=event)
        ballot = wall_selectors.ballot_payload(voting=voting, participant=participant)
        return {
            "ok": True,
            "message": _("Your dot counts.") if action == "vote" else _("Your dot is back."),
            **result,
            "ballot": ballot,
            "left": ballot["left"],
            "mine": ballot["mine"].get(str(card.pk), 0),
        }
    group_id = object_id(message.get("group"))
    group = TopicGroup.objects.filter(pk=group_id, event_id=event_id).first() if group_id else None
    if group is None:
        return {"ok": False, "error": "group_gone", "message": _("This group does not exist.")}
    result = write(wall.topic_group_join, group=group, participant=participant, token=token)
    ok = _("You are in “%(title)s”.") % {"title": group.title}
    return {"ok": True, "message": ok, **result}
