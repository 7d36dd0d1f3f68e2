"""The hub writes each frame to every screen of the process; one screen that stopped
reading must not hold the frame back from the rest of the hall."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from quartier.events import hub as hub_module
from quartier.events.hub import EventHub, hub_stats


def _screen(received: list[str]):
    async def send(text: str) -> None:
        received.append(text)

    return send


def _run(coroutine):
    """On a loop of its own thread: the browser tests leave a loop running in this one."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, asyncio.wait_for(coroutine, timeout=5)).result()


async def _never_reads(text: str) -> None:
    await asyncio.Event().wait()  # its buffers are full: the send never completes


def test_a_screen_that_stopped_reading_is_closed_and_the_others_get_the_frame(monkeypatch):
    monkeypatch.setattr(hub_module, "STUCK_SEND", 0.05)
    before = hub_stats["stuck_screens_closed"]
    closed: list[str] = []

    async def run() -> tuple[EventHub, list[list[str]]]:
        hub = EventHub(event_id=1)
        inboxes: list[list[str]] = [[] for _ in range(6)]
        screens = [_screen(inbox) for inbox in inboxes]
        for screen in screens[:3]:
            hub.senders.add(screen)
        hub.senders.add(_never_reads)
        hub.closers[_never_reads] = lambda: closed.append("stuck")
        for screen in screens[3:]:
            hub.senders.add(screen)
        await hub._send_to_all('{"seq":1}')
        await hub._send_to_all('{"seq":2}')  # the next frame no longer waits for it
        return hub, inboxes

    hub, inboxes = _run(run())
    assert all(inbox == ['{"seq":1}', '{"seq":2}'] for inbox in inboxes)
    assert _never_reads not in hub.senders
    assert closed == ["stuck"]
    assert hub_stats["stuck_screens_closed"] == before + 1


def test_a_screen_whose_socket_failed_is_skipped_without_closing_anyone(monkeypatch):
    monkeypatch.setattr(hub_module, "STUCK_SEND", 0.05)
    closed: list[str] = []

    async def gone(text: str) -> None:
        raise ConnectionError("closed")

    async def run() -> list[str]:
        hub = EventHub(event_id=1)
        inbox: list[str] = []
        hub.senders.update({gone, _screen(inbox)})
        hub.closers[gone] = lambda: closed.append("gone")
        await hub._send_to_all('{"seq":1}')
        return inbox

    assert _run(run()) == ['{"seq":1}']
    assert closed == []
