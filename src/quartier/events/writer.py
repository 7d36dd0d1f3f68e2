"""One write path for a live event: its participant actions run one after another in a
writer thread of their own, instead of many request threads fighting for the lock.

A hall sends cards, dots and joins in bursts. With a thread per request, a thousand
phones mean dozens of threads waiting for SQLite's single write lock (or for the event
row lock in PostgreSQL), and the waiters time out ("database is locked"). Here each
event is served by one of ``LIVE_WRITERS`` single-thread executors per process (chosen
by the event's code), so writes of an event queue up in memory, run back to back on a
warm connection, and commit in the order their live entries are numbered. Broadcasts
leave in that same order (``quartier.events.live``).

With SQLite keep ``LIVE_WRITERS`` at 1: the database has one write lock anyway. With
PostgreSQL a few writers per worker let different events write in parallel; each
writer holds one pooled connection while it works.
"""

from __future__ import annotations

import asyncio
import contextvars
import threading
import zlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import close_old_connections, connection

T = TypeVar("T")

_lock = threading.Lock()
_executors: list[ThreadPoolExecutor] = []
serving = threading.local()  # .loop: the event loop that sends this thread's broadcasts


def writer_count() -> int:
    return max(1, int(getattr(settings, "LIVE_WRITERS", 1)))


def _executor_for(key: str) -> ThreadPoolExecutor:
    with _lock:
        if not _executors:
            _executors.extend(
                ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"live-writer-{n}")
                for n in range(writer_count())
            )
        return _executors[zlib.crc32(key.encode()) % len(_executors)]


def _finish() -> None:
    """Keep SQLite's connection (it lives in this one thread and skips the PRAGMAs);
    give a PostgreSQL connection back to the pool after each write."""
    if connection.vendor != "sqlite":
        close_old_connections()


async def run_write(key: str, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run ``work`` in the writer for ``key`` (an event's join code) and wait for it."""
    loop = asyncio.get_running_loop()

    def job() -> T:
        serving.loop = loop
        try:
            return work(*args, **kwargs)
        finally:
            serving.loop = None
            _finish()

    if not getattr(settings, "LIVE_WRITER_THREADS", True):
        # The test client runs views in the test's own thread and transaction.
        return await sync_to_async(work, thread_sensitive=True)(*args, **kwargs)
    return await loop.run_in_executor(_executor_for(key), job)


def write_from_thread(
    key: str, loop: asyncio.AbstractEventLoop | None, work: Callable[..., T], **kwargs: Any
) -> T:
    """From a worker thread (an action's reads and answer run there, in parallel with
    other phones' actions): run only the write in the writer for ``key`` and wait."""
    if not getattr(settings, "LIVE_WRITER_THREADS", True) or loop is None:
        return work(**kwargs)

    def job() -> T:
        serving.loop = loop
        try:
            return work(**kwargs)
        finally:
            serving.loop = None
            _finish()

    return _executor_for(key).submit(job).result()


async def run_read(work: Callable[..., T], *args: Any) -> T:
    """Run a live action's sync part in the loop's thread pool, whose threads keep their
    SQLite connection (a request's own thread would open one per request)."""
    if not getattr(settings, "LIVE_WRITER_THREADS", True):
        return await sync_to_async(work, thread_sensitive=True)(*args)

    def job() -> T:
        try:
            return work(*args)
        finally:
            _finish()

    context = contextvars.copy_context()  # the request's language and the like
    return await asyncio.get_running_loop().run_in_executor(None, context.run, job)


def _close_connection() -> None:
    connection.close()  # looked up in the writer thread: its own connection


def shutdown() -> None:
    """Close the writers' connections and stop their threads (a test server stopping)."""
    with _lock:
        for executor in _executors:
            executor.submit(_close_connection).result(timeout=30)
            executor.shutdown(wait=True)
        _executors.clear()
