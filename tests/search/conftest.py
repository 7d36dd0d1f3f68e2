"""One object of each searchable kind, some visible to the group moderator, some not."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone


@pytest.fixture
def world(reach: SimpleNamespace) -> SimpleNamespace:
    from quartier.followups.services import task_create
    from quartier.meetings.models import Case
    from quartier.meetings.services.meetings import meeting_create
    from quartier.reach.models import Place
    from quartier.reach.services import contact_create

    starts = timezone.now() + timedelta(days=3)
    mueller = contact_create(
        organisation=reach.organisation,
        actor=reach.organizer,
        full_name="Gisela Müller",
        email="gisela@example.org",
        notes="Aktiv in der Mieterinitiative",
        legal_basis="legitimate_interest",
    )
    place = Place.objects.create(
        organisation=reach.organisation,
        name="Moscheegemeinde Mülheim",
        kind="mosque",
        address="Keupstraße 1",
    )
    meeting = meeting_create(
        process=reach.process,
        actor=reach.admin,
        format_key="small_group",
        title="Mietertreffen im Gemeindesaal",
        starts_at=starts,
        place="Gemeindesaal St. Anna",
    )
    group_meeting = meeting_create(
        process=reach.process,
        actor=reach.admin,
        format_key="small_group",
        title="Gartentreffen am Beet",
        starts_at=starts,
        group=reach.group,
    )
    consultation = meeting_create(
        process=reach.process,
        actor=reach.admin,
        format_key="collegial_consultation",
        title="Kollegiale Beratung",
        starts_at=starts,
        moderator=reach.admin,
        invite_users=[reach.admin],
    )
    case = Case.objects.create(
        meeting=consultation,
        organisation=reach.organisation,
        case_giver=reach.admin,
        title="Vertraulich Quokka",
        text="Geheimfall Zwiebelkuchen im Team",
    )
    task = task_create(
        organisation=reach.organisation,
        actor=reach.admin,
        process=reach.process,
        title="Flyer für das Hoffest drucken",
        details="200 Stück im Copyshop",
    )
    return SimpleNamespace(
        **vars(reach),
        mueller=mueller,
        place=place,
        meeting=meeting,
        group_meeting=group_meeting,
        consultation=consultation,
        case=case,
        task=task,
    )


@pytest.fixture
def titles() -> Any:
    """Titles of the hits of one kind (or of all kinds) a user gets for a query."""
    from quartier.search.selectors import search_for_user

    def found(world: SimpleNamespace, user: Any, query: str, kind: str = "") -> list[str]:
        results = search_for_user(user=user, organisation=world.organisation, query=query)
        return [
            hit.title
            for kind_, hits in results.groups
            if not kind or kind_.key == kind
            for hit in hits
        ]

    return found
