"""Load test of the live event room on the page's real protocol: N phones on one event.

    .venv/bin/python benchmarks/bench_event_load.py [--quick] [--sizes 100,500,1000]
        [--duration 20] [--posts-per-minute 1] [--votes-per-minute 1] [--retry-share 0.05]
        [--scenarios burst,drops,kill] [--scenario-size 500] [--pg-sizes 500,1000]

For each configuration the script starts the server exactly as ``quartier serve`` does (a
subprocess on a free 127.0.0.1 port, its own fresh SQLite file or PostgreSQL database),
creates an event with N joined participants through the Django ORM (in a helper
subprocess with the same environment), and runs N phones that speak exactly what
``live.js`` speaks: a websocket for live entries applied in ``seq`` order, HTTP catch-up
for gaps that stay open, and every action as the same frame the page sends over its open
socket (client token), or, when the socket is closed or its answer is later than
``ACK_WAIT``, as the same HTTP form post (client token, CSRF token, session cookie),
sent in order and retried like its offline queue. For a share of posts the answer is
"lost" and the same token is sent again.

Measured
- post-to-screen latency: from the tap to the card being applied on each of the N
  screens (the sender included), p50/p95/max, and separately for a 200-phone burst;
- errors (5xx, refused connections, tracebacks in the server log), 429 answers, lost
  writes (confirmed but not stored), duplicated writes (one token stored twice), phones
  that end without every entry, catch-up requests and out-of-order deliveries;
- the load generator's own event-loop lag, so a saturated generator cannot pass for a
  slow server; the machine's load average before and after each run.

Scenarios: steady load at each size; optionally a burst (200 phones post in the same
second), drops (50 phones lose their socket for 1-3 s) and kill (the server is killed
and restarted mid-run). PostgreSQL + Redis with two workers runs for ``--pg-sizes``
(skipped cleanly when PostgreSQL is unreachable; Redis is started on port 63799 if
nothing answers there and stopped again). Only 127.0.0.1 is contacted and every loop is
bounded in count and time. Results go to benchmarks/results/event_load.md.

``QUARTIER_BENCH_PROFILE=<directory>`` runs the server under py-spy (a dev dependency)
and writes its samples there (collapsed stacks, one file per server start).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import gc
import json
import os
import platform
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "benchmarks" / "results"
BIN = Path(sys.executable).parent
PG_URL = os.environ.get(
    "QUARTIER_BENCH_PG", "postgres://quartier:quartier@127.0.0.1:54329/quartier"
)
REDIS_PORT = 63799
REDIS_URL = os.environ.get("QUARTIER_BENCH_REDIS", f"redis://127.0.0.1:{REDIS_PORT}/6")
TARGET_P95_MS = 500
ACK_WAIT = 8.0  # live.js: an action's socket answer later than this goes over HTTP …
ACK_PATIENCE = 30.0  # … unless frames keep arriving on the socket: then up to this
SOCKET_ACTIONS = {"cards": "post", "vote": "vote"}  # HTTP path -> socket action (live.js)
MAX_RUN_SECONDS = 600  # hard cap per configuration, whatever the arguments say


# --- helper subprocess: database setup and verification through the ORM ---------------------


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quartier.config.settings")
    import django

    django.setup()


def helper_setup(people: int) -> dict[str, object]:
    _django()
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.utils import timezone

    from quartier.accounts.services import user_create
    from quartier.events.models import Participant
    from quartier.events.selectors import SESSION_KEY
    from quartier.events.services import event_create, event_set_phase
    from quartier.organisations.services import organisation_create
    from quartier.processes.services import process_create
    from quartier.wall.services import voting_open

    call_command("migrate", verbosity=0)
    user = user_create(email="bench@example.org", full_name="Bench", password="bench-password-123")
    organisation = organisation_create(name="Bench e.V.", creator=user)
    process = process_create(organisation=organisation, actor=user, title="Lasttest")
    event = event_create(
        process=process,
        actor=user,
        format_key="open_space",
        title="Lasttest",
        starts_at=timezone.now(),
    )
    event_set_phase(event=event, actor=user, phase="voting")
    voting_open(event=event, actor=user, dots=50, max_per_card=50)
    participants = Participant.objects.bulk_create(
        Participant(event=event, display_name=f"P{i}") for i in range(people)
    )
    sessions = []
    for participant in participants:
        store = SessionStore()
        store[SESSION_KEY] = {str(event.pk): participant.pk}
        store.create()
        sessions.append(store.session_key)
    return {
        "code": event.join_code,
        "event": event.pk,
        "seq": type(event).objects.get(pk=event.pk).last_seq,
        "categories": list(event.categories.values_list("pk", flat=True)),
        "sessions": sessions,
    }


def helper_verify(event_id: int) -> dict[str, object]:
    _django()
    from django.db.models import Count

    from quartier.events.models import Event
    from quartier.wall.models import Card, Vote

    titles = Card.objects.filter(event_id=event_id).values("title").annotate(n=Count("pk"))
    return {
        "cards": {row["title"]: row["n"] for row in titles},
        "votes": Vote.objects.filter(card__event_id=event_id).count(),
        "last_seq": Event.objects.get(pk=event_id).last_seq,
    }


def run_helper(args: list[str], env: dict[str, str]) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, __file__, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if out.returncode != 0:
        raise RuntimeError(f"helper {args} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- servers ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def redis_up() -> bool:
    with (
        contextlib.suppress(OSError),
        socket.create_connection(("127.0.0.1", REDIS_PORT), timeout=1) as conn,
    ):
        conn.sendall(b"PING\r\n")
        return conn.recv(16).startswith(b"+PONG")
    return False


def pg_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_URL, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
        return True
    except Exception:
        return False


def pg_database(name: str, *, drop: bool) -> str:
    import psycopg

    with psycopg.connect(PG_URL, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop:
            conn.execute(f'CREATE DATABASE "{name}"')
    return PG_URL.rsplit("/", 1)[0] + "/" + name


def start_server(
    env: dict[str, str], port: int, workers: int, log: Path
) -> subprocess.Popen[bytes]:
    """``quartier serve`` as deployed; its log goes to a file (a pipe nobody reads would
    block the server once full)."""
    profile = os.environ.get("QUARTIER_BENCH_PROFILE", "")  # a directory: sample with py-spy
    output = Path(profile) / f"server-{port}-{time.time():.0f}.txt"
    spy = [str(BIN / "py-spy"), "record", "--subprocesses", "--nonblocking", "--rate", "50"]
    wrap = [*spy, "--format", "raw", "--output", str(output), "--"] if profile else []
    server = subprocess.Popen(
        [
            *wrap,
            str(BIN / "quartier"),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("server exited: " + log.read_text(errors="replace")[-2000:])
        health = f"http://127.0.0.1:{port}/healthz"
        with contextlib.suppress(OSError), urllib.request.urlopen(health, timeout=2) as response:
            if response.status == 200:
                return server
        time.sleep(0.3)
    server.kill()
    raise RuntimeError("server did not answer /healthz within 60 s")


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its descendants (the workers), from /proc."""
    stats: dict[int, tuple[int, float]] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            stats[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / tick)
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        total += stats.get(current, (0, 0.0))[1]
        todo += [child for child, (parent, _cpu) in stats.items() if parent == current]
    return total


