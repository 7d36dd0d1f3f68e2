"""Exports (CSV, XLSX, PDF protocol), pair interviews, the catch-up feed and the websocket."""

from __future__ import annotations

import asyncio
import io
import json
import threading
import uuid

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from quartier.events import services as event_services
from quartier.events.models import PairSeat
from quartier.wall import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled_event(event, join, category, token, admin, in_phase):
    in_phase("voting")
    anna, ben = join("Anna"), join("Ben")
    radwege = services.card_post(
        event=event,
        participant=anna,
        title="Sichere Radwege",
        category_id=category.pk,
        token=token(),
    )
    services.card_post(
        event=event,
        participant=ben,
        title='=HYPERLINK("x")',
        category_id=category.pk,
        token=token(),
    )
    services.voting_open(event=event, actor=admin)
    card = event.cards.get(pk=radwege["card"])
    services.vote_cast(card=card, participant=anna, token=token())
    group = services.topic_group_create(
        event=event, actor=admin, card=card, room=event.rooms.first()
    )
    services.topic_group_idea(
        group=group,
        actor=admin,
        what="Schulweg sichern",
        who="Eltern",
        first_step="Begehung",
        when="Mai",
    )
    services.open_ends_collect(event=event, actor=admin)
    return event


def _get(client, admin, name, *args):
    client.force_login(admin)
    event = args[0]
    return client.get(reverse(name, args=[event.process.organisation.slug, event.pk, *args[1:]]))


def test_csv_exports_are_excel_friendly_and_defuse_formulas(client, admin, filled_event):
    body = _get(client, admin, "events:export_csv", filled_event, "wall").content.decode("utf-8")
    assert body.startswith("\ufeff")
    assert "Sichere Radwege" in body
    assert "'=HYPERLINK" in body  # never run as a formula
    votes = _get(client, admin, "events:export_csv", filled_event, "votes").content.decode()
    assert "Anna" not in votes  # votes are exported without names
    assert _get(client, admin, "events:export_csv", filled_event, "nope").status_code == 404


def test_xlsx_has_wall_votes_and_groups(client, admin, filled_event):
    response = _get(client, admin, "events:export_xlsx", filled_event)
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == 3
    groups = workbook.worksheets[2]
    assert any(
        row[1] == "Sichere Radwege" and row[7] == "Schulweg sichern"
        for row in groups.iter_rows(values_only=True)
    )


def test_the_protocol_is_an_a4_pdf_with_the_organisation_and_results(
    client, admin, filled_event, organisation
):
    response = _get(client, admin, "events:protocol_pdf", filled_event)
    reader = PdfReader(io.BytesIO(response.content))
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    text = "\n".join(p.extract_text() for p in reader.pages)
    for expected in (
        organisation.name,
        filled_event.title,
        "Sichere Radwege",
        "Schulweg sichern",
        "HYPERLINK",
    ):
        assert expected in text


def test_pairs_never_repeat_while_new_partners_exist(event, join, admin):
    people = [join(f"P{i}") for i in range(7)]
    seen: set[frozenset[int]] = set()
    for _round in range(3):
        pair_round = event_services.pairs_start_round(event=event, actor=admin)
        tables: dict[int, list[int]] = {}
        for seat in PairSeat.objects.filter(round=pair_round):
            tables.setdefault(seat.table, []).append(seat.participant_id)
        sizes = sorted(len(t) for t in tables.values())
        assert sizes == [2, 2, 3]  # odd count: one trio
        assert sum(sizes) == len(people)
        pairs = {frozenset((a, b)) for t in tables.values() for a in t for b in t if a < b}
        assert not pairs & seen
        seen |= pairs
        assert pair_round.algorithm == "engine.grouping.plan_pairs"


def test_the_fallback_pairing_avoids_repeats_too():
    from quartier.events.adapters import fallback_pairs

    plan = fallback_pairs(["a", "b", "c", "d"], {("a", "b"): 1, ("c", "d"): 1}, seed=1)
    assert plan.repeats == 0 and plan.algorithm == "random-shuffle"
    assert sorted(len(t) for t in fallback_pairs(["a", "b", "c"], {}, seed=2).tables) == [3]


def test_pairs_need_two_people(event, join, admin):
    join("Solo")
    with pytest.raises(event_services.EventError):
        event_services.pairs_start_round(event=event, actor=admin)


