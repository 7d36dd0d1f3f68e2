"""Public pages of a process answer 404 until the organizer publishes them, and the
process settings show and switch that state."""

from __future__ import annotations

import pytest
from django.urls import reverse

from quartier.core.errors import DomainError
from quartier.processes.publication import PublicPage, public_pages, register_public_page
from quartier.processes.selectors import is_published, publication_states
from quartier.processes.services import publication_set

pytestmark = pytest.mark.django_db

INTERNAL_TITLE = "Kollegiale Beratung für Ehrenamtliche"


@pytest.fixture
def internal(organisation, admin):
    from quartier.processes.services import process_create

    return process_create(organisation=organisation, actor=admin, title=INTERNAL_TITLE)


@pytest.mark.parametrize(
    ("page", "url_name"),
    [("open_ends", "wall:open_ends"), ("groups", "groups:public_list")],
)
def test_a_public_page_answers_404_without_the_title_until_published(
    client, internal, admin, page, url_name
):
    url = reverse(url_name, args=[internal.organisation.slug, internal.slug])
    response = client.get(url)
    assert response.status_code == 404
    assert INTERNAL_TITLE not in response.content.decode()
    publication_set(process=internal, actor=admin, page=page, published=True)
    response = client.get(url)
    assert response.status_code == 200 and INTERNAL_TITLE in response.content.decode()
    publication_set(process=internal, actor=admin, page=page, published=False)
    assert client.get(url).status_code == 404


def test_publishing_one_page_leaves_the_others_closed(client, internal, admin):
    publication_set(process=internal, actor=admin, page="groups", published=True)
    org, slug = internal.organisation.slug, internal.slug
    assert client.get(reverse("groups:public_list", args=[org, slug])).status_code == 200
    assert client.get(reverse("wall:open_ends", args=[org, slug])).status_code == 404


def test_an_archived_process_is_not_public_even_when_published(client, internal, admin):
    from quartier.processes.services import process_archive

    publication_set(process=internal, actor=admin, page="groups", published=True)
    process_archive(process=internal, actor=admin)
    url = reverse("groups:public_list", args=[internal.organisation.slug, internal.slug])
    assert client.get(url).status_code == 404


def test_publishing_is_audited_and_idempotent(internal, admin):
    from quartier.audit.models import AuditEntry

    assert publication_set(process=internal, actor=admin, page="groups", published=True)
    assert not publication_set(process=internal, actor=admin, page="groups", published=True)
    assert AuditEntry.objects.filter(action="process.published").count() == 1


def test_an_unknown_page_is_refused_with_its_code(internal, admin):
    with pytest.raises(DomainError) as caught:
        publication_set(process=internal, actor=admin, page="nonsense", published=True)
    assert caught.value.code == "unknown_page"


def test_the_settings_list_every_registered_page(internal):
    keys = [page.key for page, _published, _url in publication_states(process=internal)]
    assert {"open_ends", "groups", "volunteers"} <= set(keys)


def test_a_page_with_its_own_flag_reads_it_and_cannot_be_switched_here(internal, admin):
    """The hook for the lottery's transparency page (#10): it keeps its own flag."""
    flags = {internal.pk: False}
    page = PublicPage(
        key="test_own_flag",
        label="Own flag",
        help="",
        url_name="groups:public_list",
        is_published=lambda process: flags.get(process.pk, False),
        settings_url=lambda process: "/elsewhere/",
    )
    register_public_page(page)
    try:
        assert not is_published(process=internal, page="test_own_flag")
        flags[internal.pk] = True
        assert is_published(process=internal, page="test_own_flag")
        states = {p.key: (on, url) for p, on, url in publication_states(process=internal)}
        assert states["test_own_flag"] == (True, "/elsewhere/")
        with pytest.raises(DomainError) as caught:
            publication_set(process=internal, actor=admin, page="test_own_flag", published=False)
        assert caught.value.code == "page_has_own_flag"
    finally:
        from quartier.processes import publication

        publication._pages.pop("test_own_flag", None)
    assert "test_own_flag" not in [p.key for p in public_pages()]


def test_the_organizer_publishes_from_the_settings_page(client, internal, admin):
    client.force_login(admin)
    url = reverse("processes:publication", args=[internal.organisation.slug, internal.slug])
    html = client.get(url).content.decode()
    assert "nicht öffentlich" in html
    response = client.post(url, {"page": "open_ends", "published": "1"})
    assert response.status_code == 302
    assert is_published(process=internal, page="open_ends")
    assert "Öffentliche Seiten" in client.get(internal.get_absolute_url()).content.decode()


ROLES = ["admin", "organizer", "moderator", "participant", "outsider", "anonymous"]
# role -> (may see the settings page, may publish)
EXPECTED = {
    "admin": (200, 302),
    "organizer": (200, 302),
    "moderator": (200, 403),  # on the team: sees the state, cannot switch it
    "participant": (200, 403),
    "outsider": (404, 404),
    "anonymous": (302, 302),  # to the login page
}


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_of_the_settings_page(
    client, internal, admin, make_member, make_user, role
):
    from quartier.processes.models import TeamMembership

    if role == "admin":
        user = admin
    elif role == "outsider":
        user = make_user(email="out@example.org")
    elif role == "anonymous":
        user = None
    else:
        user = make_member(internal.organisation, role)
        TeamMembership.objects.create(process=internal, user=user)
    if user is not None:
        client.force_login(user)
    url = reverse("processes:publication", args=[internal.organisation.slug, internal.slug])
    view, publish = EXPECTED[role]
    assert client.get(url).status_code == view
    response = client.post(url, {"page": "groups", "published": "1"})
    assert response.status_code == publish
    if publish == 302 and user is not None:
        assert is_published(process=internal, page="groups")
    else:
        assert not is_published(process=internal, page="groups")


def test_the_shared_address_lists_only_what_is_published_and_is_404_before(client, internal, admin):
    from quartier.processes.services import process_archive

    hub = reverse("processes_public:hub", args=[internal.organisation.slug, internal.slug])
    response = client.get(hub)
    assert response.status_code == 404 and INTERNAL_TITLE not in response.content.decode()
    publication_set(process=internal, actor=admin, page="groups", published=True)
    page = client.get(hub).content.decode()
    groups = reverse("groups:public_list", args=[internal.organisation.slug, internal.slug])
    open_ends = reverse("wall:open_ends", args=[internal.organisation.slug, internal.slug])
    assert INTERNAL_TITLE in page and f'href="{groups}"' in page
    assert f'href="{open_ends}"' not in page
    process_archive(process=internal, actor=admin)
    assert client.get(hub).status_code == 404


def test_the_publication_settings_give_the_address_and_its_qr_code_once_published(
    client, internal, admin
):
    client.force_login(admin)
    settings_page = reverse(
        "processes:publication", args=[internal.organisation.slug, internal.slug]
    )
    assert "Adresse zum Teilen" not in client.get(settings_page).content.decode()
    publication_set(process=internal, actor=admin, page="groups", published=True)
    page = client.get(settings_page).content.decode()
    hub = reverse("processes_public:hub", args=[internal.organisation.slug, internal.slug])
    assert "Adresse zum Teilen" in page and hub in page and "<svg" in page
