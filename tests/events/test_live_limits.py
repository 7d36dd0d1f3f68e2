"""Limits of the live room: malformed and oversized frames, rate limits, the phase checked
on the server, and join codes that are long, stop at closing and resist guessing."""

from __future__ import annotations

import json
import logging
import os
import re
import time
import uuid

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quartier.events.selectors import SESSION_KEY
from quartier.events.services import CODE_ALPHABET, event_close, event_reopen
from quartier.wall import services
from quartier.wall.models import Card
from tests.events.test_events_exports_and_pairs import Socket, in_own_loop

ROOMY = {key: (10_000, 100_000, 60) for key in ("post", "support", "vote", "catchup", "message")}

_ids = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
_messages = st.fixed_dictionaries(
    {},
    optional={
        "action": st.one_of(
            st.sampled_from(
                ["post", "vote", "unvote", "support", "join_group", "catchup", "explode"]
            ),
            _ids,
        ),
        "token": st.one_of(st.uuids().map(str), _ids, st.text(min_size=60, max_size=200)),
        "card": _ids,
        "group": _ids,
        "category": _ids,
        "after": _ids,
        "title": st.one_of(st.text(max_size=300), _ids),
        "text": st.one_of(st.text(max_size=50), _ids),
    },
)
_frames = st.one_of(
    _messages.map(json.dumps),
    st.text(max_size=200),  # mostly not JSON at all
    st.recursive(
        st.none() | st.integers() | st.text(max_size=10), lambda inner: st.lists(inner, max_size=3)
    ).map(json.dumps),  # JSON, but not an object
)


def _exchange(event, session, frames):
    """Send each frame and collect the acknowledgement that answers it."""

    async def scenario():
        socket = Socket(event, b"", session)
        assert await socket.connect()
        acks = []
        for frame in frames:
            await socket.app.send_input({"type": "websocket.receive", "text": frame})
            while True:  # live entries of the actions may arrive first; the ack follows
                output = await socket.app.receive_output(5)
                assert output["type"] == "websocket.send", output
                data = json.loads(output["text"])
                if isinstance(data, dict) and "ack" in data:
                    acks.append(data)
                    break
        await socket.disconnect()
        return acks

    return in_own_loop(scenario)


@pytest.fixture
def voting_room(event, join, category, admin, in_phase, settings):
    settings.LIVE_LIMITS = ROOMY
    in_phase("voting")
    services.voting_open(event=event, actor=admin, dots=50, max_per_card=50)
    anna = join("Anna")
    services.card_post(
        event=event, participant=anna, title="Radwege", category_id=category.pk, token=uuid.uuid4()
    )
    return anna


@pytest.mark.django_db(transaction=True)
@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(frames=st.lists(_frames, min_size=1, max_size=4))
def test_every_frame_a_phone_sends_is_answered_and_none_crashes_the_consumer(
    event, voting_room, frames, caplog
):
    caplog.set_level(logging.ERROR)
    acks = _exchange(event, {SESSION_KEY: {str(event.pk): voting_room.pk}}, frames)
    assert len(acks) == len(frames)
    for frame, ack in zip(frames, acks, strict=True):
        try:
            message = json.loads(frame)
        except ValueError:
            assert ack["error"] == "bad_json"
            continue
        if not isinstance(message, dict):
            assert ack["error"] == "bad_message"
        elif message.get("action") not in ("post", "vote", "unvote", "support", "catchup"):
            assert ack["error"] in ("unknown_action", "bad_message", "group_gone")
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.django_db(transaction=True)
def test_known_mistakes_get_their_own_error_codes(event, voting_room):
    card = Card.objects.get(title="Radwege")
    frames = [
        '{"action":"vote","card":"x"}',
        json.dumps({"action": "vote", "card": card.pk, "token": "kein-token"}),
        json.dumps({"action": "vote", "card": 10**30, "token": str(uuid.uuid4())}),
        json.dumps({"action": "post", "title": ["a"], "token": str(uuid.uuid4())}),
        json.dumps({"action": "vote", "card": card.pk, "token": str(uuid.uuid4())}),
    ]
    acks = _exchange(event, {SESSION_KEY: {str(event.pk): voting_room.pk}}, frames)
    assert [a.get("error") for a in acks] == [
        "card_gone",
        "client_token_invalid",
        "card_gone",
        "bad_message",
        None,
    ]
    assert acks[-1]["votes"] == 1


@pytest.mark.django_db(transaction=True)
def test_a_huge_frame_is_refused_before_parsing_and_the_socket_closed(event, voting_room):
    async def scenario():
        socket = Socket(event, b"", {SESSION_KEY: {str(event.pk): voting_room.pk}})
        assert await socket.connect()
        await socket.app.send_input({"type": "websocket.receive", "text": "[" * 10_000_000})
        ack = json.loads((await socket.app.receive_output(5))["text"])
        closed = await socket.app.receive_output(5)
        return ack, closed

    ack, closed = in_own_loop(scenario)
    assert ack["error"] == "too_large"
    assert closed["type"] == "websocket.close" and closed["code"] == 1009


@pytest.mark.django_db(transaction=True)
def test_a_socket_flooding_messages_is_throttled_with_a_wait_time(event, join, in_phase):
    in_phase("wall")
    anna = join("Anna")
    frames = ['{"action":"nothing"}'] * 61
    acks = _exchange(event, {SESSION_KEY: {str(event.pk): anna.pk}}, frames)
    assert [a["error"] for a in acks[:60]] == ["unknown_action"] * 60
    assert acks[60]["error"] == "throttled" and acks[60]["retry_after"] >= 1


