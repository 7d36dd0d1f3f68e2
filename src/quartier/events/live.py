"""The live log: every change that screens must follow gets the next sequence number of
its event and is pushed to the event's channel group once the transaction commits.

Screens apply entries in ``seq`` order and, after a dropped connection, fetch the
entries after the last one they applied (``live_entries_after``), so nothing is lost
even when the websocket is not. Only services call :func:`live_append`.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
from collections.abc import Coroutine
from typing import Any

from asgiref.sync import SyncToAsync, async_to_sync
from channels.layers import get_channel_layer
from django.db import connection, transaction

from quartier.events import writer
from quartier.events.models import Event, LiveEntry

MESSAGE_TYPE = "live.entry"
CATCH_UP_LIMIT = 500
EVENT_TABLE = Event._meta.db_table
_pending: set[asyncio.Task[None]] = set()  # keeps scheduled sends alive until done
_outboxes: dict[int, asyncio.Queue[tuple[str, dict[str, str]]]] = {}  # per event loop
logger = logging.getLogger(__name__)


def group_name(event_id: int) -> str:
    return f"event.{event_id}"


def event_lock(event_id: int, *, with_organisation: bool = True) -> Event:
    """Lock the event row for the rest of the transaction: writes of one event queue up
    here, so counts checked inside (dots, group places) cannot race.

    ``with_organisation=False`` for participant actions (thirty a second in a full hall),
    which never write an audit entry: the lock reads one row instead of a join."""
    rows = Event.objects.select_for_update()
    if with_organisation:
        rows = rows.select_related("process__organisation")
    return rows.get(pk=event_id)


def entry_text(*, seq: int, kind: str, data: dict[str, Any]) -> str:
    return json.dumps(
        {"seq": seq, "kind": kind, "data": data}, ensure_ascii=False, separators=(",", ":")
    )


def live_append(*, event_id: int, kind: str, data: dict[str, Any]) -> LiveEntry:
    """Append an entry (inside the caller's transaction) and broadcast it after commit."""
    with connection.cursor() as cursor:  # one round trip (SQLite ≥ 3.35 and PostgreSQL both return)
        cursor.execute(
            f"UPDATE {EVENT_TABLE} SET last_seq = last_seq + 1 WHERE id = %s RETURNING last_seq",
            [event_id],
        )
        seq = int(cursor.fetchone()[0])
    entry = LiveEntry.objects.create(event_id=event_id, seq=seq, kind=kind, payload=data)
    text = entry_text(seq=seq, kind=kind, data=data)
    transaction.on_commit(lambda: broadcast(event_id=event_id, text=text))
    return entry


def broadcast(*, event_id: int, text: str) -> None:
    """Hand the entry to the channel layer without waiting for the fan-out.

    In the event's writer (or a request or consumer thread) the event loop that serves
    the sockets is known: the entry joins that loop's outbox and this thread goes back
    to the database at once. One task per loop empties the outbox, one send after the
    other, so entries leave this process in the order they were committed.
    """
    layer = get_channel_layer()
    if layer is None:
        return
    message = {"type": MESSAGE_TYPE, "text": text}
    group = group_name(event_id)
    main_loop = getattr(writer.serving, "loop", None) or _serving_loop()
    if main_loop is not None and main_loop.is_running():
        main_loop.call_soon_threadsafe(_post, main_loop, group, message)
        return
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:  # a thread of its own (CLI, demo, tests): send and wait
        async_to_sync(layer.group_send)(group, message)
    else:  # called from code that already runs an event loop in this thread
        _spawn(loop, layer.group_send(group, message))


def _serving_loop() -> asyncio.AbstractEventLoop | None:
    """The ASGI server's event loop when this thread runs sync code on its behalf."""
    if getattr(SyncToAsync.threadlocal, "main_event_loop_pid", None) != os.getpid():
        return None
    loop = getattr(SyncToAsync.threadlocal, "main_event_loop", None)
    return loop if loop is not None and loop.is_running() else None


def _post(loop: asyncio.AbstractEventLoop, group: str, message: dict[str, str]) -> None:
    """Runs in ``loop``: queue the entry for this loop's single sender task."""
    outbox = _outboxes.get(id(loop))
    if outbox is None:
        outbox = _outboxes[id(loop)] = asyncio.Queue()
        _spawn(loop, _send_in_order(outbox))
    outbox.put_nowait((group, message))


async def _send_in_order(outbox: asyncio.Queue[tuple[str, dict[str, str]]]) -> None:
    layer = get_channel_layer()
    assert layer is not None
    while True:
        group, message = await outbox.get()
        try:
            await layer.group_send(group, message)
        except Exception:  # e.g. Redis away: the hubs fill the gap from the database
            logger.warning("live entry not handed to the channel layer", exc_info=True)


def _spawn(loop: asyncio.AbstractEventLoop, coroutine: Coroutine[Any, Any, None]) -> None:
    task = loop.create_task(coroutine)
    _pending.add(task)  # keep a reference until the send is done
    task.add_done_callback(_pending.discard)


def live_entries_after(*, event_id: int, after: int, limit: int = CATCH_UP_LIMIT) -> list[str]:
    """Serialized entries with ``seq > after``, oldest first (at most ``limit``)."""
    rows = LiveEntry.objects.filter(event_id=event_id, seq__gt=after).order_by("seq")[:limit]
    return [entry_text(seq=row.seq, kind=row.kind, data=row.payload) for row in rows]
