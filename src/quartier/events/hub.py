"""One subscription per server process and event, fanned out to the local sockets.

Each consumer joining the channel group itself would make every live entry cost one
channel-layer message per screen (a thousand Redis writes for a full hall). Instead the
first socket of an event in this process starts a hub: it joins the group once, gathers
the entries that arrive within a short window and writes them to every local socket as
one frame (a JSON array when there are several). Frames per screen then stay bounded
however busy the wall gets, and the channel layer carries one message per worker.

The window follows what a frame costs here: writing one frame to every screen may take
at most ``FANOUT_SHARE`` of the time (a few screens: a frame every 50 ms; a thousand on
this machine: about every 100 ms; longer when the machine is busy and writing slows).
A fixed window long enough for the busiest case would make every card wait for it.

The hub also puts entries in ``seq`` order before they reach the sockets. Entries from
two workers may cross on the way, and a channel layer that is full drops messages; a
gap that stays open for a moment is filled from the database here, once per process,
instead of by every phone with a catch-up request of its own. Filled gaps are counted
(``hub_stats``) and logged as warnings: they mean the channel layer lost entries.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer

from quartier.events.live import group_name, live_entries_after

# A frame at most every 50 ms, at least every 500 ms; between the two as writing a frame
# to every screen costs (the socket writes take at most a quarter of the process's time).
FLUSH_MIN, FLUSH_MAX, FANOUT_SHARE = 0.05, 0.5, 0.25
GAP_WAIT = 0.3  # how long an entry may be overtaken before the hub fetches the missing ones
# A send only waits when the screen has stopped reading (its buffers are full: a phone
# gone off the network keeps its socket until the pings time out, 40 s). Past this the
# hub gives up on that screen instead of holding the frame for the whole hall.
STUCK_SEND = 2.0
SEQ = re.compile(r'^\{"seq":(\d+),')
logger = logging.getLogger(__name__)

Sender = Callable[[str], Awaitable[None]]
Closer = Callable[[], None]

# Entries this process had to fetch because the channel layer did not deliver them.
hub_stats = {"filled_from_database": 0, "duplicates_dropped": 0, "stuck_screens_closed": 0}


@database_sync_to_async
def _last_seq(event_id: int) -> int:
    from quartier.events.models import Event

    return int(Event.objects.filter(pk=event_id).values_list("last_seq", flat=True).first() or 0)


@database_sync_to_async
def _entries_after(event_id: int, after: int) -> list[str]:
    return live_entries_after(event_id=event_id, after=after)


class EventHub:
    def __init__(self, event_id: int) -> None:
        self.event_id = event_id
        self.senders: set[Sender] = set()
        self.closers: dict[Sender, Closer] = {}  # how to close a screen the hub gives up on
        self.buffer: list[str] = []
        self.held: dict[int, str] = {}  # entries that arrived before an earlier one
        self.last = 0  # the highest seq handed on in order
        self.channel = ""
        self.reader: asyncio.Task[None] | None = None
        self.flusher: asyncio.Task[None] | None = None
        self.gap_filler: asyncio.Task[None] | None = None
        self.fanout_seconds = 0.0  # how long writing a frame to every screen takes (smoothed)

    async def start(self) -> None:
        layer: Any = get_channel_layer()
        self.channel = await layer.new_channel()
        await layer.group_add(group_name(self.event_id), self.channel)
        # Joined first, then read the high-water mark: anything committed before is in
        # the database (each socket catches up from there), anything later arrives here.
        self.last = await _last_seq(self.event_id)
        self.reader = asyncio.create_task(self._read(layer))

    async def stop(self) -> None:
        layer: Any = get_channel_layer()
        for task in (self.reader, self.flusher, self.gap_filler):
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
                if type(exc).__name__ == "TimeoutError":  # an idle blocking pop: ask again
                    continue
                # e.g. Redis restarting: the next entry shows the gap and it is filled
                logger.warning(
                    "live hub of event %s: receive failed, retrying", self.event_id, exc_info=True
                )
                await asyncio.sleep(1)
                continue
            self.accept(str(message["text"]))

    def accept(self, text: str) -> None:
        """Take one entry from the layer: in order it goes out, early it waits for a gap."""
        match = SEQ.match(text)
        if match is None:
            return
        seq = int(match.group(1))
        if seq <= self.last or seq in self.held:
            hub_stats["duplicates_dropped"] += 1
            return
        self.held[seq] = text
        self._release()
        if self.held and (self.gap_filler is None or self.gap_filler.done()):
            self.gap_filler = asyncio.create_task(self._fill_gap())

    def _release(self) -> None:
        released = False
        while self.last + 1 in self.held:
            self.last += 1
            self.buffer.append(self.held.pop(self.last))
            released = True
        if released and (self.flusher is None or self.flusher.done()):
            self.flusher = asyncio.create_task(self._flush_soon())

    async def _fill_gap(self) -> None:
        for attempt in range(20):  # bounded; a database that stays away ends the loop
            await asyncio.sleep(GAP_WAIT if attempt == 0 else min(5.0, GAP_WAIT * 2**attempt))
            if not self.held:
                return
            try:
                missing = await _entries_after(self.event_id, self.last)
            except Exception:
                logger.warning("live hub of event %s: gap fill failed", self.event_id)
                continue
            filled = 0
            for text in missing:
                match = SEQ.match(text)
                if match is None:
                    continue
                seq = int(match.group(1))
                if seq > self.last and seq not in self.held:
                    self.held[seq] = text
                    filled += 1
            if filled:
                hub_stats["filled_from_database"] += filled
                logger.warning(
                    "live hub of event %s: %s entries were not delivered by the channel layer "
                    "and were read from the database",
                    self.event_id,
                    filled,
                )
            self._release()
            if not self.held:
                return

    async def _flush_soon(self) -> None:
        while self.buffer:  # entries that arrive while a frame is being sent go next
            await asyncio.sleep(self.window())
            started = time.perf_counter()
            entries, self.buffer = self.buffer, []
            frame = entries[0] if len(entries) == 1 else "[" + ",".join(entries) + "]"
            await self._send_to_all(frame)
            took = time.perf_counter() - started
            self.fanout_seconds = (
                took if not self.fanout_seconds else 0.7 * self.fanout_seconds + 0.3 * took
            )

    async def _send_to_all(self, frame: str) -> None:
        """The same text to every screen, one after the other: a socket send only writes
        to its transport (no waiting), so a task per screen would cost more than the send.
        A closed socket fails its send; its consumer unregisters. One deadline covers the
        whole round: healthy sends never suspend, so it can only fire inside the send of
        a screen that stopped reading, which is then closed (the phone reconnects and
        catches up) and the round goes on with the next screen."""
        pending = list(self.senders)
        while pending:
            try:
                async with asyncio.timeout(STUCK_SEND):
                    while pending:
                        with contextlib.suppress(Exception):
                            await pending[-1](frame)
                        pending.pop()
            except TimeoutError:
                self._give_up(pending.pop())

    def _give_up(self, send: Sender) -> None:
        self.senders.discard(send)
        close = self.closers.pop(send, None)
        hub_stats["stuck_screens_closed"] += 1
        logger.warning("live hub of event %s: a screen stopped reading; closed it", self.event_id)
        if close is not None:
            close()

    def window(self) -> float:
        """Seconds to gather entries before the next frame (see the module's docstring)."""
        return min(FLUSH_MAX, max(FLUSH_MIN, self.fanout_seconds / FANOUT_SHARE))


# Keyed by event loop as well: a server process has one loop, test runs have several.
_hubs: dict[tuple[int, int], EventHub] = {}
_locks: dict[int, asyncio.Lock] = {}


def _key(event_id: int) -> tuple[tuple[int, int], asyncio.Lock]:
    loop_id = id(asyncio.get_running_loop())
    return (loop_id, event_id), _locks.setdefault(loop_id, asyncio.Lock())


async def hub_join(event_id: int, send: Sender, close: Closer | None = None) -> None:
    key, lock = _key(event_id)
    async with lock:
        hub = _hubs.get(key)
        if hub is None:
            hub = _hubs[key] = EventHub(event_id)
            await hub.start()
        hub.senders.add(send)
        if close is not None:
            hub.closers[send] = close


async def hub_leave(event_id: int, send: Sender) -> None:
    key, lock = _key(event_id)
    async with lock:
        hub = _hubs.get(key)
        if hub is None:
            return
        hub.senders.discard(send)
        hub.closers.pop(send, None)
        if not hub.senders:
            del _hubs[key]
            await hub.stop()
