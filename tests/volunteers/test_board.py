"""The volunteer board: needs by groups and organizers, offers with consent that expire
and can be withdrawn, suggestions confirmed as matches, responses that reach the
moderator, the public page only when published, and who may do what."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from quartier.core.errors import DomainError
from quartier.processes.models import TeamMembership
from quartier.processes.services import publication_set
from quartier.reach.models import Contact
from quartier.volunteers import services
from quartier.volunteers.models import Match, Offer, Response
from quartier.volunteers.selectors import active_offers, board_suggestions

pytestmark = pytest.mark.django_db


@pytest.fixture
def need(process, admin):
    return services.need_create(
        process=process,
        actor=admin,
        title="Fotos beim Fest",
        skills="Fotografie, Presse",
        times=["weekend", "nonsense"],
        neighbourhood="Nordkiez",
        role="Pressearbeit",
        when="22. Oktober",
    )


def _offer(process, name="Ola", skills="fotografieren", times=("weekend",), **extra):
    return services.offer_create(
        process=process,
        name=name,
        email=extra.pop("email", f"{name.lower()}@example.org"),
        skills=skills,
        times=list(times),
        neighbourhood=extra.pop("neighbourhood", "Nordkiez"),
        consent=True,
        **extra,
    )


def test_a_need_keeps_only_known_times_and_defaults_to_the_process_area(process, admin, need):
    assert need.times == ["weekend"]
    other = services.need_create(process=process, actor=admin, title="Tische stellen")
    assert other.neighbourhood == process.area == "Nordkiez"
    with pytest.raises(DomainError):
        services.need_create(process=process, actor=admin, title="  ")


def test_an_offer_needs_consent_and_a_way_to_be_reached_and_gets_a_withdraw_link(process):
    with pytest.raises(DomainError) as caught:
        services.offer_create(process=process, name="Ola", skills="Fotos", consent=False)
    assert caught.value.code == "consent_missing"
    with pytest.raises(DomainError) as caught:
        services.offer_create(process=process, name="Ola", skills="Fotos", consent=True)
    assert caught.value.code == "reach_missing"
    offer = _offer(process, days=9999)
    assert offer.expires_on == timezone.localdate() + timedelta(days=365)
    assert str(offer.token) in mail.outbox[0].body


def test_suggestions_then_a_confirmed_match_makes_a_contact_and_fills_the_need(
    process, admin, need
):
    ola = _offer(process)
    _offer(process, name="Kai", skills="Kuchen backen")
    suggested = board_suggestions(process=process)
    assert [offer.name for _s, offer in suggested[need.pk]] == ["Ola"]
    services.match_confirm(need=need, offer=ola, actor=admin, score=6)
    need.refresh_from_db()
    ola.refresh_from_db()
    assert need.status == "filled" and Match.objects.get().score == 6
    assert ola.contact.full_name == "Ola" and ola.contact.legal_basis == "consent"
    assert board_suggestions(process=process) == {}
    with pytest.raises(DomainError):
        services.match_confirm(need=need, offer=ola, actor=admin)


def test_offers_expire_and_their_details_are_erased(process):
    offer = _offer(process, days=30)
    assert services.offers_expire(today=timezone.localdate() + timedelta(days=31)) == 1
    offer.refresh_from_db()
    assert offer.erased_at and offer.name == "" and offer.email == ""
    assert not active_offers(process=process).exists()


def test_the_worker_erases_offers_past_their_date(process):
    from quartier.core.schedule import enqueue_periodic_jobs

    kept, expired = _offer(process), _offer(process)
    Offer.objects.filter(pk=expired.pk).update(expires_on=timezone.localdate() - timedelta(days=1))
    enqueue_periodic_jobs()  # what `quartier worker` does every few minutes
    expired.refresh_from_db()
    kept.refresh_from_db()
    assert expired.erased_at and expired.name == "" and expired.email == ""
    assert kept.erased_at is None and kept.name


def test_an_offer_past_its_date_is_no_longer_suggested(process, need):
    offer = _offer(process)
    Offer.objects.filter(pk=offer.pk).update(expires_on=timezone.localdate() - timedelta(days=1))
    assert board_suggestions(process=process) == {}


def test_the_person_withdraws_with_the_private_link(client, process, admin):
    publication_set(process=process, actor=admin, page="volunteers", published=True)
    offer = _offer(process)
    url = reverse(
        "volunteers:withdraw", args=[process.organisation.slug, process.slug, offer.token]
    )
    assert "Mein Angebot zurückziehen" in client.get(url).content.decode()
    client.post(url)
    offer.refresh_from_db()
    assert offer.withdrawn_at and offer.name == "" and not active_offers(process=process).exists()
    other = reverse(
        "volunteers:withdraw",
        args=[process.organisation.slug, process.slug, "00000000-0000-0000-0000-000000000000"],
    )
    assert client.get(other).status_code == 404


def test_a_response_reaches_the_moderator_and_accepting_makes_a_contact(process, admin, need):
    mail.outbox.clear()
    response = services.response_create(
        need=need,
        name="Rita",
        contact_details="0170 5550101",
        message="Ich knipse gern",
        consent=True,
    )
    assert [m.to for m in mail.outbox] == [[admin.email]]
    assert "Rita" in mail.outbox[0].body
    services.response_decide(response=response, actor=admin, accept=True)
    contact = Contact.objects.get(full_name="Rita")
    assert contact.phone == "0170 5550101" and contact.legal_basis == "consent"
    with pytest.raises(DomainError):
        services.response_decide(response=response, actor=admin, accept=False)


def test_the_public_board_is_404_until_published_then_takes_offers_and_responses(
    client, process, admin, need
):
    org, slug = process.organisation.slug, process.slug
    board = reverse("volunteers:public_board", args=[org, slug])
    offer_url = reverse("volunteers:public_offer", args=[org, slug])
    need_url = reverse("volunteers:public_need", args=[org, slug, need.pk])
    for url in (board, offer_url, need_url):
        assert client.get(url).status_code == 404
    publication_set(process=process, actor=admin, page="volunteers", published=True)
    assert "Fotos beim Fest" in client.get(board).content.decode()
    client.post(
        offer_url,
        {
            "name": "Ola",
            "email": "ola@example.org",
            "skills": "Fotos",
            "times": ["weekend"],
            "consent": "on",
            "days": "90",
        },
    )
    assert Offer.objects.get().skills == "Fotos"
    client.post(need_url, {"name": "Rita", "contact": "rita@example.org", "consent": "on"})
    assert Response.objects.get().need == need
    services.need_set_status(need=need, actor=admin, status="closed")
    assert client.get(need_url).status_code == 404


ROLES = ["admin", "organizer", "team_moderator", "group_moderator", "team_participant", "outsider"]
ACTIONS = ["board", "post_need", "confirm_match", "withdraw_offer"]
EXPECTED = {
    "admin": (200, 302, 302, 302),
    "organizer": (200, 302, 302, 302),
    "team_moderator": (200, 302, 302, 302),
    "group_moderator": (200, 302, 403, 403),  # posts needs for their own group only
    "team_participant": (200, 403, 403, 403),
    "outsider": (404, 404, 404, 404),
}


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(
    client, process, organisation, admin, make_member, make_user, need, role
):
    from quartier.groups.services import group_create

    if role == "admin":
        user = admin
    elif role == "outsider":
        user = make_user(email="out@example.org")
    else:
        org_role = {"organizer": "organizer", "team_participant": "participant"}.get(
            role, "moderator"
        )
        user = make_member(organisation, org_role)
        if role.startswith("team_"):
            TeamMembership.objects.create(process=process, user=user)
    group = group_create(
        process=process,
        actor=admin,
        title="Festgruppe",
        moderator=user if role == "group_moderator" else None,
    )
    offer = _offer(process)
    client.force_login(user)
    org, slug = organisation.slug, process.slug
    responses = [
        client.get(reverse("volunteers:board", args=[org, slug])).status_code,
        client.post(
            reverse("volunteers:need_create", args=[org, slug]),
            {"title": "Getränke verkaufen", "group": group.pk},
        ).status_code,
        client.post(
            reverse("volunteers:match_confirm", args=[org, slug, need.pk]), {"offer": offer.pk}
        ).status_code,
        client.post(reverse("volunteers:offer_withdraw", args=[org, slug, offer.pk])).status_code,
    ]
    assert tuple(responses) == EXPECTED[role]
    from quartier.volunteers.models import Need

    posted = Need.objects.filter(title="Getränke verkaufen").first()
    assert (posted is not None) is (EXPECTED[role][1] == 302)
    if posted is not None:
        assert posted.group == group
