"""Server render time of the moderator console with a big wall (300 cards).

    .venv/bin/python benchmarks/bench_console.py [--cards 300] [--repeat 7]

Builds a throw-away SQLite database with one event: ``--cards`` cards with titles shaped
like real ones (German wishes × places, some near-duplicates), 120 participants and
their dots. Then it requests, as the logged-in moderator, exactly what the console page
requests: the console itself (which the page also re-fetches to refresh its live
regions), a card's tools when opened, the merge picker's search and the similar-card
groups. Each request runs ``--repeat`` times; the median and the maximum are reported
with the page size, the number of <option> elements and the machine's load average.
Target: the console renders in under 1 s. Results go to benchmarks/results/console.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "console.md"
TARGET_MS = 1000
WISHES = [
    "Mehr Bänke am",
    "Sichere Radwege zur",
    "Nachbarschaftshilfe rund um den",
    "Überdachte Haltestelle am",
    "Repair-Café in der Nähe vom",
    "Begegnungsfest am",
    "Sprachkurse nahe der",
    "Trinkbrunnen am",
    "Tempo 30 vor der",
    "Mülleimer am",
]
PLACES = [
    "Marktplatz",
    "Grundschule",
    "Bahnhof",
    "Bibliothek",
    "Lindenstraße",
    "Park",
    "Kita Sonnenschein",
    "Jugendhaus",
    "Rathaus",
    "Friedhof",
    "Spielplatz Ost",
    "Sportplatz",
    "Seniorenheim",
    "Gemeindesaal",
    "Hinterhof 12",
    "Uferweg",
    "Wochenmarkt",
    "Busbahnhof",
    "Stadtteilzentrum",
    "Freibad",
    "Ärztehaus",
    "Kirchplatz",
    "Skatepark",
    "Kleingärten",
    "Gewerbehof",
    "Südring",
    "Nordpark",
    "Schulhof",
    "Mensa",
    "Sporthalle",
]


DATA = Path(tempfile.mkdtemp(prefix="quartier-bench-console-"))


def setup(cards: int) -> tuple[object, str, str, int]:
    data = DATA
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "quartier.config.settings",
            "QUARTIER_DATA_DIR": str(data),
            "SQLITE_PATH": str(data / "bench.sqlite3"),
            "DEBUG": "false",
            "SECRET_KEY": "bench-" + uuid.uuid4().hex,
            "ALLOWED_HOSTS": "testserver",
            "SECURE_SSL_REDIRECT": "false",
            "LOG_LEVEL": "ERROR",
            "STATIC_ROOT": str(data / "static"),
        }
    )
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from quartier.accounts.services import user_create
    from quartier.events.models import Participant
    from quartier.events.services import event_create, event_set_phase
    from quartier.organisations.services import organisation_create
    from quartier.processes.services import process_create
    from quartier.wall.models import Card, Vote, Voting
    from quartier.wall.services import voting_open

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # as deployed (hashed names)
    user = user_create(email="bench@example.org", full_name="Bench", password="bench-password-123")
    organisation = organisation_create(name="Bench e.V.", creator=user)
    process = process_create(organisation=organisation, actor=user, title="Konsole")
    event = event_create(
        process=process,
        actor=user,
        format_key="open_space",
        title="Konsole",
        starts_at=timezone.now(),
    )
    event_set_phase(event=event, actor=user, phase="voting")
    voting_open(event=event, actor=user)
    rng = random.Random(3)
    categories = list(event.categories.all())
    titles = [f"{w} {p}" for w, p in itertools.product(WISHES, PLACES)]
    rng.shuffle(titles)
    Card.objects.bulk_create(
        Card(event=event, category=rng.choice(categories), title=titles[i % len(titles)])
        for i in range(cards)
    )
    people = Participant.objects.bulk_create(
        Participant(event=event, display_name=f"P{i}") for i in range(120)
    )
    all_cards = list(Card.objects.filter(event=event))
    voting = Voting.objects.get(event=event)
    Vote.objects.bulk_create(
        Vote(voting=voting, card=rng.choice(all_cards), participant=p, dot=d)
        for p in people
        for d in range(1, 6)
    )
    client = Client()
    client.force_login(user)
    return client, event.get_absolute_url(), organisation.slug, event.pk


def timed(client: object, url: str, repeat: int, **headers: str) -> tuple[float, float, bytes]:
    times, body = [], b""
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url, **headers)  # type: ignore[attr-defined]
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        body = response.content
    return statistics.median(times), max(times), body


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cards", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    client, console_url, org, event_id = setup(args.cards)
    from django.urls import reverse

    from quartier.wall.models import Card

    card = Card.objects.filter(event_id=event_id).first()
    assert card is not None
    load_before = os.getloadavg()[0]
    hx = {"HTTP_HX_REQUEST": "true"}
    rows = [
        ("console page", *timed(client, console_url, args.repeat)),
        (
            "a card's tools (opened)",
            *timed(
                client, reverse("wall:card_tools", args=[org, event_id, card.pk]), args.repeat, **hx
            ),
        ),
        (
            "merge picker search",
            *timed(
                client,
                reverse("wall:merge_candidates", args=[org, event_id, card.pk]) + "?q=Radwege",
                args.repeat,
                **hx,
            ),
        ),
        (
            "similar-card groups",
            *timed(client, reverse("wall:similar_groups", args=[org, event_id]), args.repeat, **hx),
        ),
    ]
    load_after = os.getloadavg()[0]
    lines = [
        "# Moderator console with a big wall",
        "",
        f"- date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; machine: {platform.machine()}, "
        f"{os.cpu_count()} cores shared with other jobs; load average {load_before:.1f} before, "
        f"{load_after:.1f} after",
        f"- wall: {args.cards} cards, 120 participants with 5 dots each; SQLite; "
        f"{args.repeat} requests each, server time through Django's test client "
        "(the same requests the console page makes)",
        f"- target: the console renders in under {TARGET_MS} ms",
        "",
        "| request | median (ms) | max (ms) | size (KB) | `<option>` elements |",
        "|---|---|---|---|---|",
    ]
    for name, median, worst, body in rows:
        lines.append(
            f"| {name} | {median:.0f} | {worst:.0f} | {len(body) / 1024:.0f} "
            f"| {body.count(b'<option')} |"
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        shutil.rmtree(DATA, ignore_errors=True)
