"""Role × action matrix for organisations and processes.

Each row names a role and the permissions it must (and must not) have. The matrix is
exhaustive over the roles, so adding a permission without deciding every role fails here.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from quartier.organisations.models import Role
from quartier.processes.services import process_create

pytestmark = pytest.mark.django_db

ORG_PERMS = [
    "organisations.view_organisation",
    "organisations.change_organisation",
    "organisations.manage_members",
    "organisations.view_members",
    "organisations.view_audit_log",
    "processes.add_process",
]
PROCESS_PERMS = [
    "processes.view_process",
    "processes.change_process",
    "processes.archive_process",
    "processes.delete_process",
]

# role -> set of permissions granted (on the organisation / on a process whose team they are on)
EXPECTED = {
    "admin": set(ORG_PERMS) | set(PROCESS_PERMS),
    "organizer": {
        "organisations.view_organisation",
        "organisations.view_members",
        "processes.add_process",
        "processes.view_process",
        "processes.change_process",
        "processes.archive_process",
    },
    "moderator_on_team": {"organisations.view_organisation", "processes.view_process"},
    "moderator_off_team": {"organisations.view_organisation"},
    "participant_on_team": {"organisations.view_organisation", "processes.view_process"},
    "outsider": set(),
    "anonymous": set(),
}


@pytest.fixture
def people(organisation, admin, make_member, make_user):
    from quartier.organisations.services import organisation_create

    other_org_admin = make_user(email="fremd@example.org")
    organisation_create(name="Anderer Träger", creator=other_org_admin)
    return {
        "admin": admin,
        "organizer": make_member(organisation, Role.ORGANIZER),
        "moderator_on_team": make_member(organisation, Role.MODERATOR),
        "moderator_off_team": make_member(organisation, Role.MODERATOR),
        "participant_on_team": make_member(organisation, Role.PARTICIPANT),
        "outsider": other_org_admin,
        "anonymous": AnonymousUser(),
    }


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_permission_matrix(role, people, organisation, admin):
    process = process_create(
        organisation=organisation,
        actor=admin,
        title="Prozess",
        team=[people["moderator_on_team"], people["participant_on_team"]],
    )
    user = people[role]
    granted = {perm for perm in ORG_PERMS if user.has_perm(perm, organisation)}
    granted |= {perm for perm in PROCESS_PERMS if user.has_perm(perm, process)}
    assert granted == EXPECTED[role]


def test_leaving_the_organisation_ends_team_access(people, organisation, admin):
    moderator = people["moderator_on_team"]
    process = process_create(
        organisation=organisation, actor=admin, title="Prozess", team=[moderator]
    )
    organisation.memberships.filter(user=moderator).delete()
    moderator.__dict__.pop("_quartier_roles", None)
    assert not moderator.has_perm("processes.view_process", process)
