"""The live log: every change that screens must follow gets the next sequence number of
its event and is pushed to the event's channel group once the transaction commits.

Screens apply entries in ``seq`` order and, after a dropped connection, fetch the
entries after the last one they applied (``live_entries_after``), so nothing is lost
even when the websocket is not. Only services call :func:`live_append`.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.db.models import F

from quartier.events.models import Event, LiveEntry

MESSAGE_TYPE = "live.entry"
CATCH_UP_LIMIT = 500
_pending: set[asyncio.Task[None]] = set()  # keeps scheduled sends alive until done


def group_name(event_id: int) -> str:
    return f"event.{event_id}"


def event_lock(event_id: int) -> Event:
    """Lock the event row for the rest of the transaction: writes of one event queue up
    here, so counts checked inside (dots, group places) cannot race."""
    return (
        Event.objects.select_for_update().select_related("process__organisation").get(pk=event_id)
    )


def entry_text(*, seq: int, kind: str, data: dict[str, Any]) -> str:
    return json.dumps(
        {"seq": seq, "kind": kind, "data": data}, ensure_ascii=False, separators=(",", ":")
    )


def live_append(*, event_id: int, kind: str, data: dict[str, Any]) -> LiveEntry:
    """Append an entry (inside the caller's transaction) and broadcast it after commit."""
    Event.objects.filter(pk=event_id).update(last_seq=F("last_seq") + 1)
    seq = Event.objects.values_list("last_seq", flat=True).get(pk=event_id)
    entry = LiveEntry.objects.create(event_id=event_id, seq=seq, kind=kind, payload=data)
    text = entry_text(seq=seq, kind=kind, data=data)
    transaction.on_commit(lambda: broadcast(event_id=event_id, text=text))
    return entry


def broadcast(*, event_id: int, text: str) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    message = {"type": MESSAGE_TYPE, "text": text}
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:  # the usual case: a sync request or task thread
        async_to_sync(layer.group_send)(group_name(event_id), message)
    else:  # called from code that already runs an event loop in this thread
        _pending.add(task := loop.create_task(layer.group_send(group_name(event_id), message)))
        task.add_done_callback(_pending.discard)


def live_entries_after(*, event_id: int, after: int, limit: int = CATCH_UP_LIMIT) -> list[str]:
    """Serialized entries with ``seq > after``, oldest first (at most ``limit``)."""
    rows = LiveEntry.objects.filter(event_id=event_id, seq__gt=after).order_by("seq")[:limit]
    return [entry_text(seq=row.seq, kind=row.kind, data=row.payload) for row in rows]
