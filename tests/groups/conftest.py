"""Standing groups grow out of live events: the same fixtures (an event with categories, rooms, slots; joining phones)."""

from tests.events.conftest import category, event, join, moderator, token  # noqa: F401
