"""Organisation-wide search: each kind is found, only by the roles that may see it."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

pytestmark = pytest.mark.django_db

# kind, query, the title it finds, roles that find it
MATRIX = [
    ("person", "Müller", "Gisela Müller", {"admin", "organizer"}),
    ("person", "Ayşe", "Ayşe Yıldız", {"admin", "organizer", "moderator"}),
    ("place", "Mülheim", "Moscheegemeinde Mülheim", {"admin", "organizer"}),
    ("meeting", "Mietertreffen", "Mietertreffen im Gemeindesaal", {"admin", "organizer"}),
    ("meeting", "Gartentreffen", "Gartentreffen am Beet", {"admin", "organizer", "moderator"}),
    ("group", "Gartengruppe", "Gartengruppe Nordkiez", {"admin", "organizer", "moderator"}),
    ("task", "Flyer", "Flyer für das Hoffest drucken", {"admin", "organizer"}),
]
ROLES = ["admin", "organizer", "moderator", "participant", "outsider"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("kind", "query", "title", "allowed"), MATRIX)
def test_each_kind_is_found_only_by_the_roles_that_may_see_it(
    world: SimpleNamespace,
    titles: Any,
    make_user: Any,
    role: str,
    kind: str,
    query: str,
    title: str,
    allowed: set[str],
) -> None:
    user = make_user() if role == "outsider" else getattr(world, role)
    found = titles(world, user, query, kind)
    assert (title in found) == (role in allowed)


def test_a_member_without_access_to_people_gets_no_people_at_all(
    world: SimpleNamespace, titles: Any
) -> None:
    for query in ("Müller", "Ayşe", "Bernd", "example"):
        assert titles(world, world.participant, query, "person") == []


def test_partial_words_match_as_prefixes_regardless_of_case_and_umlauts(
    world: SimpleNamespace, titles: Any
) -> None:
    assert "Gisela Müller" in titles(world, world.organizer, "mül")
    assert "Gisela Müller" in titles(world, world.organizer, "MÜLLER")
    assert "Gisela Müller" in titles(world, world.organizer, "Muller")
    assert "Moscheegemeinde Mülheim" in titles(world, world.organizer, "Keupstr")


def test_every_word_must_match(world: SimpleNamespace, titles: Any) -> None:
    assert titles(world, world.organizer, "Gisela Mieterinitiative") == ["Gisela Müller"]
    assert titles(world, world.organizer, "Gisela Gartengruppe") == []


def test_hits_carry_kind_snippet_and_a_link_to_the_object(world: SimpleNamespace) -> None:
    from quartier.search.selectors import search_for_user

    results = search_for_user(
        user=world.organizer, organisation=world.organisation, query="Mieterinitiative"
    )
    [hit] = results.hits("person")
    assert hit.kind == "person"
    assert hit.url == world.mueller.get_absolute_url()
    assert "Mieterinitiative" in hit.snippet
    [task] = search_for_user(
        user=world.admin, organisation=world.organisation, query="Copyshop"
    ).hits("task")
    assert task.url.endswith(f"/p/{world.process.slug}/tasks/")


def test_the_limit_caps_hits_per_kind(world: SimpleNamespace) -> None:
    from quartier.reach.services import contact_create
    from quartier.search.selectors import search_for_user

    for n in range(5):
        contact_create(
            organisation=world.organisation,
            actor=world.organizer,
            full_name=f"Karl Schmidt {n}",
            legal_basis="legitimate_interest",
        )
    results = search_for_user(
        user=world.organizer, organisation=world.organisation, query="Schmidt", limit=3
    )
    assert len(results.hits("person")) == 3


def test_case_text_of_collegial_consultations_is_never_searched(
    world: SimpleNamespace, titles: Any
) -> None:
    # The admin moderates the consultation and gave the case, and still finds nothing.
    for query in ("Zwiebelkuchen", "Quokka", "Geheimfall"):
        assert titles(world, world.admin, query) == []
    assert titles(world, world.admin, "Kollegiale", "meeting") == ["Kollegiale Beratung"]


def test_edits_are_found_at_once_and_deleted_objects_disappear(
    world: SimpleNamespace, titles: Any
) -> None:
    world.place.notes = "Freitags Teestube"
    world.place.save()
    assert titles(world, world.organizer, "Teestube") == ["Moscheegemeinde Mülheim"]
    world.place.delete()
    assert titles(world, world.organizer, "Teestube") == []


def test_other_organisations_objects_are_not_found(
    world: SimpleNamespace, titles: Any, make_user: Any
) -> None:
    from quartier.organisations.services import organisation_create
    from quartier.reach.services import contact_create

    founder = make_user()
    other = organisation_create(name="Anderer Verein", creator=founder)
    contact_create(
        organisation=other,
        actor=founder,
        full_name="Gisela Müllerin",
        legal_basis="legitimate_interest",
    )
    assert titles(world, world.admin, "Gisela", "person") == ["Gisela Müller"]


@pytest.mark.parametrize(
    "query",
    ['"', "*", "AND", "(", 'Mül* AND ("', "NEAR(a b)", "-", "^Müller", "OR NOT", "a:b", "'", "_"],
)
def test_full_text_syntax_characters_never_break_the_search(
    world: SimpleNamespace, client: Any, query: str
) -> None:
    from quartier.search.selectors import search_for_user

    results = search_for_user(user=world.admin, organisation=world.organisation, query=query)
    assert results.total >= 0
    client.force_login(world.admin)
    response = client.get(f"/o/{world.organisation.slug}/search/", {"q": query})
    assert response.status_code == 200


def test_syntax_characters_around_words_still_find_them(
    world: SimpleNamespace, titles: Any
) -> None:
    assert titles(world, world.admin, '"Mül*" AND (', "person") == ["Gisela Müller"]


def test_an_erased_person_is_no_longer_found(world: SimpleNamespace, titles: Any) -> None:
    from quartier.reach.services import contact_erase

    assert titles(world, world.admin, "Gisela", "person") == ["Gisela Müller"]
    contact_erase(contact=world.mueller, actor=world.admin)
    assert titles(world, world.admin, "Gisela") == []
    assert titles(world, world.admin, "Mieterinitiative") == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 index exists on SQLite only")
def test_erasure_removes_the_person_from_the_fts5_index(world: SimpleNamespace) -> None:
    from quartier.reach.services import contact_erase

    def indexed() -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM search_index WHERE kind = 'person' AND object_id = %s",
                [world.mueller.pk],
            )
            return int(cursor.fetchone()[0])

    assert indexed() == 1
    contact_erase(contact=world.mueller, actor=world.admin)
    assert indexed() == 0


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 index exists on SQLite only")
def test_reindex_rebuilds_a_lost_index(world: SimpleNamespace, titles: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_index")
    assert titles(world, world.admin, "Flyer") == []
    call_command("reindex", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert titles(world, world.admin, "Flyer") == ["Flyer für das Hoffest drucken"]


def test_finding_people_is_written_to_their_access_log(world: SimpleNamespace, client: Any) -> None:
    from quartier.reach.selectors import access_log

    client.force_login(world.organizer)
    response = client.get(f"/o/{world.organisation.slug}/search/", {"q": "Müller"})
    assert response.status_code == 200
    entries = list(access_log(contact=world.mueller).filter(action="contact.found"))
    assert [entry.actor for entry in entries] == [world.organizer]
    assert not access_log(contact=world.inside).filter(action="contact.found").exists()


def test_searches_without_people_hits_write_no_access_log(
    world: SimpleNamespace, client: Any
) -> None:
    from quartier.audit.models import AuditEntry

    client.force_login(world.participant)
    client.get(f"/o/{world.organisation.slug}/search/", {"q": "Müller"})
    assert not AuditEntry.objects.filter(action="contact.found").exists()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 index exists on SQLite only")
def test_migrating_an_existing_database_fills_an_empty_index(
    world: SimpleNamespace, titles: Any
) -> None:
    from quartier.search.services import search_index_fill_if_empty

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_index")
    assert search_index_fill_if_empty() > 0
    assert titles(world, world.admin, "Flyer") == ["Flyer für das Hoffest drucken"]
    assert search_index_fill_if_empty() == 0  # a filled index is left alone


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 index exists on SQLite only")
def test_entries_left_after_a_flush_are_dropped_when_no_object_exists() -> None:
    """``flush`` empties the tables but not the virtual index; post_migrate follows it."""
    from quartier.search.services import search_index_fill_if_empty

    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO search_index (kind, object_id, organisation_id, title, body) "
            "VALUES ('person', 1, 1, 'Günther Quastelweiß', 'Lindenweg 3')"
        )
    assert search_index_fill_if_empty() == 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM search_index")
        assert cursor.fetchone()[0] == 0
