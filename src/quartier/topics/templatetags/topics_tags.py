"""Links into opinion maps from the event's pages (the room and the console)."""

from __future__ import annotations

from typing import Any

from django import template

from quartier.topics.opinion_selectors import conversations

register = template.Library()


@register.inclusion_tag("topics/room_link.html")
def opinion_maps_for_room(event: Any) -> dict[str, Any]:
    return {"event": event, "conversations": list(conversations(event=event, open_only=True))}
