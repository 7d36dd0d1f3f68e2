"""Websocket routes of every app, gathered in one list for the ASGI router."""

from django.urls import URLPattern, URLResolver, path

from quartier.events.consumers import EventConsumer

websocket_urlpatterns: list[URLPattern | URLResolver] = [
    path("ws/events/<str:code>/", EventConsumer.as_asgi()),
]
