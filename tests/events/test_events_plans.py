"""Printing an event's plans: pair tables, the topic group plan and personal slips."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from quartier.events import services as event_services
from quartier.wall import services

pytestmark = pytest.mark.django_db


def _pdf(client, admin, event, plan, kind):
    client.force_login(admin)
    url = reverse("events:plan_pdf", args=[event.process.organisation.slug, event.pk, plan, kind])
    return client.get(url)


def text_of(body: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages)


def test_pair_tables_print_one_page_per_round_with_every_pair(client, admin, event, join):
    for name in ("Anna", "Ben", "Cem", "Dörte", "Emil"):
        join(name)
    for _ in range(2):
        event_services.pairs_start_round(event=event, actor=admin)
    response = _pdf(client, admin, event, "pairs", "cards")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 2
    text = text_of(response.content)
    assert "Runde 1" in text and "Tisch 1" in text and "Dörte" in text


def test_the_topic_group_plan_lists_members_and_people_without_a_group(
    client, admin, event, join, category, token, in_phase
):
    anna, _ben = join("Anna"), join("Ben")
    in_phase("wall")
    card = services.card_post(
        event=event, participant=anna, title="Radwege", category_id=category.pk, token=token()
    )
    in_phase("groups")
    group = services.topic_group_create(
        event=event, actor=admin, card=event.cards.get(pk=card["card"]), room=event.rooms.first()
    )
    services.topic_group_join(group=group, participant=anna, token=token())
    text = text_of(_pdf(client, admin, event, "groups", "poster").content)
    assert "Radwege" in text and "Anna" in text
    assert "Ohne Platz (1)" in text and "Ben" in text


def test_plans_need_the_export_permission(client, event, make_member, organisation):
    outsider = make_member(organisation, "member", email="m@example.org", name="Mem Ber")
    client.force_login(outsider)
    url = reverse("events:plan_pdf", args=[organisation.slug, event.pk, "pairs", "cards"])
    assert client.get(url).status_code in (403, 404)
    assert _pdf(client, outsider, event, "pairs", "nonsense").status_code == 404


@pytest.mark.browser
def test_a_facilitator_prints_pair_tables_from_the_console(
    asgi_server, asgi_login, new_page, event, admin, join, assert_accessible
):
    for name in ("Anna", "Ben", "Cem", "Dörte"):
        join(name)
    event_services.pairs_start_round(event=event, actor=admin)
    console = new_page()
    asgi_login(console, admin.email)
    console.goto(f"{asgi_server.url}{event.get_absolute_url()}")
    link = console.get_by_role("link", name="Paartische drucken (PDF)")
    expect(link).to_be_visible()
    assert_accessible(console)
    with console.expect_download() as caught:
        link.click()
    body = Path(caught.value.path()).read_bytes()
    assert "Runde 1" in text_of(body)


@pytest.mark.browser
def test_the_plan_links_pass_axe_and_print_from_a_phone_with_the_keyboard(
    asgi_server, asgi_login, new_page, event, admin, join, category, token, in_phase
):
    from tests.conftest import AXE_SOURCE, AXE_TAGS

    anna, _ben = join("Anna"), join("Ben")
    in_phase("wall")
    card = services.card_post(
        event=event, participant=anna, title="Radwege", category_id=category.pk, token=token()
    )
    in_phase("groups")
    group = services.topic_group_create(
        event=event, actor=admin, card=event.cards.get(pk=card["card"]), room=event.rooms.first()
    )
    services.topic_group_join(group=group, participant=anna, token=token())
    phone = new_page(width=360, height=740)
    asgi_login(phone, admin.email)
    phone.goto(f"{asgi_server.url}{event.get_absolute_url()}")
    export = phone.locator("#export")
    expect(export.get_by_role("link", name="Plan der Themengruppen drucken (PDF)")).to_be_visible()
    phone.evaluate(AXE_SOURCE)
    result = phone.evaluate(
        "async (tags) => await axe.run(document.querySelector('#export'), "
        "{runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    assert result["violations"] == []
    assert export.evaluate("e => e.scrollWidth <= e.clientWidth + 1")  # no sideways scroll

    slips = export.get_by_role("link", name="Persönliche Zettel drucken (PDF)")
    slips.focus()
    with phone.expect_download() as caught:
        phone.keyboard.press("Enter")
    text = text_of(Path(caught.value.path()).read_bytes())
    assert "Anna" in text and "Radwege" in text
    with phone.expect_download() as caught:
        export.get_by_role("link", name="Plan der Themengruppen drucken (PDF)").click()
    poster = text_of(Path(caught.value.path()).read_bytes())
    assert "Radwege" in poster and "Ohne Platz (1)" in poster and "Ben" in poster
