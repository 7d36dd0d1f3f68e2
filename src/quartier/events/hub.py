"""One subscription per server process and event, fanned out to the local sockets.

Each consumer joining the channel group itself would make every live entry cost one
channel-layer message per screen (a thousand Redis writes for a full hall). Instead the
first socket of an event in this process starts a hub: it joins the group once, gathers
the entries that arrive within a short window (longer for more screens) and writes them
to every local socket as one frame (a JSON array when there are several). Frames per
screen then stay bounded however busy the wall gets, and the channel layer carries one
message per worker.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from channels.layers import get_channel_layer

from quartier.events.live import group_name

# A frame at most every 50 ms to a few screens, every 250 ms to a full hall: the number
# of socket writes per second stays bounded while a card still shows up well within 1 s.
FLUSH_MIN, FLUSH_MAX, SCREENS_PER_SECOND_OF_DELAY = 0.05, 0.25, 2000
logger = logging.getLogger(__name__)

Sender = Callable[[str], Awaitable[None]]


class EventHub:
    def __init__(self, event_id: int) -> None:
        self.event_id = event_id
        self.senders: set[Sender] = set()
        self.buffer: list[str] = []
        self.channel = ""
        self.reader: asyncio.Task[None] | None = None
        self.flusher: asyncio.Task[None] | None = None

    async def start(self) -> None:
        layer: Any = get_channel_layer()
        self.channel = await layer.new_channel()
        await layer.group_add(group_name(self.event_id), self.channel)
        self.reader = asyncio.create_task(self._read(layer))

    async def stop(self) -> None:
        layer: Any = get_channel_layer()
        for task in (self.reader, self.flusher):
            if task is not None:
                task.cancel()
        with contextlib.suppress(Exception):
            await layer.group_discard(group_name(self.event_id), self.channel)

    async def _read(self, layer: Any) -> None:
        while True:
            try:
                message = await layer.receive(self.channel)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                if (
                    type(exc).__name__ == "TimeoutError"
                ):  # an idle blocking pop timed out: ask again
                    continue
                # e.g. Redis restarting: screens notice the gap at the next entry and catch up
                logger.warning(
                    "live hub of event %s: receive failed, retrying", self.event_id, exc_info=True
                )
                await asyncio.sleep(1)
                continue
            self.buffer.append(message["text"])
            if self.flusher is None or self.flusher.done():
                self.flusher = asyncio.create_task(self._flush_soon())

    async def _flush_soon(self) -> None:
        await asyncio.sleep(
            min(FLUSH_MAX, max(FLUSH_MIN, len(self.senders) / SCREENS_PER_SECOND_OF_DELAY))
        )
        entries, self.buffer = self.buffer, []
        if not entries:
            return
        frame = entries[0] if len(entries) == 1 else "[" + ",".join(entries) + "]"
        results = await asyncio.gather(
            *(send(frame) for send in list(self.senders)), return_exceptions=True
        )
        del results  # a closed socket fails its send; its consumer unregisters itself


# Keyed by event loop as well: a server process has one loop, test runs have several.
_hubs: dict[tuple[int, int], EventHub] = {}
_locks: dict[int, asyncio.Lock] = {}


def _key(event_id: int) -> tuple[tuple[int, int], asyncio.Lock]:
    loop_id = id(asyncio.get_running_loop())
    return (loop_id, event_id), _locks.setdefault(loop_id, asyncio.Lock())


async def hub_join(event_id: int, send: Sender) -> None:
    key, lock = _key(event_id)
    async with lock:
        hub = _hubs.get(key)
        if hub is None:
            hub = _hubs[key] = EventHub(event_id)
            await hub.start()
        hub.senders.add(send)


async def hub_leave(event_id: int, send: Sender) -> None:
    key, lock = _key(event_id)
    async with lock:
        hub = _hubs.get(key)
        if hub is None:
            return
        hub.senders.discard(send)
        if not hub.senders:
            del _hubs[key]
            await hub.stop()
