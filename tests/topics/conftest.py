"""The events' fixtures (an event, joined participants, an ASGI server) for opinion maps."""

from tests.events.conftest import (  # noqa: F401
    asgi_login,
    asgi_server,
    category,
    event,
    join,
    moderator,
    token,
)
