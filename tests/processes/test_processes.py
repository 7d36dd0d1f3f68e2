from datetime import date

import pytest
from django.urls import reverse

from quartier.audit.models import AuditEntry
from quartier.core.errors import DomainError
from quartier.organisations.models import Role
from quartier.organisations.services import organisation_create
from quartier.processes.models import Process
from quartier.processes.services import process_create, process_delete

pytestmark = pytest.mark.django_db


def _form(**overrides):
    data = {
        "title": "Open-Sozial 2027",
        "description": "",
        "area": "Nordkiez",
        "starts_on": "2027-03-01",
        "ends_on": "2027-06-30",
        "status": "planned",
    }
    data.update(overrides)
    return data


def test_an_organizer_creates_a_process_and_lands_on_its_dashboard(
    client, organisation, make_member
):
    organizer = make_member(organisation, Role.ORGANIZER)
    client.force_login(organizer)
    response = client.post(
        reverse("processes:create", args=[organisation.slug]), _form(team=[organizer.pk])
    )
    process = Process.objects.get()
    assert response.status_code == 302
    assert response["Location"] == process.get_absolute_url()
    assert process.slug == "open-sozial-2027"
    assert list(process.team.all()) == [organizer]
    assert AuditEntry.objects.filter(action="process.created", actor=organizer).exists()
    dashboard = client.get(process.get_absolute_url()).content.decode()
    assert "Open-Sozial 2027" in dashboard and "Nordkiez" in dashboard


