"""Fixtures for live events: an event with categories, rooms and slots, and participants."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone


@pytest.fixture
def token() -> Any:
    return lambda: str(uuid.uuid4())


@pytest.fixture
def moderator(organisation: Any, make_member: Any) -> Any:
    return make_member(organisation, "moderator", email="moderator@example.org", name="Mo Derator")


@pytest.fixture
def event(process: Any, admin: Any, moderator: Any) -> Any:
    from quartier.events.services import event_create

    return event_create(
        process=process,
        actor=admin,
        format_key="open_space",
        title="Open-Sozial Nordkiez",
        starts_at=timezone.now() - timedelta(hours=1),
        place="Bürgerzentrum",
        rooms=["Saal", "Raum 1"],
        slots=["14:00", "15:00"],
        moderators=[moderator],
    )


@pytest.fixture
def join(event: Any, token: Any) -> Any:
    from quartier.events.services import participant_join

    def make(name: str = "", target: Any = None) -> Any:
        return participant_join(event=target or event, display_name=name, token=token())

    return make


@pytest.fixture
def category(event: Any) -> Any:
    return event.categories.first()


# --- an ASGI server (HTTP + websockets), as `quartier serve` runs it ---------------------------


@pytest.fixture
def asgi_server(transactional_db: Any, settings: Any) -> Any:
    """Serve ``quartier.config.asgi`` with uvicorn in a thread on a free loopback port.

    pytest-django's ``live_server`` speaks WSGI only; the live wall needs websockets.
    """
    import socket
    import threading
    import time

    import uvicorn

    from quartier.config.asgi import application
    from quartier.events import writer

    settings.LIVE_WRITER_THREADS = True  # as deployed: participant writes in the event's writer

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            application, host="127.0.0.1", port=port, log_level="warning", lifespan="off"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the ASGI server did not start"

    class Server:
        url = f"http://127.0.0.1:{port}"

    yield Server()
    server.should_exit = True
    thread.join(timeout=10)
    writer.shutdown()


@pytest.fixture
def asgi_login(asgi_server: Any) -> Any:
    def do_login(page: Any, email: str) -> None:
        # A fresh server's first page (URL patterns, templates) can take a while on a
        # machine shared with other jobs.
        page.goto(f"{asgi_server.url}/accounts/login/", timeout=30_000)
        page.locator("input[name=username], input[type=email]").first.fill(email)
        page.locator("input[type=password]").first.fill("correct-horse-battery")
        page.locator("form button[type=submit]").last.click()
        page.wait_for_load_state()

    return do_login


@pytest.fixture
def in_phase(event: Any) -> Any:
    """Move the event to a phase, as the moderators would, before participants act:
    the server refuses actions the current phase does not offer."""
    from quartier.events.models import Event

    def move(key: str, target: Any = None) -> None:
        target = target or event
        Event.objects.filter(pk=target.pk).update(phase=key)
        target.phase = key

    return move
