"""Lottery fixtures: a process with an event, a lottery with two municipalities and
small synthetic office extracts (generated, never real people)."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone
from PIL import Image

EVENT_DAY = 40  # days from today


def signature_png() -> bytes:
    image = Image.new("RGB", (240, 80), "white")
    for x in range(20, 220):
        image.putpixel((x, 40 + (x % 17) - 8), (20, 20, 120))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def data_dir(settings: Any, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path / "data"
    settings.SITE_URL = "https://quartier.example"
    return settings.DATA_DIR


@pytest.fixture
def extract_csv(tmp_path: Path) -> Any:
    from quartier.lottery.sample_register import office_extract, write_office_csv

    def make(
        size: int = 300, *, seed: int = 1, town: str = "Elsenfeld", postcode: str = "63820"
    ) -> Path:
        reference = timezone.localdate() + timedelta(days=EVENT_DAY)
        frame = office_extract(size, seed=seed, town=town, postcode=postcode, reference=reference)
        path = tmp_path / f"{town}-{seed}.csv"
        write_office_csv(frame, path)
        return path

    return make


@pytest.fixture
def lottery_world(organisation: Any, admin: Any, process: Any, make_member: Any) -> SimpleNamespace:
    from quartier.events.services import event_create
    from quartier.lottery.services.setup import lottery_create, municipality_save

    organizer = make_member(organisation, "organizer", email="orga@example.org", name="Olga Orga")
    moderator = make_member(organisation, "moderator", email="mod@example.org", name="Mo Moderat")
    today = timezone.localdate()
    event = event_create(
        process=process,
        actor=organizer,
        format_key="open_space",
        title="Open-Sozial im Bürgerzentrum",
        starts_at=timezone.now() + timedelta(days=EVENT_DAY),
        place="Bürgerzentrum Elsenfeld",
    )
    lottery = lottery_create(
        process=process,
        actor=organizer,
        title="Open-Sozial Los",
        event=event,
        letters_count=60,
        panel_size=8,
        event_date=today + timedelta(days=EVENT_DAY),
        registration_deadline=today + timedelta(days=20),
        place="Bürgerzentrum Elsenfeld",
        strata=["register", "age_band", "sex"],
        quota_categories=["register", "sex"],
    )
    towns = {}
    for name in ("Elsenfeld", "Erlenbach"):
        towns[name] = municipality_save(
            lottery=lottery,
            actor=organizer,
            name=name,
            population=9000,
            letterhead=f"Markt {name}\nRathaus, Marktplatz 1",
            sender_line=f"Markt {name} · Marktplatz 1",
            signer_name=f"Erika {name[:3]}mann",
            signer_role="Erste Bürgermeisterin",
            signature=signature_png(),
            signature_type="image/png",
        )
    return SimpleNamespace(
        organisation=organisation,
        process=process,
        event=event,
        lottery=lottery,
        organizer=organizer,
        moderator=moderator,
        admin=admin,
        towns=towns,
        today=today,
    )


def import_extract(world: SimpleNamespace, path: Path, town: str, kind: str = "register") -> Any:
    from quartier.lottery.services.extracts import extract_import_start, extract_upload

    with path.open("rb") as handle:
        extract = extract_upload(
            lottery=world.lottery,
            municipality=world.towns[town],
            actor=world.organizer,
            filename=path.name,
            chunks=[handle.read()],
            kind=kind,
        )
    extract_import_start(extract=extract, actor=world.organizer)
    extract.refresh_from_db()
    return extract


def register_people(world: SimpleNamespace, count: int) -> list[Any]:
    """Reply to the first ``count`` letters, reporting the register's values."""
    from quartier.lottery.services.registration import registration_submit

    out = []
    for letter in world.lottery.letters.order_by("number")[:count]:
        features = {
            category: letter.features.get(category) or "female"
            for category in world.lottery.quota_categories
        }
        out.append(
            registration_submit(
                letter=letter,
                features=features,
                full_name=f"Person {letter.number}",
                email=f"p{letter.number}@example.org",
                consent=True,
                keep_informed=letter.number % 2 == 0,
            )
        )
    return out
