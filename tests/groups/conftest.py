"""Standing groups grow out of live events: the same fixtures (an event with categories,
rooms and slots; joining phones; the ASGI server for the live room)."""

from tests.events.conftest import (  # noqa: F401
    asgi_login,
    asgi_server,
    category,
    event,
    in_phase,
    join,
    moderator,
    token,
)
