"""Websocket routes of every app, gathered in one list for the ASGI router."""

from django.urls import URLPattern, URLResolver, path

from quartier.events.consumers import EventConsumer
from quartier.meetings.consumers import MeetingConsumer

websocket_urlpatterns: list[URLPattern | URLResolver] = [
    path("ws/events/<str:code>/", EventConsumer.as_asgi()),
    path("ws/meetings/<int:meeting_id>/", MeetingConsumer.as_asgi()),
]
