"""The events' fixtures (an event, joined participants, an ASGI server) for opinion maps."""

import pytest

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


@pytest.fixture(autouse=True)
def _event_on_the_wall(request: pytest.FixtureRequest) -> None:
    """Cards are posted in the wall phase; the server refuses them in other phases."""
    if "event" in request.fixturenames:
        request.getfixturevalue("in_phase")("wall")
