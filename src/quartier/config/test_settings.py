"""Settings for the test suite: the normal settings with fast hashing and no secure redirects."""

import os

os.environ.setdefault("QUARTIER_TESTING", "true")
os.environ.setdefault("DEBUG", "true")

from quartier.config.settings import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Views run in the test's thread and transaction; the ASGI test server switches the
# live writer threads on (tests/events/conftest.py).
LIVE_WRITER_THREADS = False
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # A file rather than memory: the live-event browser tests serve the ASGI app from a
    # thread, whose executor threads must all see the same test database.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / f"test-{os.getpid()}.sqlite3")}  # noqa: F405
    # Tests flush and recreate the database between cases: no connection outlives a request.
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
