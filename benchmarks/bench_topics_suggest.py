"""Latency of the wall's "similar cards" hint at 700 and 5,000 cards.

    .venv/bin/python benchmarks/bench_topics_suggest.py [--data ../shared/data] [--sizes 700,5000]

Drives the request the participant's phone makes while typing (GET /e/<code>/suggest
?title=...&text=, the post form's fields) through Django's test client against a fresh SQLite database, with cards
shaped like real ones: the Tempelhofer Feld proposals (title + description), repeated to
reach the size (or synthetic titles when the data folder is absent). Card vectors are
stored as the app stores them; a text that repeats reuses its computed vector so the set-up
stays short, which does not change the query's work (every stored row is scored).

Measured per size: the first request (loads the wall's vectors into the process), then
p50/p95 of 120 warm requests (the typed titles, edited proposal titles, in turn), the database
queries of one request, the first request after each of 5 cards posted through the wall's
service (reads only what changed), next to the previous lexical engine scoring the same
cards in the same process (the baseline).
Writes benchmarks/results/topics_suggest.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "topics_suggest.md"
DEFAULT_DATA = ROOT.parent / "shared" / "data"
TARGET_MS = 50
WARM = 120


def proposals(data: Path) -> list[tuple[str, str]]:
    path = data / "proposals-thf" / "tempelhofer-feld-2015.json"
    if path.exists():
        raw = json.loads(path.read_text())["instance"]["tempelhofer-feld"]["proposals"]
        return [
            ((p["title"] or "").strip()[:120], (p["description"] or "").strip()[:1000])
            for _, p in sorted(raw.items(), key=lambda kv: int(kv[0]))
            if (p["title"] or "").strip()
        ]
    things = ["Bänke", "Radweg", "Spielplatz", "Bäume", "Toiletten", "Beleuchtung", "Café"]
    places = ["am Kanal", "im Park", "an der Schule", "am Markt", "in der Lindenstraße"]
    return [(f"{t} {p}", f"Wir wünschen uns {t} {p}.") for t in things for p in places]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--sizes", default="700,5000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    tmp = Path(tempfile.mkdtemp(prefix="quartier-bench-topics-"))
    os.environ.pop("DATABASE_URL", None)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "quartier.config.settings",
            "QUARTIER_DATA_DIR": str(tmp),
            "SECRET_KEY": "bench-" + uuid.uuid4().hex,
            "DEBUG": "false",
            "ALLOWED_HOSTS": "testserver",
            "SECURE_SSL_REDIRECT": "false",
            "LOG_LEVEL": "WARNING",
        }
    )
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from quartier.accounts.services import user_create
    from quartier.engine.topics import Candidate, similar
    from quartier.engine.topics.polarity import direction
    from quartier.events.models import Event
    from quartier.events.services import event_create, participant_join
    from quartier.organisations.services import organisation_create
    from quartier.processes.services import process_create
    from quartier.topics.adapters import embedder, source_hash, to_bytes
    from quartier.topics.models import CardVector
    from quartier.topics.selectors import card_index
    from quartier.topics.services import wall_version_bump
    from quartier.wall.models import Card
    from quartier.wall.services import card_post

    call_command("migrate", verbosity=0)
    user = user_create(email="bench@example.org", full_name="Bench", password="bench-pass-123")
    organisation = organisation_create(name="Bench e.V.", creator=user)
    process = process_create(organisation=organisation, actor=user, title="Bench")
    base = proposals(args.data)
    model = embedder()
    start = time.perf_counter()
    rows = model.embed(base)
    embed_seconds = time.perf_counter() - start
    typed = [title[: max(4, len(title) - 2)].lower() for title, _ in base[::9]][:40]

    lines = []
    for size in sizes:
        event = event_create(
            process=process,
            actor=user,
            format_key="open_space",
            title=f"Bench {size}",
            starts_at=timezone.now(),
        )
        category = event.categories.first()
        cards = Card.objects.bulk_create(
            Card(
                event=event,
                category=category,
                title=base[i % len(base)][0],
                text=base[i % len(base)][1],
            )
            for i in range(size)
        )
        CardVector.objects.bulk_create(
            CardVector(
                card=card,
                event=event,
                model=model.name,
                source=source_hash(card.title, card.text),
                direction=direction(card.title),
                vector=to_bytes(rows[i % len(base)]),
            )
            for i, card in enumerate(cards)
        )
        wall_version_bump(event_id=event.pk)  # as posting a card does (bulk_create does not)
        Event.objects.filter(pk=event.pk).update(phase="wall")
        client = Client()
        participant = participant_join(event=event, display_name="Bench", token=str(uuid.uuid4()))
        session = client.session
        from quartier.events.selectors import SESSION_KEY

        session[SESSION_KEY] = {str(event.pk): participant.pk}
        session.save()
        url = reverse("events:suggest", args=[event.join_code])

        def request(title: str, client: Client = client, url: str = url) -> float:
            began = time.perf_counter()
            response = client.get(url, {"title": title, "text": ""})
            assert response.status_code == 200, response.status_code
            return (time.perf_counter() - began) * 1000

        cold = request(typed[0])
        warm = [request(typed[i % len(typed)]) for i in range(WARM)]
        queries: list[str] = []

        def count(execute, sql, params, many, context, queries=queries):  # type: ignore[no-untyped-def]
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            request(typed[1])
        after_post = []
        for i in range(5):
            card_post(
                event=event,
                participant=participant,
                title=f"Neue Karte {i} {base[i][0]}"[:120],
                text=base[i][1],
                category_id=category.pk,
                token=uuid.uuid4(),
            )
            after_post.append(request(typed[2 + i]))
        index = card_index(event=event)
        engine = []
        for t in typed:
            began = time.perf_counter()
            index.suggest(t, limit=9)
            engine.append((time.perf_counter() - began) * 1000)
        candidates = [Candidate(str(c.pk), f"{c.title} {c.text}") for c in cards]
        baseline = []
        for t in typed[:5]:
            began = time.perf_counter()
            similar(t, candidates)
            baseline.append((time.perf_counter() - began) * 1000)
        p50 = statistics.median(warm)
        p95 = sorted(warm)[int(0.95 * (len(warm) - 1))]
        load = os.getloadavg()[0]
        lines.append(
            f"| {size} | {cold:.0f} | {p50:.1f} | {p95:.1f} | {'yes' if p95 <= TARGET_MS else 'no'} "
            f"| {len(queries)} | {statistics.median(after_post):.1f} "
            f"| {statistics.median(engine):.1f} | {sorted(engine)[int(0.95 * (len(engine) - 1))]:.1f} "
            f"| {statistics.median(baseline):.0f} | {statistics.median(baseline) / p50:.0f}× "
            f"| {load:.2f} |"
        )
        print(lines[-1], flush=True)

    out = [
        "# Wall suggestions: latency of the similar-cards request",
        "",
        f"Python {platform.python_version()}, {model.name}, SQLite, Django test client; "
        f"embedding the {len(base)} distinct cards took {embed_seconds:.1f} s "
        f"({embed_seconds / len(base) * 1000:.0f} ms per card, paid once when a card is posted).",
        "",
        f"| cards | first request ms | p50 ms | p95 ms | p95 ≤ {TARGET_MS} ms | queries "
        "| after a new card ms (p50) | engine p50 ms "
        "| engine p95 ms | previous lexical engine ms (p50, same cards) | speed-up | load average |",
        "|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|",
        *lines,
        "",
        "The request includes the session and participant look-up, one read of the wall's "
        "version (the process keeps the visible cards' vectors as one float32 matrix), "
        "encoding the typed title with the sentence encoder, scoring every card by one "
        "matrix-vector product, reading the (at most 3) cards found and rendering the "
        "fragment. 'After a new card' is the first request after a card was posted through "
        "the wall's service: it reads the visible cards' ids and the new card's vector. Engine = encoding the typed title and scoring "
        "every stored row (CardIndex.suggest), in the same process. The speed-up compares "
        "the previous engine with the whole request.",
    ]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(out) + "\n")
    print("wrote benchmarks/results/topics_suggest.md")


if __name__ == "__main__":
    main()
