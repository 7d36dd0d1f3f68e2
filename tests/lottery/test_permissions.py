"""Who may see the lottery: only organizers and admins of the process's organisation.

Register data is personal data of people who never agreed to anything, so moderators and
participants on the process team get 403 and outsiders 404; the role × action matrix is
exhaustive over the roles."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from quartier.organisations.models import Role

pytestmark = pytest.mark.django_db

PERMS = ["lottery.manage_lottery", "lottery.delete_register", "lottery.delete_lottery"]
EXPECTED = {
    "admin": set(PERMS),
    "organizer": {"lottery.manage_lottery", "lottery.delete_register"},
    "moderator_on_team": set(),
    "participant_on_team": set(),
    "outsider": set(),
    "anonymous": set(),
}
PAGES = [
    "setup",
    "register",
    "draw",
    "letters",
    "registrations",
    "pool",
    "selection",
    "confirmations",
    "privacy",
    "translations/new",
]


@pytest.fixture
def people(lottery_world, make_member, make_user):
    from quartier.organisations.services import organisation_create
    from quartier.processes.models import TeamMembership

    organisation = lottery_world.organisation
    moderator = make_member(organisation, Role.MODERATOR)
    participant = make_member(organisation, Role.PARTICIPANT)
    for user in (moderator, participant):
        TeamMembership.objects.create(process=lottery_world.process, user=user)
    stranger = make_user(email="fremd@example.org")
    organisation_create(name="Anderer Träger", creator=stranger)
    return {
        "admin": lottery_world.admin,
        "organizer": lottery_world.organizer,
        "moderator_on_team": moderator,
        "participant_on_team": participant,
        "outsider": stranger,
        "anonymous": AnonymousUser(),
    }


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_permission_matrix(role, people, lottery_world):
    user = people[role]
    granted = {perm for perm in PERMS if user.has_perm(perm, lottery_world.process)}
    assert granted == EXPECTED[role]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("organizer", 200),
        ("moderator_on_team", 403),
        ("participant_on_team", 403),
        ("outsider", 404),
    ],
)
def test_every_step_page_answers_by_role(client, people, lottery_world, role, status):
    client.force_login(people[role])
    lottery = lottery_world.lottery
    base = (
        f"/o/{lottery_world.organisation.slug}/p/{lottery_world.process.slug}/lottery/{lottery.pk}"
    )
    for page in PAGES:
        assert client.get(f"{base}/{page}/").status_code == status, page


def test_the_public_page_is_404_until_published(client, lottery_world, extract_csv):
    from quartier.lottery.services.selection import lottery_publish

    lottery = lottery_world.lottery
    assert client.get(f"/lotterie/{lottery.public_id}/").status_code == 404
    assert client.get(f"/lotterie/{lottery.public_id}/audit.json").status_code == 404
    with pytest.raises(Exception) as error:
        lottery_publish(lottery=lottery, actor=lottery_world.organizer, published=True)
    assert getattr(error.value, "code", "") == "nothing_to_publish"
