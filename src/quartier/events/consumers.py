"""The event websocket: entries of the event's live log in ``seq`` order.

On connect the screen says which entry it saw last (``?after=N``) and gets everything
after it; afterwards every committed change arrives as it happens, through the
process's hub for the event (``quartier.events.hub``).

The page sends its actions (post, dot, take a dot back, support, join a group) over this
socket while it is open, and over HTTP (plain forms, also without the script) when it
is not; both take the same client tokens, services, phase checks, rate limits and give
the same answers (``quartier.events.socket_actions``). Every frame gets an answer: an
acknowledgement with the action's result, or one with an error code for a malformed,
oversized, refused or throttled message. Nothing a phone sends raises past this class.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.utils import translation

from quartier.core.errors import DomainError
from quartier.events.hub import hub_join, hub_leave
from quartier.events.limits import Throttled, limit_check
from quartier.events.live import live_entries_after
from quartier.events.models import Event, Participant
from quartier.events.selectors import SESSION_KEY
from quartier.events.socket_actions import ACTIONS, object_id, socket_act
from quartier.events.writer import run_read

CLOSE_FORBIDDEN = 4403
CLOSE_TOO_BIG = 1009
CLOSE_STUCK = 4408  # not 4403: the page reconnects and catches up
MAX_FRAME = 8 * 1024  # a card is at most 120 + 1000 characters; anything far larger is abuse
MAX_TOKEN = 64
SERVER_SEND = "quartier.server_send"
logger = logging.getLogger(__name__)
_closing: set[asyncio.Task[None]] = set()  # keeps close tasks alive until done


def with_server_send(app: Any) -> Any:
    """Keep the server's own ``send`` in the scope (outermost middleware).

    The hub writes every live frame to every screen: a thousand sends per frame in a
    full hall. Channels' session middleware wraps ``send`` to save the session on HTTP
    responses; for websocket frames it only reads the lazy session on every call (about
    a third of the fan-out's time). Frames from the hub go straight to the server."""

    async def asgi(scope: dict[str, Any], receive: Any, send: Any) -> Any:
        return await app({**scope, SERVER_SEND: send}, receive, send)

    return asgi


@database_sync_to_async
def _authorize(code: str, session: Any, user: Any) -> tuple[int | None, int | None]:
    event = Event.objects.select_related("process__organisation").filter(join_code=code).first()
    if event is None:
        return None, None
    pid = (session or {}).get(SESSION_KEY, {}).get(str(event.pk)) if session is not None else None
    if (
        pid is not None
        and event.closed_at is None
        and Participant.objects.filter(pk=pid, event=event).exists()
    ):
        return event.pk, int(pid)
    if user is not None and user.has_perm("events.view_event", event):
        return event.pk, None
    return None, None


@database_sync_to_async
def _catch_up(event_id: int, after: int) -> list[str]:
    return live_entries_after(event_id=event_id, after=after)


class EventConsumer(AsyncWebsocketConsumer):
    # No channel of its own: the process's hub receives the event's entries once and
    # writes them to this socket (a name that is not configured gives no layer).
    channel_layer_alias = "quartier.events.no-layer"
    event_id: int | None = None
    participant_id: int | None = None
    joined_hub = False
    code = ""
    language = ""

    async def connect(self) -> None:
        code = self.code = str(self.scope["url_route"]["kwargs"]["code"])[:12]
        self.event_id, self.participant_id = await _authorize(
            code, self.scope.get("session"), self.scope.get("user")
        )
        if self.event_id is None:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        await self.accept()
        # before the catch-up: no gap between them
        await hub_join(self.event_id, self._send_text, self._close_stuck)
        self.joined_hub = True
        query = parse_qs(self.scope.get("query_string", b"").decode(errors="replace"))
        # The page says which language it shows; the answers' messages use it too.
        language = query.get("lang", [""])[0]
        known = {key for key, _name in settings.LANGUAGES}
        self.language = language if language in known else settings.LANGUAGE_CODE
        after = query.get("after", [""])[0]
        if after.isascii() and after.isdigit() and len(after) < 19:
            await self._send_after(int(after))

    async def disconnect(self, code: int) -> None:
        if self.event_id is not None and self.joined_hub:
            await hub_leave(self.event_id, self._send_text)

    def _close_stuck(self) -> None:
        """The hub gave up on this screen (it stopped reading): close the socket; the
        phone reconnects with the last entry it saw and catches up."""
        task = asyncio.get_running_loop().create_task(self.close(code=CLOSE_STUCK))
        _closing.add(task)
        task.add_done_callback(_closing.discard)

    async def _send_text(self, text: str) -> None:
        send = self.scope.get(SERVER_SEND)
        if send is None:  # e.g. a test communicator without the middleware
            await self.send(text_data=text)
        else:
            await send({"type": "websocket.send", "text": text})

    async def _send_after(self, after: int) -> None:
        assert self.event_id is not None
        for text in await _catch_up(self.event_id, after):
            await self.send(text_data=text)

    async def _answer(self, token: str | None, **result: Any) -> None:
        await self.send(text_data=json.dumps({"ack": token, **result}, default=str))

    def _ip(self) -> str:
        client = self.scope.get("client") or ("", 0)
        return str(client[0] or "")

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        raw = text_data if text_data is not None else bytes_data
        if raw is None or self.event_id is None:
            return
        if len(raw) > MAX_FRAME:
            await self._answer(None, error="too_large", max=MAX_FRAME)
            await self.close(code=CLOSE_TOO_BIG)
            return
        try:
            message = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            await self._answer(None, error="bad_json")
            return
        if not isinstance(message, dict):
            await self._answer(None, error="bad_message")
            return
        raw_token = message.get("token")
        token = raw_token if isinstance(raw_token, str) and len(raw_token) <= MAX_TOKEN else None
        action = message.get("action")
        try:
            if action in ACTIONS and self.participant_id is not None:
                # Counted with the action's own limit, off the event loop (a cache in
                # Redis is a round trip).
                result = await run_read(
                    socket_act,
                    self.code,
                    asyncio.get_running_loop(),
                    self.language,
                    self.event_id,
                    self.participant_id,
                    self._ip(),
                    message,
                )
                await self._answer(token, **result)
                return
            limit_check(
                action="message",
                ip=self._ip(),
                participant_id=self.participant_id,
                event_id=self.event_id,
            )
            if action == "catchup":
                after = object_id(message.get("after")) if message.get("after") != 0 else 0
                if after is None:
                    await self._answer(token, error="bad_message")
                    return
                limit_check(action="catchup", ip=self._ip(), participant_id=self.participant_id)
                await self._send_after(after)
                await self._answer(token, caught_up=after)
                return
            if not isinstance(action, str) or action not in ACTIONS:
                await self._answer(token, error="unknown_action")
                return
            await self._answer(token, error="not_a_participant")  # a moderator's screen
            return
        except Throttled as exc:
            with translation.override(self.language):
                text = str(exc)
            await self._answer(token, error=exc.code, message=text, retry_after=exc.retry_after)
            return
        except DomainError as exc:
            with translation.override(self.language):
                result = {"ok": False, "error": exc.code, "message": str(exc)}
        await self._answer(token, **result)
