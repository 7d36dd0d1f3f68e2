"""The search page: header box, grouped results, empty and nothing-found states."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def url(world: SimpleNamespace) -> str:
    return f"/o/{world.organisation.slug}/search/"


def test_members_get_the_search_box_in_the_header(world: SimpleNamespace, client: Any) -> None:
    client.force_login(world.participant)
    page = client.get(f"/o/{world.organisation.slug}/").content.decode()
    assert 'id="header-search-q"' in page
    assert f'action="{url(world)}"' in page


def test_results_are_grouped_by_kind_with_counts(world: SimpleNamespace, client: Any) -> None:
    client.force_login(world.organizer)
    page = client.get(url(world), {"q": "Nordkiez"}).content.decode()
    assert 'id="hits-group"' in page
    assert 'id="hits-person"' in page  # Ayşe lives in the Nordkiez
    assert "Gartengruppe Nordkiez" in page
    assert "Gruppen (1)" in page
    assert "Treffer für „Nordkiez“" in page


def test_an_empty_query_explains_what_can_be_searched(world: SimpleNamespace, client: Any) -> None:
    client.force_login(world.organizer)
    page = client.get(url(world)).content.decode()
    assert "„Mül“ findet „Müller“" in page


def test_nothing_found_says_so(world: SimpleNamespace, client: Any) -> None:
    client.force_login(world.organizer)
    page = client.get(url(world), {"q": "Quastenflosser"}).content.decode()
    assert "Nichts gefunden für „Quastenflosser“" in page


def test_people_outside_the_organisation_get_404(
    world: SimpleNamespace, client: Any, make_user: Any
) -> None:
    client.force_login(make_user())
    assert client.get(url(world), {"q": "Müller"}).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(world: SimpleNamespace, client: Any) -> None:
    response = client.get(url(world), {"q": "Müller"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
