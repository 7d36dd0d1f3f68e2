"""The participant's "stay in touch" page, linked from the event room on the phone."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from quartier.core.errors import DomainError
from quartier.events import selectors as event_selectors
from quartier.events.services import normalize_code
from quartier.groups.models import StayInTouch
from quartier.groups.services.stay_in_touch import TOPICS, consent_text, stay_in_touch_record
from quartier.wall.models import TopicGroup


def stay_in_touch(request: HttpRequest, code: str) -> HttpResponse:
    event = event_selectors.event_get_by_code(code=normalize_code(code))
    participant = event_selectors.participant_for_session(request=request, event=event)
    if participant is None:
        return redirect("events:join", code=event.join_code)
    my_groups = list(
        TopicGroup.objects.filter(event=event, members__participant=participant).select_related(
            "standing_group"
        )
    )
    existing = (
        StayInTouch.objects.filter(event=event, participant=participant)
        .select_related("contact")
        .first()
    )
    error, done = "", False
    data = request.POST if request.method == "POST" else None
    if request.method == "POST":
        try:
            existing = stay_in_touch_record(
                participant=participant,
                name=request.POST.get("name", ""),
                email=request.POST.get("email", ""),
                phone=request.POST.get("phone", ""),
                topics=request.POST.getlist("topics"),
                topic_group_ids=[int(i) for i in request.POST.getlist("groups") if i.isdigit()],
                consent=request.POST.get("consent") == "on",
            )
        except DomainError as exc:
            error = str(exc)
        else:
            done = True
    chosen_topics = (
        data.getlist("topics") if data else (existing.topics if existing else ["groups"])
    )
    chosen_groups = (
        [int(i) for i in data.getlist("groups") if i.isdigit()]
        if data
        else (existing.topic_groups if existing else [g.pk for g in my_groups])
    )
    return render(
        request,
        "groups/stay_in_touch.html",
        {
            "event": event,
            "participant": participant,
            "my_groups": my_groups,
            "topics": list(TOPICS.items()),
            "chosen_topics": chosen_topics,
            "chosen_groups": chosen_groups,
            "consent_text": consent_text(organisation_name=event.process.organisation.name),
            "existing": existing,
            "error": error,
            "done": done,
            "data": data,
            "initial_name": participant.display_name,
        },
    )