def _joined(client, event, name="Anna"):
    client.post(
        reverse("events:join", args=[event.join_code]),
        {"display_name": name, "client_token": str(uuid.uuid4())},
    )


def _post(client, event, category, title):
    return client.post(
        reverse("events:post_card", args=[event.join_code]),
        {"title": title, "category": category.pk, "client_token": str(uuid.uuid4())},
        HTTP_ACCEPT="application/json",
    )


@pytest.mark.django_db
def test_one_phone_posting_in_a_loop_is_slowed_down_and_the_moderators_see_it(
    client, event, category, in_phase, admin
):
    in_phase("wall")
    _joined(client, event)
    answers = [_post(client, event, category, f"Thema {i}") for i in range(13)]
    assert [a.status_code for a in answers[:12]] == [200] * 12
    refused = answers[12]
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert "Bitte warte" in refused.json()["message"]
    assert Card.objects.count() == 12
    client.force_login(admin)
    console = client.get(event.get_absolute_url()).content.decode()
    assert "Handys wurden" in console and "gebremst" in console


@pytest.mark.django_db
def test_the_server_checks_the_phase_of_every_action(client, event, category, in_phase, admin):
    _joined(client, event)
    answer = _post(client, event, category, "Zu früh")  # arrival: nobody posts yet
    assert answer.status_code == 400 and answer.json()["code"] == "wrong_phase"
    in_phase("wall")
    assert _post(client, event, category, "Radwege").status_code == 200
    card = Card.objects.get()
    services.voting_open(event=event, actor=admin)
    vote = client.post(
        reverse("events:vote", args=[event.join_code]),
        {"card": card.pk, "client_token": str(uuid.uuid4())},
        HTTP_ACCEPT="application/json",
    )
    assert vote.json()["code"] == "wrong_phase"  # the vote is open but this is the wall phase
    group = services.topic_group_create(event=event, actor=admin, title="Radwege")
    joined = client.post(
        reverse("events:join_group", args=[event.join_code]),
        {"group": group.pk, "client_token": str(uuid.uuid4())},
        HTTP_ACCEPT="application/json",
    )
    assert joined.json()["code"] == "wrong_phase"
    assert not group.members.exists()


@pytest.mark.django_db
def test_codes_are_long_and_a_closed_code_looks_exactly_like_a_wrong_one(
    client, event, admin, in_phase
):
    assert len(event.join_code) == 8 and set(event.join_code) <= set(CODE_ALPHABET)
    assert event.display_code == f"{event.join_code[:4]}-{event.join_code[4:]}"
    _joined(client, event)
    event_close(event=event, actor=admin)
    # The person who joined before sees that it ended; a newcomer cannot get in.
    assert "zu Ende" in client.get(reverse("events:room", args=[event.join_code])).content.decode()
    stranger = client.__class__()
    closed = stranger.get(f"/j/?code={event.display_code}")
    wrong = stranger.get("/j/?code=ZZZZ-ZZZZ")
    assert closed.status_code == wrong.status_code == 200
    assert _without_echo(closed, event.display_code) == _without_echo(wrong, "ZZZZ-ZZZZ")
    assert stranger.get(f"/j/{event.join_code}/").status_code == 404
    event_reopen(event=event, actor=admin)
    assert stranger.get(f"/j/{event.join_code}/").status_code == 200


def _without_echo(response, code):
    """The page minus what differs on every request (CSRF token) or echoes the input."""
    html = response.content.decode().replace(f'value="{code}"', 'value=""')
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", html)


@pytest.mark.django_db
def test_guessing_codes_is_throttled_even_for_a_right_code(client, event):
    answers = [client.get(f"/j/?code=ZZZZ-ZZ{a}{b}") for a in "23" for b in "23456789ABC"][:20]
    assert all(a.status_code == 200 for a in answers)  # the form again, with an error
    blocked = client.get(f"/j/?code={event.display_code}")
    assert blocked.status_code == 429
    assert "Bitte warte" in blocked.content.decode()
    assert client.get(f"/j/{event.join_code}/").status_code == 429


@pytest.mark.skipif(
    not os.environ.get("QUARTIER_TEST_REDIS_URL"),
    reason="needs Redis (QUARTIER_TEST_REDIS_URL, set by .ci/run)",
)
def test_with_redis_a_check_counts_every_limit_in_one_round_trip_with_expiring_counters(
    settings, monkeypatch
):
    from django.core.cache import cache

    from quartier.events.limits import Throttled, _redis, limit_check

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["QUARTIER_TEST_REDIS_URL"],
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }
    settings.LIVE_LIMITS = {"post": (2, 1000, 60), "message": (60, 1000, 10)}
    import redis

    sent = []
    pipeline = redis.Redis.pipeline
    monkeypatch.setattr(
        redis.Redis, "pipeline", lambda self, **kw: sent.append(kw) or pipeline(self, **kw)
    )
    for _ in range(2):
        limit_check(action="post", also=("message",), ip="10.0.0.1", participant_id=7)
    with pytest.raises(Throttled) as refused:
        limit_check(action="post", also=("message",), ip="10.0.0.1", participant_id=7)
    client = _redis()
    assert len(sent) == 3  # one round trip per check, four counters each
    assert 1 <= refused.value.retry_after <= 60
    window = int(time.time() // 60)
    key = f"live-limit:post:p7:{window}"
    assert cache.get(key) == 3  # Django's cache reads the counter
    assert 0 < client.ttl(cache.make_and_validate_key(key)) <= 61
    message_key = f"live-limit:message:ip10.0.0.1:{int(time.time() // 10)}"
    assert cache.get(message_key) == 3
    cache.clear()
