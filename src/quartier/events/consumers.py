"""The event websocket: entries of the event's live log in ``seq`` order.

On connect the screen says which entry it saw last (``?after=N``) and gets everything
after it; afterwards every committed change arrives as it happens, through the
process's hub for the event (``quartier.events.hub``). Participants may
also act over the socket (post, vote, support, join a group) with the same client
tokens and services as the HTML forms, which is what the load benchmark drives.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from quartier.core.errors import DomainError
from quartier.events.hub import hub_join, hub_leave
from quartier.events.live import live_entries_after
from quartier.events.models import Event, Participant
from quartier.events.selectors import SESSION_KEY

CLOSE_FORBIDDEN = 4403


@database_sync_to_async
def _authorize(code: str, session: Any, user: Any) -> tuple[int | None, int | None]:
    event = Event.objects.select_related("process__organisation").filter(join_code=code).first()
    if event is None:
        return None, None
    pid = (session or {}).get(SESSION_KEY, {}).get(str(event.pk)) if session is not None else None
    if pid is not None and Participant.objects.filter(pk=pid, event=event).exists():
        return event.pk, int(pid)
    if user is not None and user.has_perm("events.view_event", event):
        return event.pk, None
    return None, None


@database_sync_to_async
def _catch_up(event_id: int, after: int) -> list[str]:
    return live_entries_after(event_id=event_id, after=after)


@database_sync_to_async
def _act(event_id: int, participant_id: int, message: dict[str, Any]) -> dict[str, Any]:
    from quartier.wall import services as wall
    from quartier.wall.models import Card, TopicGroup

    participant = Participant.objects.select_related("event").get(
        pk=participant_id, event_id=event_id
    )
    action, token = message.get("action"), message.get("token")
    if action == "post":
        return wall.card_post(
            event=participant.event,
            participant=participant,
            title=str(message.get("title", "")),
            text=str(message.get("text", "")),
            category_id=message.get("category"),
            token=token,
        )
    if action in ("vote", "support"):
        card = Card.objects.filter(pk=str(message.get("card")), event_id=event_id).first()
        if card is None:
            return {"error": "card_gone"}
        if action == "vote":
            return wall.vote_cast(card=card, participant=participant, token=token)
        return wall.card_support(card=card, participant=participant, token=token)
    if action == "join_group":
        group = TopicGroup.objects.filter(pk=str(message.get("group")), event_id=event_id).first()
        if group is None:
            return {"error": "group_gone"}
        return wall.topic_group_join(group=group, participant=participant, token=token)
    return {"error": "unknown_action"}


class EventConsumer(AsyncWebsocketConsumer):
    # No channel of its own: the process's hub receives the event's entries once and
    # writes them to this socket (a name that is not configured gives no layer).
    channel_layer_alias = "quartier.events.no-layer"
    event_id: int | None = None
    participant_id: int | None = None

    async def connect(self) -> None:
        code = str(self.scope["url_route"]["kwargs"]["code"])
        self.event_id, self.participant_id = await _authorize(
            code, self.scope.get("session"), self.scope.get("user")
        )
        if self.event_id is None:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        await self.accept()
        await hub_join(self.event_id, self._send_text)  # before the catch-up: no gap between them
        query = parse_qs(self.scope.get("query_string", b"").decode())
        after = query.get("after", [""])[0]
        if after.isdigit():
            await self._send_after(int(after))

    async def disconnect(self, code: int) -> None:
        if self.event_id is not None:
            await hub_leave(self.event_id, self._send_text)

    async def _send_text(self, text: str) -> None:
        await self.send(text_data=text)

    async def _send_after(self, after: int) -> None:
        assert self.event_id is not None
        for text in await _catch_up(self.event_id, after):
            await self.send(text_data=text)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        try:
            message = json.loads(text_data or "{}")
        except ValueError:
            return
        if not isinstance(message, dict) or self.event_id is None:
            return
        if message.get("action") == "catchup":
            after = message.get("after")
            if isinstance(after, int) and after >= 0:
                await self._send_after(after)
            return
        if self.participant_id is None:
            await self.send(
                text_data=json.dumps({"ack": message.get("token"), "error": "not_a_participant"})
            )
            return
        try:
            result = await _act(self.event_id, self.participant_id, message)
        except DomainError as exc:
            result = {"error": exc.code, "message": str(exc)}
        await self.send(text_data=json.dumps({"ack": message.get("token"), **result}))
