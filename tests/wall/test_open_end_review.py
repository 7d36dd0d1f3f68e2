"""Open ends are reviewed before anything is public: edit, merge, drop, mark public;
taken up by a group or brought back to a later event."""

from __future__ import annotations

import pytest
from django.urls import reverse

from quartier.core.errors import DomainError
from quartier.processes.services import publication_set
from quartier.wall import services
from quartier.wall.models import Interest, OpenEnd

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script>"


def _post(event, participant, category, token, title, text=""):
    return services.card_post(
        event=event,
        participant=participant,
        title=title,
        text=text,
        category_id=category.pk,
        token=token(),
    )


@pytest.fixture
def collected(event, join, category, token, admin, in_phase):
    in_phase("wall")
    person = join("Anna")
    for title in ("Repair-Café", "Repaircafe im Jugendhaus", "Test", SCRIPT):
        _post(event, person, category, token, title)
    publication_set(process=event.process, actor=admin, page="open_ends", published=True)
    rows = services.open_ends_collect(event=event, actor=admin)
    return {row.title: row for row in rows}


def _public_html(client, process):
    url = reverse("wall:open_ends", args=[process.organisation.slug, process.slug])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_collected_open_ends_wait_for_review_and_nothing_is_public(client, collected, event):
    assert {o.status for o in collected.values()} == {"pending"}
    assert not any(o.is_public for o in collected.values())
    html = _public_html(client, event.process)
    assert "Repair-Café" not in html and ">Test<" not in html
    assert "alert(" not in html and "&lt;script" not in html
    detail = reverse(
        "wall:open_end",
        args=[event.process.organisation.slug, event.process.slug, collected["Repair-Café"].pk],
    )
    assert client.get(detail).status_code == 404


def test_a_script_card_is_never_public_after_it_is_dropped(client, collected, event, admin):
    script = collected[SCRIPT]
    services.open_end_drop(open_end=script, actor=admin)
    with pytest.raises(DomainError) as caught:
        services.open_end_publish(open_end=script, actor=admin, public=True)
    assert caught.value.code == "open_end_inactive"
    good = services.open_end_publish(open_end=collected["Repair-Café"], actor=admin, public=True)
    assert good.status == "open" and good.reviewed_at is not None
    html = _public_html(client, event.process)
    assert "Repair-Café" in html
    assert "alert(" not in html and "&lt;script" not in html


def test_editing_marks_the_entry_reviewed_and_changes_the_public_text(
    client, collected, event, admin
):
    row = services.open_end_edit(
        open_end=collected["Test"], actor=admin, title="  Bänke  am Platz ", text="Mehr Sitzplätze"
    )
    assert row.title == "Bänke am Platz" and row.status == "open" and not row.is_public
    services.open_end_publish(open_end=row, actor=admin, public=True)
    html = _public_html(client, event.process)
    assert "Bänke am Platz" in html and "Mehr Sitzplätze" in html
    with pytest.raises(DomainError):
        services.open_end_edit(open_end=row, actor=admin, title="   ", text="")


def test_merging_duplicates_adds_votes_and_moves_interest(collected, admin):
    source, target = collected["Repaircafe im Jugendhaus"], collected["Repair-Café"]
    OpenEnd.objects.filter(pk=source.pk).update(votes=3)
    OpenEnd.objects.filter(pk=target.pk).update(votes=2)
    services.open_end_publish(open_end=source, actor=admin, public=True)
    services.open_end_interest(
        open_end=OpenEnd.objects.get(pk=source.pk),
        name="Eva",
        contact="eva@example.org",
        message="",
        consent=True,
    )
    merged = services.open_end_merge(source=source, target=target, actor=admin)
    source.refresh_from_db()
    assert merged.votes == 5 and Interest.objects.get().open_end == merged
    assert source.status == "merged" and source.merged_into == merged and not source.is_public
    with pytest.raises(DomainError):
        services.open_end_merge(source=source, target=target, actor=admin)
    with pytest.raises(DomainError):
        services.open_end_merge(source=target, target=target, actor=admin)


