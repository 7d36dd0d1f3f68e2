"""Settings for the test suite: the normal settings with fast hashing and no secure redirects."""

import os

os.environ.setdefault("QUARTIER_TESTING", "true")
os.environ.setdefault("DEBUG", "true")

from quartier.config.settings import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
