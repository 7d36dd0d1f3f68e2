"""Tell every open screen of a meeting that its state changed.

Services call ``meeting_changed`` inside their transaction; the message goes out on
commit through the channel layer to the meeting's websocket group. Screens then fetch
the state fragment again, so the message carries only a version number, no content.
"""

from __future__ import annotations

import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.db.models import F

logger = logging.getLogger(__name__)


def group_name(meeting_id: int) -> str:
    return f"meeting-{meeting_id}"


def _send(meeting_id: int, version: int) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(
            group_name(meeting_id), {"type": "meeting.changed", "version": version}
        )
    except Exception:  # a live push must never break the write that caused it
        logger.warning("could not push a change of meeting %s", meeting_id, exc_info=True)


def meeting_changed(meeting: Any) -> None:
    type(meeting).objects.filter(pk=meeting.pk).update(state_version=F("state_version") + 1)
    meeting.refresh_from_db(fields=["state_version"])
    meeting_id, version = meeting.pk, meeting.state_version
    transaction.on_commit(lambda: _send(meeting_id, version))
