"""The live-event fixtures (an event with categories, rooms, slots; joining phones)."""

from tests.events.conftest import (  # noqa: F401
    category,
    event,
    in_phase,
    join,
    moderator,
    token,
)