def stop_server(server: subprocess.Popen[bytes]) -> None:
    if os.environ.get("QUARTIER_BENCH_PROFILE"):
        server.send_signal(signal.SIGINT)  # py-spy writes its samples on an interrupt
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.wait(timeout=30)
            return
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)


# --- the page's protocol: one keep-alive HTTP connection per purpose, one websocket ----------


class Http:
    """A keep-alive HTTP/1.1 connection, as a phone's browser holds to the server."""

    def __init__(self, port: int, cookie: str) -> None:
        self.port, self.cookie = port, cookie
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.lock = asyncio.Lock()

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(Exception):
                await self.writer.wait_closed()
        self.reader = self.writer = None

    async def request(
        self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        async with self.lock:
            for attempt in (0, 1):  # a kept-alive connection the server closed: open anew
                try:
                    return await asyncio.wait_for(self._once(method, path, body, headers), 30)
                except (OSError, asyncio.IncompleteReadError, ValueError):
                    await self.close()
                    if attempt:
                        raise
                except TimeoutError:
                    await self.close()
                    raise
        raise AssertionError("unreachable")

    async def _once(
        self, method: str, path: str, body: bytes, headers: dict[str, str] | None
    ) -> tuple[int, dict[str, str], bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.reader is not None
        lines = [
            f"{method} {path} HTTP/1.1",
            f"Host: 127.0.0.1:{self.port}",
            f"Cookie: {self.cookie}",
            f"Content-Length: {len(body)}",
            *(f"{k}: {v}" for k, v in (headers or {}).items()),
        ]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        status = int(status_line.split()[1])
        answer = {}
        for line in header_lines:
            if ":" in line:
                key, value = line.split(":", 1)
                answer[key.strip().lower()] = value.strip()
        if "content-length" in answer:
            data = await self.reader.readexactly(int(answer["content-length"]))
        elif answer.get("transfer-encoding") == "chunked":
            parts = []
            while True:
                size = int((await self.reader.readline()).strip(), 16)
                chunk = await self.reader.readexactly(size + 2)
                if size == 0:
                    break
                parts.append(chunk[:-2])
            data = b"".join(parts)
        else:
            data = await self.reader.read()
        if answer.get("connection") == "close":
            await self.close()
        return status, answer, data


@dataclass
class Stats:
    sent_at: dict[str, float] = field(default_factory=dict)  # card title -> tap time
    burst_titles: set[str] = field(default_factory=set)
    seen: dict[str, int] = field(default_factory=dict)  # card title -> screens that showed it
    latencies: list[float] = field(default_factory=list)
    burst_latencies: list[float] = field(default_factory=list)
    answer_latencies: list[float] = field(default_factory=list)  # tap -> confirmed
    acked_posts: set[str] = field(default_factory=set)
    acked_votes: int = 0
    refused: int = 0  # domain refusals (e.g. a card merged away): answered, not errors
    throttled: int = 0
    server_errors: int = 0  # 5xx answers
    other_4xx: int = 0
    connection_errors: int = 0
    retried_sends: int = 0
    socket_sends: int = 0
    http_sends: int = 0
    connected: int = 0
    connect_errors: int = 0
    reconnects: int = 0
    deliveries: int = 0
    out_of_order: int = 0
    catch_ups: int = 0
    catch_up_failures: int = 0
    cards: list[int] = field(default_factory=list)
    cpu_at_load: float = 0.0  # the server's CPU seconds when the first tap is due


class Phone:
    """One phone as ``live.js`` behaves: websocket for entries in seq order, gap timer
    with jitter that is cancelled when the gap fills, HTTP catch-up that retries until
    complete, actions over the open socket with client tokens (the HTTP form post with
    the same token when the socket is closed or the answer late), sent in order,
    retried on network errors, 5xx and 429 with backoff (the offline queue)."""

    def __init__(
        self, index: int, port: int, setup: dict[str, Any], stats: Stats, rng: random.Random
    ) -> None:
        self.index, self.port, self.stats, self.rng = index, port, stats, rng
        self.code = str(setup["code"])
        self.csrf = uuid.uuid4().hex  # 32 characters: a valid unmasked CSRF secret
        session = setup["sessions"][index]
        self.cookie = f"sessionid={session}; csrftoken={self.csrf}"
        self.categories = list(setup["categories"])
        self.last = int(setup["seq"])
        self.held: dict[int, dict[str, Any]] = {}
        self.gap: asyncio.TimerHandle | None = None
        self.catching_up = False
        self.again = False
        self.actions = Http(port, self.cookie)
        self.reads = Http(port, self.cookie)
        self.queue: asyncio.Queue[tuple[str, dict[str, str], float, str]] = asyncio.Queue()
        self.ws: Any = None
        self.acks: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self.last_frame = 0.0
        self.closing = False
        self.busy = False  # an action is on its way
        self.offline_until = 0.0
        self.tasks: list[asyncio.Task[Any]] = []

    # --- entries ---------------------------------------------------------------------------
    def receive(self, entry: dict[str, Any], now: float) -> None:
        seq = entry.get("seq")
        if not isinstance(seq, int) or seq <= self.last or seq in self.held:
            return
        if seq != self.last + 1:
            self.stats.out_of_order += 1
        self.held[seq] = entry
        while self.last + 1 in self.held:
            self.last += 1
            self.apply(self.held.pop(self.last), now)
        if not self.held:
            if self.gap is not None:
                self.gap.cancel()
                self.gap = None
        elif self.gap is None:
            self.gap = asyncio.get_running_loop().call_later(
                0.3 + self.rng.random() * 1.2, self._gap_timeout
            )

    def _gap_timeout(self) -> None:
        self.gap = None
        if self.held:
            self.tasks.append(asyncio.ensure_future(self.catch_up()))

    def apply(self, entry: dict[str, Any], now: float) -> None:
        self.stats.deliveries += 1
        if entry.get("kind") != "card":
            return
        data = entry["data"]
        title = data.get("title", "")
        if title in self.stats.sent_at:
            latency = now - self.stats.sent_at[title]
            self.stats.latencies.append(latency)
            if title in self.stats.burst_titles:
                self.stats.burst_latencies.append(latency)
            count = self.stats.seen[title] = self.stats.seen.get(title, 0) + 1
            if count == 1:  # on a screen: now people can put dots on it
                self.stats.cards.append(data["id"])

    async def catch_up(self) -> None:
        if self.catching_up:
            self.again = True
            return
        self.catching_up = True
        try:
            for attempt in range(12):  # bounded: about two minutes of backoff at most
                self.again = False
                self.stats.catch_ups += 1
                try:
                    status, _headers, body = await self.reads.request(
                        "GET",
                        f"/e/{self.code}/live/?after={self.last}",
                        headers={"Accept": "application/json"},
                    )
                except Exception:
                    status, body = 0, b""
                if status == 200:
                    parsed = json.loads(body)
                    now = time.perf_counter()
                    for entry in parsed["entries"]:
                        self.receive(entry, now)
                    if not (parsed.get("more") or self.again):
                        return
                    continue
                self.stats.catch_up_failures += 1
                await asyncio.sleep(backoff(1.0, 30.0, attempt, self.rng))
        finally:
            self.catching_up = False

    # --- the socket ------------------------------------------------------------------------
    async def connect(self) -> bool:
        from websockets.asyncio.client import connect

        try:
            self.ws = await connect(
                f"ws://127.0.0.1:{self.port}/ws/events/{self.code}/?after={self.last}",
                origin=f"http://127.0.0.1:{self.port}",
                additional_headers={"Cookie": self.cookie},
                open_timeout=60,
                ping_interval=None,
                max_queue=None,
            )
        except Exception:
            return False
        return True

    async def listen(self) -> None:
        """Read entries; after a dropped socket reconnect with backoff, like the page."""
        attempt = 0
        while not self.closing:
            if self.ws is None:
                await asyncio.sleep(max(0.0, self.offline_until - time.perf_counter()))
                await asyncio.sleep(backoff(0.5, 20.0, attempt, self.rng))
                attempt += 1
                if not await self.connect():
                    continue
                self.stats.reconnects += 1
                self.tasks.append(asyncio.ensure_future(self.catch_up()))
            attempt = 0
            try:
                async for raw in self.ws:
                    now = self.last_frame = time.perf_counter()
                    if isinstance(raw, str) and raw.startswith('{"ack":'):
                        ack = json.loads(raw)
                        waiting = self.acks.pop(str(ack.get("ack")), None)
                        if waiting is not None and not waiting.done():
                            waiting.set_result(ack)
                        continue
                    parsed = parse_frame(raw)
                    for entry in parsed if isinstance(parsed, list) else [parsed]:
                        if isinstance(entry, dict) and "seq" in entry:
                            self.receive(entry, now)
            except Exception:
                pass
            self.ws = None
            for waiting in self.acks.values():  # these go over HTTP now, as in live.js
                if not waiting.done():
                    waiting.set_exception(ConnectionError("socket closed"))
            self.acks.clear()

    async def drop(self, seconds: float) -> None:
        """The phone loses its connection for a while (a tunnel, a Wi-Fi hand-over)."""
        self.offline_until = time.perf_counter() + seconds
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await self.ws.close()
        await asyncio.sleep(seconds)

    # --- actions -----------------------------------------------------------------------------
    def tap_post(self, title: str, burst: bool = False) -> None:
        self.stats.sent_at[title] = time.perf_counter()
        if burst:
            self.stats.burst_titles.add(title)
        fields = {"title": title, "category": str(self.rng.choice(self.categories))}
        self.queue.put_nowait(("cards", fields, time.perf_counter(), title))

    def tap_vote(self) -> None:
        if self.stats.cards:
            fields = {"card": str(self.rng.choice(self.stats.cards))}
            self.queue.put_nowait(("vote", fields, time.perf_counter(), ""))

    async def send_actions(self, retry_share: float) -> None:
        while True:
            kind, fields, tapped, title = await self.queue.get()
            self.busy = True
            token = str(uuid.uuid4())
            body = urlencode(
                {**fields, "client_token": token, "csrfmiddlewaretoken": self.csrf}
            ).encode()
            headers = {
                "Accept": "application/json",
                "X-CSRFToken": self.csrf,
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"http://127.0.0.1:{self.port}",
            }
            lost_answer = kind == "cards" and self.rng.random() < retry_share
            for attempt in range(30):  # bounded; the run's clock ends it long before
                try:
                    status, answer, data = await self.send_once(kind, fields, token, body, headers)
                except Exception:
                    self.stats.connection_errors += 1
                    await asyncio.sleep(backoff(1.0, 15.0, attempt, self.rng))
                    continue
                if status == 429:
                    self.stats.throttled += 1
                    wait = float(answer.get("retry-after", "1"))
                    await asyncio.sleep(max(wait, backoff(0.8, 20.0, attempt, self.rng)))
                    continue
                if status >= 500:
                    self.stats.server_errors += 1
                    await asyncio.sleep(backoff(0.8, 20.0, attempt, self.rng))
                    continue
                if lost_answer:  # the answer got lost: the queue sends the same token again
                    lost_answer = False
                    self.stats.retried_sends += 1
                    continue
                self.stats.answer_latencies.append(time.perf_counter() - tapped)
                if status == 200:
                    if kind == "cards":
                        self.stats.acked_posts.add(title)
                    elif not json.loads(data).get("replayed"):
                        self.stats.acked_votes += 1
                elif status == 400:
                    self.stats.refused += 1
                else:
                    self.stats.other_4xx += 1
                break
            self.busy = False

    async def wait_for_ack(self, waiting: asyncio.Future[dict[str, Any]]) -> dict[str, Any]:
        """As live.js: 8 s on a silent socket, up to 30 s while frames keep arriving."""
        sent = time.perf_counter()
        deadline = ACK_WAIT
        while True:
            try:
                return await asyncio.wait_for(asyncio.shield(waiting), deadline)
            except TimeoutError:
                now = time.perf_counter()
                if now - self.last_frame >= ACK_WAIT or now - sent >= ACK_PATIENCE:
                    raise
                deadline = 1.0

    async def send_once(
        self, kind: str, fields: dict[str, str], token: str, body: bytes, headers: dict[str, str]
    ) -> tuple[int, dict[str, str], bytes]:
        """Over the open socket, as live.js does; over HTTP when the socket is closed,
        fails or answers later than ``ACK_WAIT`` (same token: the server acts once)."""
        ws = self.ws
        if ws is not None:
            waiting: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
            self.acks[token] = waiting
            try:
                await ws.send(
                    json.dumps({"action": SOCKET_ACTIONS[kind], "token": token, **fields})
                )
                self.stats.socket_sends += 1
                ack = await self.wait_for_ack(waiting)
            except Exception:
                self.acks.pop(token, None)
            else:
                error = ack.get("error")
                status = {None: 200, "throttled": 429, "not_a_participant": 403}.get(error, 400)
                retry = {"retry-after": str(ack.get("retry_after", 1))}
                return status, retry, json.dumps(ack).encode()
        self.stats.http_sends += 1
        return await self.actions.request("POST", f"/e/{self.code}/{kind}/", body, headers)

    async def close(self) -> None:
        self.closing = True
        if self.gap is not None:
            self.gap.cancel()
        for task in self.tasks:
            task.cancel()
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await self.ws.close()
        await self.actions.close()
        await self.reads.close()


_frames: dict[str | bytes, Any] = {}


def parse_frame(raw: str | bytes) -> Any:
    """The hub sends the same frame to every screen: parse each distinct frame once, so
    the generator spends its CPU on being N phones, not on N copies of one JSON parse.
    (Entries are only read, never changed, by the phones.)"""
    parsed = _frames.get(raw)
    if parsed is None:
        if len(_frames) > 5000:
            _frames.clear()
        parsed = _frames[raw] = json.loads(raw)
    return parsed


def backoff(base: float, cap: float, attempt: int, rng: random.Random) -> float:
    delay = min(cap, base * 2**attempt)
    return delay / 2 + rng.random() * delay / 2


@dataclass
class Scenario:
    burst: int = 0  # phones that post in the same second, a third into the run
    drops: int = 0  # phones that lose their socket for 1-3 s halfway through
    kill: bool = False  # kill the server two thirds in and start it again


async def measure_lag(samples: list[float], stop: asyncio.Event) -> None:
    """How late the load generator's own loop wakes up: a saturated generator shows here
    rather than as a slow server."""
    while not stop.is_set():
        before = time.perf_counter()
        await asyncio.sleep(0.1)
        samples.append(time.perf_counter() - before - 0.1)


async def run_load(
    port: int,
    setup: dict[str, Any],
    args: argparse.Namespace,
    scenario: Scenario,
    seed: int,
    restart: Callable[[], None],
    server_cpu: Callable[[], float],
) -> tuple[Stats, list[Phone], list[float]]:
    stats = Stats()
    rng = random.Random(seed)
    phones = [
        Phone(i, port, setup, stats, random.Random(rng.random()))
        for i in range(len(setup["sessions"]))
    ]
    for i in range(0, len(phones), 50):  # people arrive in waves
        results = await asyncio.gather(*(p.connect() for p in phones[i : i + 50]))
        stats.connected += sum(results)
        stats.connect_errors += len(results) - sum(results)
    listeners = [asyncio.create_task(p.listen()) for p in phones]
    senders = [asyncio.create_task(p.send_actions(args.retry_share)) for p in phones]
    lag: list[float] = []
    stop_lag = asyncio.Event()
    lag_task = asyncio.create_task(measure_lag(lag, stop_lag))
    post_rate, vote_rate = args.posts_per_minute / 60, args.votes_per_minute / 60
    total = post_rate + vote_rate
    begin = time.perf_counter()
    end = begin + args.duration
    stats.cpu_at_load = server_cpu()
    # Every phone's taps as one Poisson stream: a timeline of (time, phone, kind).
    timeline = []
    for phone in phones:
        at = begin + phone.rng.expovariate(total)
        while at < end:
            kind = "post" if phone.rng.random() < post_rate / total else "vote"
            timeline.append((at, phone.index, kind))
            at += phone.rng.expovariate(total)
    if scenario.burst:
        burst_at = begin + args.duration / 3
        timeline += [
            (burst_at + rng.random(), p.index, "burst")
            for p in rng.sample(phones, min(scenario.burst, len(phones)))
        ]
    timeline.sort()
    drop_at = begin + args.duration / 2 if scenario.drops else float("inf")
    kill_at = begin + 2 * args.duration / 3 if scenario.kill else float("inf")
    for counter, (at, index, kind) in enumerate(timeline):
        now = time.perf_counter()
        if now >= drop_at:
            drop_at = float("inf")
            for phone in rng.sample(phones, min(scenario.drops, len(phones))):
                phone.tasks.append(asyncio.ensure_future(phone.drop(1 + 2 * rng.random())))
        if now >= kill_at:
            kill_at = float("inf")
            await asyncio.get_running_loop().run_in_executor(None, restart)
        await asyncio.sleep(max(0.0, at - time.perf_counter()))
        phone = phones[index]
        if kind == "vote" and stats.cards:
            phone.tap_vote()
        else:
            phone.tap_post(f"bench {index}-{counter} {uuid.uuid4().hex[:6]}", kind == "burst")
    # Let every queue drain and every screen settle (bounded).
    settle_until = time.perf_counter() + args.settle
    while time.perf_counter() < settle_until:
        if all(p.queue.empty() and not p.busy and p.ws is not None for p in phones) and not any(
            p.held or p.catching_up for p in phones
        ):  # every action answered, every phone connected again and caught up
            break
        await asyncio.sleep(0.2)
    await asyncio.sleep(3)
    stop_lag.set()
    await lag_task
    for task in senders + listeners:
        task.cancel()
    await close_all(phones)
    return stats, phones, lag


# --- one configuration -------------------------------------------------------------------------


@dataclass
class Row:
    config: str
    people: int
    scenario: str
    p50: float
    p95: float
    p_max: float
    burst_p95: float
    answer_p95: float
    errors: int  # 5xx, connection errors, unexpected 4xx, failed connects, server tracebacks
    error_detail: str
    throttled: int
    lost: int
    duplicated: int
    behind: int  # phones without every entry at the end
    unseen: int  # confirmed cards missing on at least one screen at the end
    catch_ups: int
    out_of_order: int
    lag_p95: float
    lag_max: float
    load_before: float
    load_after: float
    writes_per_s: float
    cpu_ms_per_write: float  # server CPU from its start to the end of the run, per write
    load_cpu_ms_per_write: float  # the same from the first tap on (phones already connected)
    note: str = ""


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run_config(
    label: str,
    people: int,
    env: dict[str, str],
    workers: int,
    args: argparse.Namespace,
    seed: int,
    scenario: Scenario,
) -> Row:
    setup = run_helper(["--_setup", str(people)], env)
    port = free_port()
    logs = [Path(env["QUARTIER_DATA_DIR"]) / f"server-{port}-0.log"]
    holder = {"server": start_server(env, port, workers, logs[0])}

    def restart() -> None:  # a worker killed hard, then started again by systemd
        holder["server"].kill()
        holder["server"].wait(timeout=30)
        logs.append(Path(env["QUARTIER_DATA_DIR"]) / f"server-{port}-{len(logs)}.log")
        holder["server"] = start_server(env, port, workers, logs[-1])

    load_before = os.getloadavg()[0]
    cpu_before = tree_cpu_seconds(holder["server"].pid)
    try:
        stats, phones, lag = asyncio.run(
            asyncio.wait_for(
                run_load(
                    port,
                    setup,
                    args,
                    scenario,
                    seed,
                    restart,
                    lambda: tree_cpu_seconds(holder["server"].pid),
                ),
                timeout=args.duration + args.settle + 200,
            )
        )
        server_cpu = tree_cpu_seconds(holder["server"].pid) - (0.0 if scenario.kill else cpu_before)
        load_cpu = tree_cpu_seconds(holder["server"].pid) - (
            0.0 if scenario.kill else stats.cpu_at_load
        )
        stored = run_helper(["--_verify", str(setup["event"])], env)
    finally:
        stop_server(holder["server"])
    load_after = os.getloadavg()[0]
    tracebacks = sum(log.read_text(errors="replace").count("Traceback") for log in logs)
    if tracebacks:
        print(logs[-1].read_text(errors="replace")[-3000:], file=sys.stderr)
    cards: dict[str, int] = stored["cards"]  # type: ignore[assignment]
    lost = sum(1 for title in stats.acked_posts if title not in cards)
    lost += max(0, stats.acked_votes - int(stored["votes"]))  # type: ignore[call-overload]
    duplicated = sum(n - 1 for title, n in cards.items() if title.startswith("bench ") and n > 1)
    final_seq = int(stored["last_seq"])  # type: ignore[call-overload]
    behind = sum(1 for p in phones if p.last < final_seq)
    unseen = sum(1 for title in stats.acked_posts if stats.seen.get(title, 0) < len(phones))
    errors = (
        stats.server_errors
        + stats.connection_errors
        + stats.other_4xx
        + stats.connect_errors
        + tracebacks
    )
    detail = (
        f"{stats.server_errors} HTTP 5xx, {stats.connection_errors} connection, "
        f"{stats.other_4xx} other 4xx, {stats.connect_errors} socket connects, "
        f"{tracebacks} server tracebacks"
    )
    ms = [v * 1000 for v in stats.latencies]
    answers = [v * 1000 for v in stats.answer_latencies]
    lag_ms = [v * 1000 for v in lag]
    parts = [
        name
        for name, on in (
            (f"burst of {scenario.burst}", scenario.burst),
            (f"{scenario.drops} phones drop", scenario.drops),
            ("server killed and restarted", scenario.kill),
        )
        if on
    ]
    return Row(
        label,
        people,
        ", ".join(parts) or "steady",
        percentile(ms, 0.5),
        percentile(ms, 0.95),
        max(ms, default=float("nan")),
        percentile([v * 1000 for v in stats.burst_latencies], 0.95),
        percentile(answers, 0.95),
        errors,
        detail,
        stats.throttled,
        lost,
        duplicated,
        behind,
        unseen,
        stats.catch_ups,
        stats.out_of_order,
        percentile(lag_ms, 0.95),
        max(lag_ms, default=float("nan")),
        load_before,
        load_after,
        (len(stats.acked_posts) + stats.acked_votes) / args.duration,
        1000 * server_cpu / max(1, len(stats.acked_posts) + stats.acked_votes),
        1000 * load_cpu / max(1, len(stats.acked_posts) + stats.acked_votes),
        f"server CPU {server_cpu:.1f} s; {len(stats.acked_posts)} cards, {stats.acked_votes} dots, "
        f"{stats.retried_sends} resent with the same token, {stats.refused} refused, "
        f"{stats.socket_sends} actions over the socket, {stats.http_sends} over HTTP, "
        f"{stats.reconnects} reconnects",
    )


async def close_all(phones: list[Phone]) -> None:
    await asyncio.gather(*(p.close() for p in phones), return_exceptions=True)


# --- main ---------------------------------------------------------------------------------


def base_env(data_dir: Path) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "SQLITE_PATH")
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "quartier.config.settings",
            "DEBUG": "false",
            "SECRET_KEY": "bench-" + uuid.uuid4().hex,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_HSTS_SECONDS": "0",
            "QUARTIER_DATA_DIR": str(data_dir),
            "STATIC_ROOT": str(data_dir / "static"),
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


def parse_scenarios(text: str) -> list[Scenario]:
    """``steady``, ``burst``, ``drops``, ``kill`` (comma separated)."""
    known = {
        "steady": Scenario(),
        "burst": Scenario(burst=200),
        "drops": Scenario(drops=50),
        "kill": Scenario(kill=True),
    }
    return [known[name.strip()] for name in text.split(",") if name.strip()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="N=50 only, 10 s, steady")
    parser.add_argument("--sizes", default="100,500,1000")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of load per run")
    parser.add_argument("--settle", type=float, default=60.0, help="seconds to wait at the end")
    parser.add_argument("--posts-per-minute", type=float, default=1.0)
    parser.add_argument("--votes-per-minute", type=float, default=1.0)
    parser.add_argument(
        "--retry-share", type=float, default=0.05, help="share of posts whose answer is lost"
    )
    parser.add_argument(
        "--scenarios",
        default="",
        help="extra runs at --scenario-size: burst (200 in one second), drops (50 phones "
        "lose their socket), kill (the server is killed and restarted)",
    )
    parser.add_argument("--scenario-size", type=int, default=500)
    parser.add_argument("--pg-sizes", default="", help="PostgreSQL + Redis sizes (2 workers)")
    parser.add_argument("--skip-pg", action="store_true")
    parser.add_argument(
        "--results", default="event_load", help="name of the results file (without .md)"
    )
    parser.add_argument("--_setup", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--_verify", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    # A thousand phones' sockets in one process: the generator's own full collections
    # would pause every phone at once (and count as server latency).
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
    # The phones' sockets on uvloop (installed with uvicorn[standard], as the server uses
    # it): the generator's own overhead per frame and socket is about halved.
    with contextlib.suppress(ImportError):
        import uvloop

        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    if args._setup is not None:
        print(json.dumps(helper_setup(args._setup)))
        return 0
    if args._verify is not None:
        print(json.dumps(helper_verify(args._verify)))
        return 0

    sizes = [50] if args.quick else [int(x) for x in args.sizes.split(",") if x.strip()]
    pg_sizes = [int(x) for x in args.pg_sizes.split(",") if x.strip()]
    if args.quick:
        args.duration, pg_sizes = min(args.duration, 10.0), []
    args.duration = min(args.duration, MAX_RUN_SECONDS - 150)
    rows: list[Row] = []
    skipped: list[str] = []
    tmp = Path(tempfile.mkdtemp(prefix="quartier-bench-"))
    started_redis = False
    runs = [(people, Scenario()) for people in sizes]
    runs += [(args.scenario_size, s) for s in parse_scenarios(args.scenarios)]
    try:
        for number, (people, scenario) in enumerate(runs):
            env = base_env(tmp)
            env["SQLITE_PATH"] = str(tmp / f"bench-{number}-{people}.sqlite3")
            print(f"sqlite, 1 worker, N={people}, {scenario} ...", flush=True)
            rows.append(
                run_config("SQLite, 1 worker", people, env, 1, args, seed=people, scenario=scenario)
            )
            print(f"  {rows[-1]}", flush=True)
        if not pg_sizes or args.skip_pg:
            skipped.append("PostgreSQL + Redis: not run (no --pg-sizes given)")
        elif not pg_available():
            skipped.append(
                "PostgreSQL + Redis: skipped, no PostgreSQL server answers at "
                + PG_URL.split("@")[-1]
            )
        elif not redis_up() and not shutil.which("redis-server"):
            skipped.append("PostgreSQL + Redis: skipped, redis-server is not installed")
        else:
            if not redis_up():
                subprocess.run(
                    [
                        "redis-server",
                        "--port",
                        str(REDIS_PORT),
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--daemonize",
                        "yes",
                    ],
                    check=True,
                    stdout=subprocess.DEVNULL,
                    timeout=30,
                )
                started_redis = True
                for _ in range(50):
                    if redis_up():
                        break
                    time.sleep(0.1)
            for people in pg_sizes:
                name = f"quartier_bench_{os.getpid()}_{people}"
                env = base_env(tmp)
                env["DATABASE_URL"] = pg_database(name, drop=False)
                env["REDIS_URL"] = REDIS_URL
                print(f"postgresql + redis, 2 workers, N={people} ...", flush=True)
                try:
                    rows.append(
                        run_config(
                            "PostgreSQL + Redis, 2 workers",
                            people,
                            env,
                            2,
                            args,
                            seed=people,
                            scenario=Scenario(),
                        )
                    )
                    print(f"  {rows[-1]}", flush=True)
                finally:
                    pg_database(name, drop=True)
    finally:
        if started_redis:
            subprocess.run(
                ["redis-cli", "-p", str(REDIS_PORT), "shutdown", "nosave"],
                check=False,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=30,
            )
        shutil.rmtree(tmp, ignore_errors=True)
    report = render(rows, skipped, args)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / f"{args.results}.md").write_text(report)
    print(report)
    return 0


def fmt(value: float) -> str:
    return "–" if value != value else f"{value:.0f}"  # NaN: nothing measured


def render(rows: list[Row], skipped: list[str], args: argparse.Namespace) -> str:
    title = "# Live event room under load"
    if args.results != "event_load":
        title += f" ({args.results.replace('_', ' ')})"
    lines = [
        title,
        "",
        f"- date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
        f"- machine: {platform.machine()}, {os.cpu_count()} cores, shared with the load generator "
        "and with other jobs (see the load average before and after each run), "
        f"Python {platform.python_version()}",
        "- protocol: exactly what `live.js` does — each phone holds a websocket for entries "
        "(applied in `seq` order, a jittered gap timer cancelled when the gap fills, HTTP "
        "catch-up that retries until complete) and sends its actions over that socket with "
        "client tokens (as the HTTP form post with the same token when the socket is closed "
        f"or its answer takes longer than {ACK_WAIT:g} s on a silent socket, "
        f"{ACK_PATIENCE:g} s while frames arrive), in order, retried on network errors, "
        "5xx and 429",
        f"- load: every phone posts {args.posts_per_minute:g} card(s) and places "
        f"{args.votes_per_minute:g} dot(s) per minute (Poisson) for {args.duration:g} s; "
        f"for {args.retry_share:.0%} of posts the answer is lost and the same token is sent "
        "again",
        "- post-to-screen: from the tap to the card being applied on each of the N screens; "
        "answered: from the tap to the server's confirmation",
        "- server CPU per write: user + system CPU of the server (all workers) from the "
        "moment it answers until the end of the run (joining sockets, load, catch-up), "
        "divided by the confirmed writes, and the same from the first tap on (the phones "
        "are connected by then: writes, fan-out, catch-ups); it depends far less on how busy "
        "the machine is than the latencies do",
        "- generator lag: how late the load generator's own event loop woke up (p95/max); "
        "a large lag means the generator, not the server, was saturated",
        f"- targets: post-to-screen p95 ≤ {TARGET_P95_MS} ms, 0 errors, 0 lost, 0 duplicated, "
        "every phone with every entry at the end",
        "",
        "| configuration | N | scenario | post-to-screen p50 / p95 / max (ms) | burst p95 (ms) "
        "| answered p95 (ms) | errors | 429 | lost | duplicated | phones behind | cards unseen "
        "| catch-ups | out-of-order | generator lag p95 / max (ms) | load avg before → after "
        "| writes/s | server CPU ms per write (whole run / from the first tap) | detail |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r.config} | {r.people} | {r.scenario} | {fmt(r.p50)} / {fmt(r.p95)} / "
            f"{fmt(r.p_max)} | {fmt(r.burst_p95)} | {fmt(r.answer_p95)} | {r.errors} "
            f"| {r.throttled} | {r.lost} | {r.duplicated} | {r.behind} | {r.unseen} "
            f"| {r.catch_ups} | {r.out_of_order} | {fmt(r.lag_p95)} / {fmt(r.lag_max)} "
            f"| {r.load_before:.1f} → {r.load_after:.1f} | {r.writes_per_s:.1f} "
            f"| {r.cpu_ms_per_write:.1f} / {r.load_cpu_ms_per_write:.1f} "
            f"| {r.note}; {r.error_detail} |"
        )
    lines += ["", *[f"- {line}" for line in skipped]] if skipped else []
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    signal.signal(
        signal.SIGTERM, lambda *_: sys.exit(1)
    )  # run the clean-up (servers, databases, Redis)
    sys.exit(main())