def test_catch_up_returns_everything_after_a_sequence_number(client, event, category, in_phase):
    in_phase("wall")
    client.post(
        reverse("events:join", args=[event.join_code]),
        {"display_name": "Anna", "client_token": str(uuid.uuid4())},
    )
    for title in ("Eins", "Zwei"):
        client.post(
            reverse("events:post_card", args=[event.join_code]),
            {"title": title, "category": category.pk, "client_token": str(uuid.uuid4())},
        )
    entries = client.get(reverse("events:catch_up", args=[event.join_code]) + "?after=0").json()[
        "entries"
    ]
    seqs = [e["seq"] for e in entries]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    cards = [e["data"]["title"] for e in entries if e["kind"] == "card"]
    assert cards == ["Eins", "Zwei"]
    later = client.get(
        reverse("events:catch_up", args=[event.join_code]) + f"?after={seqs[-2]}"
    ).json()
    assert [e["seq"] for e in later["entries"]] == [seqs[-1]]


def test_suggestions_show_similar_cards_and_a_breadth_hint(
    client, event, join, category, token, in_phase
):
    in_phase("wall")
    services.card_post(
        event=event,
        participant=join("Ben"),
        title="Mehr Bäume pflanzen",
        category_id=category.pk,
        token=token(),
    )
    client.post(
        reverse("events:join", args=[event.join_code]),
        {"display_name": "Anna", "client_token": str(uuid.uuid4())},
    )
    url = reverse("events:suggest", args=[event.join_code])
    assert "Mehr Bäume pflanzen" in client.get(url, {"title": "Baum pflanzen"}).content.decode()
    broad = client.get(url, {"title": "Umwelt"}).content.decode()
    assert 'class="alert warning hint"' in broad


def in_own_loop(scenario):
    """Run an async scenario in a thread with its own event loop (the browser tests leave
    Playwright's loop running in this thread)."""
    result = {}

    def run():
        try:
            result["value"] = asyncio.run(scenario())
        except BaseException as exc:  # re-raised in the test thread
            result["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=60)
    if "error" in result:
        raise result["error"]
    return result["value"]


class Socket:
    """A websocket client speaking ASGI to the consumer directly (no server needed)."""

    def __init__(self, event, query, session):
        from asgiref.testing import ApplicationCommunicator
        from django.contrib.auth.models import AnonymousUser

        from quartier.events.consumers import EventConsumer

        scope = {
            "type": "websocket",
            "path": f"/ws/events/{event.join_code}/",
            "query_string": query,
            "headers": [],
            "url_route": {"args": (), "kwargs": {"code": event.join_code}},
            "session": session,
            "user": AnonymousUser(),
            "subprotocols": [],
        }
        self.app = ApplicationCommunicator(EventConsumer.as_asgi(), scope)

    async def connect(self):
        await self.app.send_input({"type": "websocket.connect"})
        return (await self.app.receive_output(5))["type"] == "websocket.accept"

    async def receive_from(self, timeout=5):
        return (await self.app.receive_output(timeout))["text"]

    async def send_json_to(self, data):
        await self.app.send_input({"type": "websocket.receive", "text": json.dumps(data)})

    async def disconnect(self):
        await self.app.send_input({"type": "websocket.disconnect", "code": 1000})
        await self.app.wait(1)


@pytest.mark.django_db(transaction=True)
def test_the_websocket_catches_up_and_then_streams(event, join, category, token, in_phase):
    in_phase("wall")
    from asgiref.sync import sync_to_async

    from quartier.events.selectors import SESSION_KEY

    anna = join("Anna")
    services.card_post(
        event=event, participant=anna, title="Vorher", category_id=category.pk, token=token()
    )

    async def scenario():
        communicator = Socket(event, b"after=0", {SESSION_KEY: {str(event.pk): anna.pk}})
        assert await communicator.connect()
        seen = []
        while True:
            entry = json.loads(await communicator.receive_from(timeout=5))
            seen.append(entry)
            if entry["kind"] == "card":
                break
        await sync_to_async(services.card_post)(
            event=event, participant=anna, title="Live", category_id=category.pk, token=token()
        )
        live = json.loads(await communicator.receive_from(timeout=5))
        await communicator.send_json_to(
            {
                "action": "post",
                "token": str(uuid.uuid4()),
                "title": "Über den Socket",
                "category": category.pk,
            }
        )
        messages = [json.loads(await communicator.receive_from(timeout=5)) for _ in range(2)]
        await communicator.disconnect()
        return seen, live, messages

    seen, live, messages = in_own_loop(scenario)
    assert seen[-1]["data"]["title"] == "Vorher"
    assert live["data"]["title"] == "Live" and live["seq"] > seen[-1]["seq"]
    acks = [m for m in messages if "ack" in m]
    assert acks and acks[0]["replayed"] is False
    assert event.cards.filter(title="Über den Socket").exists()


@pytest.mark.django_db(transaction=True)
def test_the_websocket_refuses_strangers(event):

    async def scenario():
        return await Socket(event, b"", {}).connect()

    assert in_own_loop(scenario) is False
