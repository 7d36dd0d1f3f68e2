"""Pages outside the live room: the process panel, event creation, the public open-ends
page, and the standing groups (team pages and the public join request)."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from quartier.groups.models import JoinRequest
from quartier.processes.services import publication_set
from quartier.wall import services
from quartier.wall.models import Interest

pytestmark = pytest.mark.django_db


def test_the_process_page_shows_the_events_panel(client, admin, event, process):
    client.force_login(admin)
    html = client.get(process.get_absolute_url()).content.decode()
    assert event.title in html and event.display_code in html
    assert reverse("events:create", args=[process.organisation.slug, process.slug]) in html


def test_an_organizer_creates_an_event_with_rooms_slots_and_team(client, admin, moderator, process):
    client.force_login(admin)
    url = reverse("events:create", args=[process.organisation.slug, process.slug])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "format_key": "open_assembly",
            "title": "Versammlung am Platz",
            "starts_at": "2026-06-01T17:00",
            "ends_at": "2026-06-01T16:00",
            "rooms": "Platz",
            "slots": "17:00",
            "categories": "A; B",
            "vote_method": "dots",
            "dots": 3,
            "max_dots_per_card": 1,
            "moderators": [moderator.pk],
        },
    )
    assert (
        response.status_code == 200 and "ends_at" in response.context["form"].errors
    )  # end before start
    response = client.post(
        url,
        {
            "format_key": "open_assembly",
            "title": "Versammlung am Platz",
            "starts_at": "2026-06-01T17:00",
            "rooms": "Platz\nGemeindesaal\nPlatz",
            "slots": "17:00\n18:00",
            "categories": "Verkehr; Grün",
            "vote_method": "approval",
            "dots": 3,
            "max_dots_per_card": 1,
            "retention_days": 60,
            "moderators": [moderator.pk],
        },
    )
    event = process.events.get(title="Versammlung am Platz")
    assert response.status_code == 302 and response["Location"] == event.get_absolute_url()
    assert event.retention_days == 60
    assert list(event.rooms.values_list("name", flat=True)) == ["Gemeindesaal", "Platz"]
    assert list(event.categories.values_list("label", flat=True)) == ["Verkehr", "Grün"]
    assert event.voting.method == "approval"
    assert list(event.moderators.all()) == [moderator]


def test_the_public_open_ends_page_needs_no_login_and_consent(
    client, event, join, category, admin, in_phase
):
    in_phase("wall")
    services.card_post(
        event=event,
        participant=join("A"),
        title="Repair-Café",
        category_id=category.pk,
        token=str(uuid.uuid4()),
    )
    open_end = services.open_ends_collect(event=event, actor=admin)[0]
    org, slug = event.process.organisation.slug, event.process.slug
    # Public only after review and publication (#16).
    services.open_end_publish(open_end=open_end, actor=admin, public=True)
    publication_set(process=event.process, actor=admin, page="open_ends", published=True)
    listing = client.get(reverse("wall:open_ends", args=[org, slug]))
    assert listing.status_code == 200 and "Repair-Café" in listing.content.decode()
    url = reverse("wall:open_end", args=[org, slug, open_end.pk])
    refused = client.post(url, {"name": "Eva", "contact": "eva@example.org"})
    assert refused.status_code == 200 and not Interest.objects.exists()
    client.post(
        url,
        {
            "name": "Eva",
            "contact": "eva@example.org",
            "message": "Ich repariere gern",
            "consent": "on",
        },
    )
    interest = Interest.objects.get()
    assert interest.contact == "eva@example.org" and interest.consent_at is not None
    assert client.get(reverse("wall:open_ends", args=[org, "unknown"])).status_code == 404


def test_standing_groups_list_detail_and_join_requests(client, admin, event, process, make_user):
    from quartier.groups.services import group_create, group_publish

    group = group_create(
        process=process,
        actor=admin,
        title="Nachbarschaftscafé",
        goal="Treffpunkt",
        mission="Monatlich",
        moderator=admin,
    )
    org = process.organisation.slug
    # Public only once the group and the process publish it (#16).
    group_publish(group=group, actor=admin, published=True)
    publication_set(process=process, actor=admin, page="groups", published=True)
    public = client.get(reverse("groups:public_detail", args=[org, process.slug, group.pk]))
    assert public.status_code == 200 and "Treffpunkt" in public.content.decode()
    client.post(
        reverse("groups:public_detail", args=[org, process.slug, group.pk]),
        {"name": "Eva", "contact": "eva@example.org", "consent": "on"},
    )
    join_request = JoinRequest.objects.get()
    # The team sees the group and answers the request; outsiders get 404.
    outsider = make_user(email="out@example.org")
    client.force_login(outsider)
    assert client.get(reverse("groups:detail", args=[org, group.pk])).status_code == 404
    client.force_login(admin)
    assert (
        "Nachbarschaftscafé"
        in client.get(reverse("groups:list", args=[org, process.slug])).content.decode()
    )
    detail = client.get(reverse("groups:detail", args=[org, group.pk])).content.decode()
    assert "eva@example.org" in detail
    client.post(
        reverse("groups:decide", args=[org, group.pk, join_request.pk]), {"decision": "accept"}
    )
    join_request.refresh_from_db()
    assert join_request.status == "accepted"


def test_a_phone_shows_the_partner_prompt_and_timer_in_the_pair_phase(
    client, event, join, admin, moderator
):
    from quartier.events.services import (
        event_set_phase,
        pairs_start_round,
        participant_register_walk_in,
    )

    client.post(
        reverse("events:join", args=[event.join_code]),
        {"display_name": "Anna", "client_token": str(uuid.uuid4())},
    )
    participant_register_walk_in(event=event, actor=moderator, display_name="Ben")
    event_set_phase(event=event, actor=moderator, phase="pairs")
    pairs_start_round(event=event, actor=moderator, prompt="Was fehlt im Kiez?", minutes=5)
    html = client.get(reverse("events:room", args=[event.join_code])).content.decode()
    assert "Ben" in html and "Was fehlt im Kiez?" in html and 'data-timer-minutes="5"' in html


def test_walk_ins_and_registered_people_stay_linked_to_their_record(
    client, event, moderator, organisation, make_member
):
    from quartier.reach.models import Contact

    eva = Contact.objects.create(
        organisation=organisation, full_name="Eva Beispiel", email="eva@example.org"
    )
    client.force_login(moderator)
    client.post(
        reverse("events:walk_in", args=[organisation.slug, event.pk]),
        {"display_name": "Eva", "email": "EVA@example.org"},
    )
    assert event.participants.get(display_name="Eva").contact == eva
    assert eva.participations.filter(kind="event", source_id=str(event.pk)).exists()
    member = make_member(organisation, "participant", email="jo@example.org")
    jo = Contact.objects.create(organisation=organisation, full_name="Jo", user=member)
    client.force_login(member)
    client.post(
        reverse("events:join", args=[event.join_code]),
        {"display_name": "Jo", "client_token": str(uuid.uuid4())},
    )
    assert event.participants.get(display_name="Jo").contact == jo
