"""Load test of the live event room: N phones on one event, posting and voting.

    .venv/bin/python benchmarks/bench_event_load.py [--quick] [--sizes 100,500,1000]
        [--duration 20] [--posts-per-minute 1] [--votes-per-minute 1] [--retry-share 0.05]

For each configuration the script starts the server exactly as ``quartier serve`` does (a
subprocess on a free 127.0.0.1 port, its own fresh SQLite file or PostgreSQL database),
creates an event with N joined participants through the Django ORM (in a helper
subprocess with the same environment), and holds N websocket clients connected. Each
client posts cards and places votes over its socket at random (Poisson) times; a share of
posts is sent twice with the same client token, as a phone does after a network drop.

Measured
- post-to-screen latency: from sending a card to its arrival on every connected screen
  (all N clients, sender included), p50/p95/max;
- throughput: acknowledged writes per second and delivered screen updates per second;
- errors: refused actions, failed connections, screens that never saw an acknowledged card;
- lost writes: acknowledged cards/votes missing from the database; duplicated writes:
  cards stored more than once (the retried sends must not create any).

Configurations: SQLite with one worker; PostgreSQL + Redis with two workers (skipped
cleanly when the PostgreSQL server is unreachable). Redis is started on port 63799 if
nothing answers there, and stopped again afterwards. Only 127.0.0.1 is contacted and
every loop is bounded in count and time. Results go to benchmarks/results/event_load.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "event_load.md"
BIN = Path(sys.executable).parent
PG_URL = os.environ.get(
    "QUARTIER_BENCH_PG", "postgres://quartier:quartier@127.0.0.1:54329/quartier"
)
REDIS_PORT = 63799
REDIS_URL = f"redis://127.0.0.1:{REDIS_PORT}/7"
SEQ = re.compile(r'"seq":(\d+)')
TARGET_P95_MS = 500
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

    from quartier.wall.models import Card, Vote

    titles = Card.objects.filter(event_id=event_id).values("title").annotate(n=Count("pk"))
    return {
        "cards": {row["title"]: row["n"] for row in titles},
        "votes": Vote.objects.filter(card__event_id=event_id).count(),
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
    server = subprocess.Popen(
        [
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


def stop_server(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)


# --- the load --------------------------------------------------------------------------------


@dataclass
class Stats:
    sent_at: dict[str, float] = field(default_factory=dict)  # card title -> send time
    seen: dict[str, int] = field(default_factory=dict)  # card title -> screens that showed it
    latencies: list[float] = field(default_factory=list)
    ack_latencies: list[float] = field(default_factory=list)  # send -> the server's answer
    acked_posts: set[str] = field(default_factory=set)
    acked_votes: int = 0
    retries: int = 0
    refused: int = 0
    connected: int = 0
    connect_errors: int = 0
    socket_errors: int = 0
    deliveries: int = 0
    catch_ups: int = 0
    socket_error_kinds: set[str] = field(default_factory=set)
    cards: list[int] = field(default_factory=list)


@dataclass
class Clock:
    go: asyncio.Event
    stop_at: float = float("inf")


async def client(
    index: int,
    url: str,
    origin: str,
    session: str,
    categories: list[int],
    start_seq: int,
    stats: Stats,
    clock: Clock,
    rates: tuple[float, float],
    retry_share: float,
    rng: random.Random,
) -> None:
    from websockets.asyncio.client import connect

    try:
        ws = await connect(
            url,
            origin=origin,
            additional_headers={"Cookie": f"sessionid={session}"},
            open_timeout=60,
            ping_interval=None,
            max_queue=None,
        )
    except Exception:
        stats.connect_errors += 1
        return
    stats.connected += 1
    tokens: dict[str, str] = {}  # token -> card title (posts only)
    sent: dict[str, float] = {}  # token -> first send time

    # Like the page script: apply entries in sequence order and ask for the missing ones
    # when a gap stays open (a dropped or overflowing fan-out), so "on screen" means what
    # a phone would show.
    last = start_seq
    pending: set[int] = set()
    catch_up: list[asyncio.TimerHandle] = []
    in_flight: set[asyncio.Future[None]] = set()

    def request_catch_up() -> None:
        catch_up.clear()
        if pending:
            stats.catch_ups += 1
            task = asyncio.ensure_future(ws.send(json.dumps({"action": "catchup", "after": last})))
            in_flight.add(task)
            task.add_done_callback(in_flight.discard)

    async def read() -> None:
        nonlocal last
        async for raw in ws:
            now = time.perf_counter()
            text = raw if isinstance(raw, str) else raw.decode()
            if text.startswith('{"ack"'):
                ack = json.loads(text)
                if ack["ack"] in sent:
                    stats.ack_latencies.append(now - sent.pop(ack["ack"]))
                if "error" in ack:
                    stats.refused += 1
                elif ack["ack"] in tokens:
                    stats.acked_posts.add(tokens[ack["ack"]])
                elif not ack.get("replayed"):
                    stats.acked_votes += 1
                continue
            fresh = {int(n) for n in SEQ.findall(text)} - pending
            fresh = {n for n in fresh if n > last}
            stats.deliveries += len(fresh)
            pending.update(fresh)
            while last + 1 in pending:
                pending.discard(last + 1)
                last += 1
            if pending and not catch_up:
                catch_up.append(asyncio.get_running_loop().call_later(0.4, request_catch_up))
            if not fresh or '"kind":"card"' not in text:
                continue  # tallies and other entries: counted, not needed
            parsed = json.loads(text)
            for entry in parsed if isinstance(parsed, list) else [parsed]:
                if entry.get("kind") != "card" or entry["seq"] not in fresh:
                    continue
                data = entry["data"]
                title = data.get("title", "")
                if title in stats.sent_at:
                    stats.latencies.append(now - stats.sent_at[title])
                    stats.seen[title] = stats.seen.get(title, 0) + 1
                    if stats.seen[title] == 1:  # first screen to show it: now it can get votes
                        stats.cards.append(data["id"])

    reader = asyncio.create_task(read())
    post_rate, vote_rate = rates
    total = post_rate + vote_rate
    try:
        await clock.go.wait()
        for count in range(100_000):  # bounded; the clock ends it long before
            wake = time.perf_counter() + rng.expovariate(total)
            await asyncio.sleep(max(0.0, min(wake, clock.stop_at) - time.perf_counter()))
            if time.perf_counter() >= clock.stop_at:
                break
            token = str(uuid.uuid4())
            sent[token] = time.perf_counter()
            if rng.random() < post_rate / total or not stats.cards:
                title = f"bench {index}-{count} {uuid.uuid4().hex[:6]}"
                tokens[token] = title
                message = json.dumps(
                    {
                        "action": "post",
                        "token": token,
                        "title": title,
                        "category": rng.choice(categories),
                    }
                )
                stats.sent_at[title] = time.perf_counter()
                await ws.send(message)
                if rng.random() < retry_share:  # the phone missed the answer and sends again
                    stats.retries += 1
                    await asyncio.sleep(0.05)
                    await ws.send(message)
            else:
                await ws.send(
                    json.dumps({"action": "vote", "token": token, "card": rng.choice(stats.cards)})
                )
        await asyncio.sleep(
            max(0.0, clock.stop_at + 5 - time.perf_counter())
        )  # let the last cards arrive
    except Exception as exc:
        stats.socket_errors += 1
        stats.socket_error_kinds.add(type(exc).__name__)
    finally:
        reader.cancel()
        with contextlib.suppress(Exception):
            await ws.close()


async def run_load(
    port: int,
    setup: dict[str, object],
    duration: float,
    rates: tuple[float, float],
    retry_share: float,
    seed: int,
) -> tuple[Stats, float]:
    stats = Stats()
    clock = Clock(go=asyncio.Event())
    sessions = list(setup["sessions"])  # type: ignore[call-overload]
    categories = list(setup["categories"])  # type: ignore[call-overload]
    url = f"ws://127.0.0.1:{port}/ws/events/{setup['code']}/?after={setup['seq']}"
    origin = f"http://127.0.0.1:{port}"
    rng = random.Random(seed)
    tasks = []
    for i, session in enumerate(sessions):  # people arrive in waves
        tasks.append(
            asyncio.create_task(
                client(
                    i,
                    url,
                    origin,
                    session,
                    categories,
                    int(setup["seq"]),  # type: ignore[call-overload]
                    stats,
                    clock,
                    rates,
                    retry_share,
                    random.Random(rng.random()),
                )
            )
        )
        if i % 50 == 49:
            await asyncio.sleep(0.25)
    for _ in range(600):  # wait (at most 60 s) until everyone is connected or has failed
        if stats.connected + stats.connect_errors >= len(sessions):
            break
        await asyncio.sleep(0.1)
    await asyncio.sleep(1)
    begin = time.perf_counter()
    clock.stop_at = begin + duration
    clock.go.set()
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=duration + 120)
    return stats, duration


# --- one configuration -------------------------------------------------------------------------


@dataclass
class Row:
    config: str
    people: int
    p50: float
    p95: float
    p_max: float
    ack_p95: float
    load: float  # the machine's 1-minute load average after the run (2 cores: 2.0 is full)
    writes_per_s: float
    updates_per_s: float
    errors: str
    lost: int
    duplicated: int
    note: str = ""


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run_config(
    label: str, people: int, env: dict[str, str], workers: int, args: argparse.Namespace, seed: int
) -> Row:
    setup = run_helper(["--_setup", str(people)], env)
    port = free_port()
    log = Path(env["QUARTIER_DATA_DIR"]) / f"server-{port}.log"
    server = start_server(env, port, workers, log)
    try:
        rates = (args.posts_per_minute / 60, args.votes_per_minute / 60)
        stats, seconds = asyncio.run(
            run_load(port, setup, args.duration, rates, args.retry_share, seed)
        )
    finally:
        stop_server(server)
    server_log = log.read_text(errors="replace")
    server_errors = server_log.count("Traceback")
    if server_errors:
        print(server_log[-3000:], file=sys.stderr)
    stored = run_helper(["--_verify", str(setup["event"])], env)
    cards: dict[str, int] = stored["cards"]  # type: ignore[assignment]
    lost = sum(1 for title in stats.acked_posts if title not in cards)
    lost += max(0, stats.acked_votes - int(stored["votes"]))  # type: ignore[call-overload]
    duplicated = sum(n - 1 for title, n in cards.items() if title.startswith("bench ") and n > 1)
    screens = stats.connected
    unseen = sum(1 for title in stats.acked_posts if stats.seen.get(title, 0) < screens)
    writes = len(stats.acked_posts) + stats.acked_votes
    errors = (
        f"{stats.refused} refused, {stats.connect_errors} connect, {stats.socket_errors} socket, "
        f"{server_errors} server, "
        f"{unseen} cards not on every screen, {stats.catch_ups} catch-ups"
        + (f" ({', '.join(sorted(stats.socket_error_kinds))})" if stats.socket_error_kinds else "")
    )
    ms = [v * 1000 for v in stats.latencies]
    note = (
        f"{len(stats.acked_posts)} cards, {stats.acked_votes} votes, {stats.retries} retried sends"
    )
    acks = [v * 1000 for v in stats.ack_latencies]
    return Row(
        label,
        people,
        percentile(ms, 0.5),
        percentile(ms, 0.95),
        max(ms, default=float("nan")),
        percentile(acks, 0.95),
        os.getloadavg()[0],
        writes / seconds,
        stats.deliveries / seconds,
        errors,
        lost,
        duplicated,
        note,
    )


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
            "DB_CONN_MAX_AGE": "60",
        }
    )
    return env


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="N=50 only, 10 s per configuration")
    parser.add_argument("--sizes", default="100,500,1000")
    parser.add_argument(
        "--duration", type=float, default=20.0, help="seconds of load per configuration"
    )
    parser.add_argument(
        "--posts-per-minute", type=float, default=1.0, help="cards per participant per minute"
    )
    parser.add_argument(
        "--votes-per-minute", type=float, default=1.0, help="votes per participant per minute"
    )
    parser.add_argument(
        "--retry-share", type=float, default=0.05, help="share of posts sent twice (same token)"
    )
    parser.add_argument("--skip-pg", action="store_true")
    parser.add_argument("--_setup", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--_verify", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args._setup is not None:
        print(json.dumps(helper_setup(args._setup)))
        return 0
    if args._verify is not None:
        print(json.dumps(helper_verify(args._verify)))
        return 0

    sizes = [50] if args.quick else [int(x) for x in args.sizes.split(",") if x.strip()]
    if args.quick:
        args.duration = min(args.duration, 10.0)
    args.duration = min(args.duration, MAX_RUN_SECONDS - 150)
    rows: list[Row] = []
    skipped: list[str] = []
    tmp = Path(tempfile.mkdtemp(prefix="quartier-bench-"))
    started_redis = False
    try:
        for people in sizes:
            env = base_env(tmp)
            env["SQLITE_PATH"] = str(tmp / f"bench-{people}.sqlite3")
            print(f"sqlite, 1 worker, N={people} ...", flush=True)
            rows.append(run_config("SQLite, 1 worker", people, env, 1, args, seed=people))
            print(f"  {rows[-1]}", flush=True)
        if args.skip_pg:
            skipped.append("PostgreSQL + Redis: skipped (--skip-pg)")
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
            for people in sizes:
                name = f"quartier_bench_{os.getpid()}_{people}"
                env = base_env(tmp)
                env["DATABASE_URL"] = pg_database(name, drop=False)
                env["REDIS_URL"] = REDIS_URL
                print(f"postgresql + redis, 2 workers, N={people} ...", flush=True)
                try:
                    rows.append(
                        run_config(
                            "PostgreSQL + Redis, 2 workers", people, env, 2, args, seed=people
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
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(report)
    print(report)
    return 0


def render(rows: list[Row], skipped: list[str], args: argparse.Namespace) -> str:
    lines = [
        "# Live event room under load",
        "",
        f"- date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
        f"- machine: {platform.machine()}, {os.cpu_count()} cores, shared with the load generator "
        "(and with whatever else runs), "
        f"Python {platform.python_version()}",
        f"- load: every participant posts {args.posts_per_minute:g} card(s) and places "
        f"{args.votes_per_minute:g} vote(s) per minute (Poisson), {args.duration:g} s; "
        f"{args.retry_share:.0%} of posts are sent twice with the same client token",
        "- post-to-screen: from sending a card over one socket to its arrival on each of the N "
        "screens; write answered: from sending a card or vote to the server's acknowledgement "
        "(database committed)",
        f"- target: 500 participants with p95 ≤ {TARGET_P95_MS} ms, no lost or duplicated writes",
        "",
        "| configuration | N | post-to-screen p50 (ms) | p95 (ms) | max (ms) "
        "| write answered p95 (ms) | load avg | "
        "writes/s | screen updates/s | errors | lost | duplicated | writes |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r.config} | {r.people} | {r.p50:.0f} | {r.p95:.0f} | {r.p_max:.0f} "
            f"| {r.ack_p95:.0f} | {r.load:.1f} | "
            f"{r.writes_per_s:.1f} | "
            f"{r.updates_per_s:.0f} | {r.errors} | {r.lost} | {r.duplicated} | {r.note} |"
        )
    lines += ["", *[f"- {line}" for line in skipped]] if skipped else []
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    signal.signal(
        signal.SIGTERM, lambda *_: sys.exit(1)
    )  # run the clean-up (servers, databases, Redis)
    sys.exit(main())
