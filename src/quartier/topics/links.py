"""Where an opinion map's pages are: under its event, or under its online process.

The templates are shared by both kinds of map and take their addresses from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from quartier.topics.models import Conversation


@dataclass(frozen=True)
class MapLinks:
    index: str  # the list of maps (event or process)
    detail: str
    moderate: str
    export: str
    report: str  # the map's PDF
    projector: str  # "" for online maps: they have no room
    join: str  # absolute: where participants answer


def map_links(request: HttpRequest, conversation: Conversation) -> MapLinks:
    if conversation.event is not None:
        event = conversation.event
        org = event.process.organisation.slug
        here = [org, event.pk, conversation.pk]
        return MapLinks(
            reverse("topics:conversations", args=[org, event.pk]),
            reverse("topics:conversation", args=here),
            reverse("topics:moderate", args=here),
            reverse("topics:export_csv", args=here),
            reverse("topics:export_pdf", args=here),
            reverse("topics:projector", args=here),
            request.build_absolute_uri(
                reverse("topics:vote", args=[event.join_code, conversation.pk])
            ),
        )
    process = conversation.process
    assert process is not None  # a map belongs to an event or a process (constraint)
    here = [process.organisation.slug, process.slug, conversation.pk]
    return MapLinks(
        reverse("topics:process_conversations", args=here[:2]),
        reverse("topics:process_conversation", args=here),
        reverse("topics:process_moderate", args=here),
        reverse("topics:process_export_csv", args=here),
        reverse("topics:process_export_pdf", args=here),
        "",
        request.build_absolute_uri(reverse("topics:online", args=[conversation.token])),
    )
