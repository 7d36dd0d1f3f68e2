"""Websocket of a meeting: screens join its group and hear when to refresh."""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from quartier.meetings.live import group_name


@database_sync_to_async
def _may_view(user: Any, meeting_id: int) -> bool:
    from quartier.meetings.models import Meeting

    meeting = (
        Meeting.objects.select_related("organisation", "process").filter(pk=meeting_id).first()
    )
    return meeting is not None and bool(user.has_perm("meetings.view_meeting", meeting))


class MeetingConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self) -> None:
        self.meeting_id = int(self.scope["url_route"]["kwargs"]["meeting_id"])
        user = self.scope.get("user")
        if user is None or not await _may_view(user, self.meeting_id):
            await self.close(code=4403)
            return
        await self.channel_layer.group_add(group_name(self.meeting_id), self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "meeting_id"):
            await self.channel_layer.group_discard(group_name(self.meeting_id), self.channel_name)

    async def meeting_changed(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "changed", "version": event["version"]})
