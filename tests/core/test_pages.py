import pytest
from django.urls import reverse

from quartier.organisations.services import organisation_create

pytestmark = pytest.mark.django_db


def test_the_health_check_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_the_interface_is_german_by_default(client):
    body = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="de">' in body
    assert "Anmelden" in body


def test_switching_the_language_to_english_sticks(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    body = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="en">' in body
    assert "Log in" in body and "Anmelden" not in body


def test_an_unknown_page_shows_a_translated_404(client):
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    assert "Nicht gefunden" in response.content.decode()


def test_a_user_without_organisation_is_invited_to_set_one_up(client, make_user):
    client.force_login(make_user())
    body = client.get("/").content.decode()
    assert "Sie gehören noch keiner Organisation an" in body


def test_a_user_in_one_organisation_goes_straight_to_its_processes(client, organisation, admin):
    client.force_login(admin)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("processes:list", args=[organisation.slug])


def test_creating_an_organisation_makes_the_creator_its_admin(client, make_user):
    user = make_user()
    client.force_login(user)
    response = client.post(
        reverse("organisations:create"), {"name": "Kiezwerk e.V.", "description": ""}
    )
    assert response.status_code == 302
    membership = user.memberships.get()
    assert membership.role == "admin" and membership.organisation.slug == "kiezwerk-ev"


def test_an_organisation_named_like_a_url_segment_gets_a_safe_slug(make_user):
    organisation = organisation_create(name="New", creator=make_user())
    assert organisation.slug == "new-organisation"


def test_pages_carry_a_content_security_policy_without_inline_scripts(client):
    response = client.get(reverse("accounts:login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