def test_a_dropped_entry_can_be_restored_to_review(collected, admin):
    row = services.open_end_drop(open_end=collected["Test"], actor=admin)
    assert row.status == "dropped"
    row = services.open_end_restore(open_end=row, actor=admin)
    assert row.status == "pending" and row.reviewed_at is None
    with pytest.raises(DomainError):
        services.open_end_restore(open_end=row, actor=admin)


def test_a_group_takes_up_an_open_end_and_the_public_page_says_so(client, collected, event, admin):
    from quartier.groups.services import group_create

    group = group_create(process=event.process, actor=admin, title="Reparieren", goal="Reparieren")
    row = services.open_end_publish(open_end=collected["Repair-Café"], actor=admin, public=True)
    row = services.open_end_take_up(open_end=row, group=group, actor=admin)
    assert row.status == "taken_up" and row.taken_up_by == group
    assert "Eine Gruppe hat das aufgegriffen" in _public_html(client, event.process)


def test_an_unreviewed_entry_cannot_get_interest(collected):
    with pytest.raises(DomainError) as caught:
        services.open_end_interest(
            open_end=collected["Test"],
            name="Eva",
            contact="e@example.org",
            message="",
            consent=True,
        )
    assert caught.value.code == "open_end_closed"


def test_the_register_walks_through_the_review_by_form_posts(client, collected, event, admin):
    from quartier.events.services import event_create

    later = event_create(
        process=event.process,
        actor=admin,
        format_key="open_assembly",
        title="Zweite Versammlung",
        starts_at=event.starts_at,
    )
    process = event.process
    org, slug = process.organisation.slug, process.slug
    client.force_login(admin)
    register = reverse("wall:open_end_register", args=[org, slug])
    html = client.get(register).content.decode()
    assert "Zu prüfen (4)" in html

    def act(name, row, data=None):
        url = reverse(f"wall:open_end_{name}", args=[org, slug, row.pk])
        response = client.post(url, data or {})
        assert response.status_code == 302 and response["Location"].endswith(f"#open-end-{row.pk}")

    act("drop", collected[SCRIPT])
    act("edit", collected["Test"], {"title": "Bänke", "text": "", "category": "Grün"})
    act("merge", collected["Repaircafe im Jugendhaus"], {"into": collected["Repair-Café"].pk})
    act("publish", collected["Repair-Café"], {"public": "1"})
    act("bring_back", collected["Test"], {"event": later.pk})
    states = dict(OpenEnd.objects.values_list("title", "status"))
    assert states == {
        "Repair-Café": "open",
        "Repaircafe im Jugendhaus": "merged",
        "Bänke": "revived",
        SCRIPT: "dropped",
    }
    assert later.cards.filter(title="Bänke").exists()
    html = _public_html(client, process)
    assert "<h2>Repair-Café</h2>" in html and "<h2>Bänke</h2>" not in html


ROLES = ["admin", "organizer", "moderator", "moderator_off_team", "participant", "outsider"]
# role -> (register page, review action)
EXPECTED = {
    "admin": (200, 302),
    "organizer": (200, 302),
    "moderator": (200, 302),  # key person on the process team
    "moderator_off_team": (404, 404),
    "participant": (200, 403),  # on the team: reads the register, cannot review
    "outsider": (404, 404),
}


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_of_the_review(
    client, collected, event, admin, make_member, make_user, role
):
    from quartier.processes.models import TeamMembership

    process = event.process
    if role == "admin":
        user = admin
    elif role == "outsider":
        user = make_user(email="out@example.org")
    else:
        user = make_member(process.organisation, role.removesuffix("_off_team"))
        if not role.endswith("_off_team"):
            TeamMembership.objects.create(process=process, user=user)
    client.force_login(user)
    org, slug = process.organisation.slug, process.slug
    register, action = EXPECTED[role]
    assert client.get(reverse("wall:open_end_register", args=[org, slug])).status_code == register
    row = collected["Repair-Café"]
    url = reverse("wall:open_end_publish", args=[org, slug, row.pk])
    assert client.post(url, {"public": "1"}).status_code == action
    assert OpenEnd.objects.get(pk=row.pk).is_public is (action == 302)