def test_an_end_before_the_start_re_renders_the_form_with_the_error_on_the_field(
    client, organisation, admin
):
    client.force_login(admin)
    response = client.post(
        reverse("processes:create", args=[organisation.slug]), _form(ends_on="2027-01-01")
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Das Ende darf nicht vor dem Beginn liegen." in body
    assert 'aria-invalid="true"' in body
    assert not Process.objects.exists()


def test_a_missing_title_is_a_field_error(client, organisation, admin):
    client.force_login(admin)
    response = client.post(reverse("processes:create", args=[organisation.slug]), _form(title=""))
    assert response.status_code == 200
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()


def test_the_service_refuses_reversed_dates_too(organisation, admin):
    with pytest.raises(DomainError) as error:
        process_create(
            organisation=organisation,
            actor=admin,
            title="X",
            starts_on=date(2027, 2, 1),
            ends_on=date(2027, 1, 1),
        )
    assert error.value.code == "ends_before_start"


def test_titles_get_unique_slugs_within_an_organisation(organisation, admin):
    first = process_create(organisation=organisation, actor=admin, title="Kiezversammlung")
    second = process_create(organisation=organisation, actor=admin, title="Kiezversammlung")
    assert (first.slug, second.slug) == ("kiezversammlung", "kiezversammlung-2")


def test_a_team_member_from_another_organisation_is_refused_and_nothing_is_written(
    organisation, admin, make_user
):
    stranger = make_user()
    with pytest.raises(DomainError):
        process_create(organisation=organisation, actor=admin, title="X", team=[stranger])
    assert not Process.objects.exists()


def test_editing_changes_fields_and_team(client, organisation, admin, process, make_member):
    moderator = make_member(organisation, Role.MODERATOR)
    client.force_login(admin)
    response = client.post(
        reverse("processes:edit", args=[organisation.slug, process.slug]),
        _form(title="Neuer Titel", status="running", team=[moderator.pk]),
    )
    assert response.status_code == 302
    process.refresh_from_db()
    assert process.title == "Neuer Titel" and process.status == "running"
    assert list(process.team.all()) == [moderator]


def test_archiving_hides_the_process_and_restoring_brings_it_back(
    client, organisation, admin, process
):
    client.force_login(admin)
    list_url = reverse("processes:list", args=[organisation.slug])
    confirm = client.get(reverse("processes:archive", args=[organisation.slug, process.slug]))
    assert "Prozess archivieren" in confirm.content.decode()
    client.post(reverse("processes:archive", args=[organisation.slug, process.slug]))
    link = f'href="{process.get_absolute_url()}"'
    assert link not in client.get(list_url).content.decode()
    assert link in client.get(list_url + "?archived=1").content.decode()
    client.post(reverse("processes:restore", args=[organisation.slug, process.slug]))
    assert link in client.get(list_url).content.decode()


def test_deleting_needs_the_exact_title(client, organisation, admin, process):
    client.force_login(admin)
    url = reverse("processes:delete", args=[organisation.slug, process.slug])
    response = client.post(url, {"confirm_title": "falsch"})
    assert response.status_code == 200
    assert Process.objects.filter(pk=process.pk).exists()
    response = client.post(url, {"confirm_title": process.title})
    assert response.status_code == 302
    assert not Process.objects.filter(pk=process.pk).exists()
    assert AuditEntry.objects.filter(action="process.deleted", target_label=process.title).exists()


def test_delete_service_leaves_everything_when_the_title_does_not_match(
    organisation, admin, process
):
    with pytest.raises(DomainError):
        process_delete(process=process, actor=admin, confirm_title="nope")
    assert Process.objects.filter(pk=process.pk).exists()


def test_an_organizer_may_archive_but_not_delete(client, organisation, process, make_member):
    organizer = make_member(organisation, Role.ORGANIZER)
    client.force_login(organizer)
    assert (
        client.get(reverse("processes:delete", args=[organisation.slug, process.slug])).status_code
        == 403
    )
    assert (
        client.get(reverse("processes:archive", args=[organisation.slug, process.slug])).status_code
        == 200
    )


def test_members_of_another_organisation_get_404_for_its_processes_and_pages(
    client, organisation, process, make_user
):
    stranger = make_user()
    organisation_create(name="Fremder Träger", creator=stranger)
    client.force_login(stranger)
    urls = [
        reverse("processes:list", args=[organisation.slug]),
        reverse("processes:detail", args=[organisation.slug, process.slug]),
        reverse("processes:edit", args=[organisation.slug, process.slug]),
        reverse("processes:create", args=[organisation.slug]),
        reverse("organisations:members", args=[organisation.slug]),
        reverse("organisations:edit", args=[organisation.slug]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url


def test_a_moderator_sees_only_the_processes_of_their_team(
    client, organisation, admin, make_member
):
    moderator = make_member(organisation, Role.MODERATOR)
    mine = process_create(
        organisation=organisation, actor=admin, title="Mein Prozess", team=[moderator]
    )
    other = process_create(organisation=organisation, actor=admin, title="Anderer Prozess")
    client.force_login(moderator)
    listing = client.get(reverse("processes:list", args=[organisation.slug])).content.decode()
    assert mine.title in listing and other.title not in listing
    assert client.get(other.get_absolute_url()).status_code == 404
    assert (
        client.get(reverse("processes:edit", args=[organisation.slug, mine.slug])).status_code
        == 403
    )


def test_anonymous_visitors_are_sent_to_log_in(client, organisation, process):
    response = client.get(process.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_status_filter_returns_only_the_list_fragment_to_htmx(client, organisation, admin):
    process_create(organisation=organisation, actor=admin, title="Läuft schon", status="running")
    process_create(organisation=organisation, actor=admin, title="Kommt noch", status="planned")
    client.force_login(admin)
    response = client.get(
        reverse("processes:list", args=[organisation.slug]) + "?status=running",
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="process-list",
    )
    body = response.content.decode()
    assert body.strip().startswith('<div id="process-list"')
    assert "Läuft schon" in body and "Kommt noch" not in body
    assert "<html" not in body


def test_the_empty_state_explains_what_to_do_next(client, organisation, admin):
    client.force_login(admin)
    body = client.get(reverse("processes:list", args=[organisation.slug])).content.decode()
    assert "Noch keine Prozesse" in body and "Ersten Prozess starten" in body
