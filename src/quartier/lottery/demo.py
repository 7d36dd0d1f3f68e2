"""Demo: a finished citizens' lottery for "Open-Sozial Mainufer 2026".

Three municipalities each invite with their own letterhead and signature, plus a list of
new residents; 400 letters were drawn and printed, 120 people replied, registration has
ended (so the register and addresses are already deleted, with the deletion on record),
a panel of 30 was drawn by LEXIMIN, confirmed and published. Built from the small
synthetic extracts in ``demo_data`` (no shared folder needed at run time).
"""

from __future__ import annotations

import contextlib
import io
import random
from datetime import timedelta
from pathlib import Path
from typing import cast

from django.utils import timezone
from PIL import Image, ImageDraw

from quartier.accounts.models import User
from quartier.core.demo import DemoContext, demo_datetime, demo_step
from quartier.core.errors import DomainError
from quartier.events.services import event_create
from quartier.lottery.models import Lottery, Registration
from quartier.lottery.register import guess_mapping
from quartier.lottery.services.confirmations import confirmations_send
from quartier.lottery.services.draw import invitations_draw
from quartier.lottery.services.extracts import extract_configure, extract_import_run, extract_upload
from quartier.lottery.services.jobs import job_create
from quartier.lottery.services.letters import letters_generate_run
from quartier.lottery.services.registration import registration_submit
from quartier.lottery.services.retention import register_delete
from quartier.lottery.services.selection import (
    latest_draw,
    lottery_publish,
    quotas_propose,
    quotas_save,
    registration_cancel,
    selection_run,
)
from quartier.lottery.services.setup import lottery_create, municipality_save
from quartier.lottery.services.translations import translation_save
from quartier.processes.models import Process

DATA = Path(__file__).parent / "demo_data"
TOWNS = (
    (
        "Auenbach",
        "melderegister-auenbach.csv",
        4100,
        "Markt Auenbach\nDer Erste Bürgermeister\nMarktplatz 1 · 63901 Auenbach",
        "Jürgen Beispielmann",
        "Erster Bürgermeister",
    ),
    (
        "Mainufer",
        "melderegister-mainufer.csv",
        6300,
        "Stadt Mainufer\nDie Bürgermeisterin\nRathausplatz 3 · 63910 Mainufer",
        "Dr. Selin Musterfrau",
        "Bürgermeisterin",
    ),
    (
        "Lindenhain",
        "melderegister-lindenhain.csv",
        2600,
        "Gemeinde Lindenhain\nDer Bürgermeister\nLindenstraße 12 · 63920 Lindenhain",
        "Tobias Probstmeier",
        "Bürgermeister",
    ),
)
FIRST = ("Anna", "Mehmet", "Lea", "Jonas", "Ayşe", "Paul", "Irina", "Karim", "Greta", "Tomasz")


TRANSLATIONS = (
    (
        "tr",
        "Merhaba {vorname} {nachname}, {gemeinde} sizi {datum} tarihinde „{titel}“ etkinliğine "
        "davet ediyor. {frist} tarihine kadar QR kodu tarayarak veya {link} adresinde {code} "
        "kodunu girerek kaydolabilirsiniz. Katılım ücretsizdir.",
        "Bu sayfadan etkinliğe kaydolabilirsiniz. Form Almancadır: adınızı, iletişim "
        "bilgilerinizi ve yaş grubunuzu girin. Son kayıt tarihi: {frist}. Katılım ücretsizdir.",
    ),
    (
        "ar",
        "مرحبا {vorname}، تدعوكم {gemeinde} إلى «{titel}» يوم {datum}. سجلوا قبل {frist} "
        "بمسح رمز QR أو بإدخال الرمز {code} على {link}. المشاركة مجانية.",
        "يمكنكم التسجيل في هذه الصفحة. الاستمارة باللغة الألمانية: أدخلوا اسمكم ووسيلة "
        "التواصل وفئتكم العمرية. آخر موعد للتسجيل: {frist}. المشاركة مجانية.",
    ),
    (
        "en",
        "Hello {vorname}, {gemeinde} invites you to “{titel}” on {datum}. Register by {frist} "
        "with the QR code or your code {code} at {link}. Taking part is free.",
        "",
    ),
)
# Which language blocks each town's letters carry (in the order of TOWNS).
TOWN_LANGUAGES = (["tr", "ar"], ["tr"], ["en", "tr"])
# Official figures to compare each town's extract with (shipped Berlin district figures
# stand in for the fictional towns: only the shares matter).
TOWN_FIGURES = ("berlin-2023-12:06", "berlin-2023-12:08", "berlin-2023-12:10")


def _signature(seed: int) -> bytes:
    rng = random.Random(seed)
    image = Image.new("RGB", (360, 110), "white")
    draw = ImageDraw.Draw(image)
    points = [(20 + i * 16, 60 + rng.randint(-28, 28)) for i in range(20)]
    draw.line(points, fill=(25, 35, 110), width=4, joint="curve")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


@demo_step(order=65)
def lottery(context: DemoContext) -> None:
    processes = cast(dict[str, Process], context["processes"])
    users = cast(dict[str, User], context["users"])
    organizer = users["organizer@example.org"]
    process = processes["open_sozial"]
    today = timezone.localdate()
    event = event_create(
        process=process,
        actor=organizer,
        format_key="open_space",
        title="Open-Sozial 2026: Auftakt im Bürgerzentrum",
        starts_at=demo_datetime(24, 14),
        place="Bürgerzentrum Mainufer, Saal",
    )
    item = lottery_create(
        process=process,
        actor=organizer,
        title="Losverfahren Open-Sozial 2026",
        event=event,
        letters_count=400,
        new_residents_letters=20,
        panel_size=30,
        event_date=today + timedelta(days=24),
        registration_deadline=today + timedelta(days=10),
        place="Bürgerzentrum Mainufer, Saal",
        time_text="17 bis 21 Uhr",
        accessibility="Stufenloser Zugang, Induktionsschleife, barrierefreies WC",
        childcare="Kinderbetreuung im Nebenraum ab 3 Jahren",
        cost_note="Die Teilnahme ist kostenlos; Fahrtkosten erstatten wir.",
        strata=["register", "age_band", "sex"],
        quota_categories=["register", "age_band", "sex"],
    )
    for language, letter_text, page in TRANSLATIONS:
        translation_save(
            lottery=item,
            actor=organizer,
            language=language,
            letter_text=letter_text,
            page_text=page,
        )
    towns = {}
    for index, (name, _file, population, head, signer, role) in enumerate(TOWNS):
        towns[name] = municipality_save(
            lottery=item,
            actor=organizer,
            name=name,
            population=population,
            letterhead=head,
            sender_line=head.splitlines()[0] + " · " + head.splitlines()[-1],
            signer_name=signer,
            signer_role=role,
            signature=_signature(index),
            signature_type="image/png",
            languages=TOWN_LANGUAGES[index],
            figures_key=TOWN_FIGURES[index],
        )
    files = [(name, file, "register") for name, file, *_rest in TOWNS]
    files.append(("Mainufer", "neubuerger-mainufer.csv", "new_residents"))
    for town, filename, kind in files:
        data = (DATA / filename).read_bytes()
        extract = extract_upload(
            lottery=item,
            municipality=towns[town],
            actor=organizer,
            filename=filename,
            chunks=[data],
            kind=kind,
        )
        extract_configure(
            extract=extract, columns=guess_mapping(extract.headers), postcodes=[], exclude=[]
        )
        extract_import_run(job=job_create(lottery=item, kind="import", target_id=extract.pk))
    invitations_draw(
        lottery=item,
        actor=organizer,
        seed="5 12 19 23 38 41 / 7",
        announced="Lottozahlen vom Samstag, angekündigt im Gemeindeblatt",
    )
    item.refresh_from_db()
    letters_generate_run(job=job_create(lottery=item, kind="letters", total=item.letters.count()))
    item.refresh_from_db()
    rng = random.Random(4)
    letters = list(item.letters.order_by("number"))
    # Older people reply more often, as in real lotteries.
    weights = [1.6 if x.features.get("age_band") in ("55-69", "70+") else 1.0 for x in letters]
    chosen = sorted(rng.choices(range(len(letters)), weights=weights, k=200))
    replied: list[Registration] = []
    for index in dict.fromkeys(chosen):
        if len(replied) == 120:
            break
        letter = letters[index]
        features = {c: letter.features.get(c) or "female" for c in item.quota_categories}
        replied.append(
            registration_submit(
                letter=letter,
                features=features,
                full_name=f"{FIRST[index % len(FIRST)]} {letter.family_name}",
                email=f"antwort{letter.number}@example.org" if index % 4 else "",
                phone="" if index % 4 else f"0170 555{letter.number:04d}",
                accessibility_needs="Rollstuhlplatz" if index % 23 == 0 else "",
                consent=True,
                keep_informed=index % 3 == 0,
                channel="online" if index % 5 else "paper",
                entered_by=None if index % 5 else organizer,
            )
        )
    Lottery.objects.filter(pk=item.pk).update(registration_deadline=today - timedelta(days=1))
    item.refresh_from_db()
    register_delete(lottery=item)
    quotas_save(lottery=item, actor=organizer, quotas=quotas_propose(lottery=item))
    from quartier.lottery.models import PanelDraw

    draw = PanelDraw.objects.create(
        lottery=item, seed="8 15 22 29 36 43", quotas=item.quotas, created_by=organizer
    )
    selection_run(job=job_create(lottery=item, kind="selection", target_id=draw.pk, total=1))
    draw.refresh_from_db()
    if not draw.selected and draw.infeasibility.get("quotas"):
        quotas_save(lottery=item, actor=organizer, quotas=draw.infeasibility["quotas"])
        draw = PanelDraw.objects.create(
            lottery=item, seed="8 15 22 29 36 43", quotas=item.quotas, created_by=organizer
        )
        selection_run(job=job_create(lottery=item, kind="selection", target_id=draw.pk, total=1))
    confirmations_send(lottery=item, actor=organizer)
    first = item.registrations.filter(status="selected").order_by("pool_id").first()
    if first is not None and latest_draw(item) is not None:
        with contextlib.suppress(DomainError):  # the demo shows a move-up only when one fits
            registration_cancel(registration=first, actor=organizer)
    lottery_publish(lottery=item, actor=organizer, published=True)
    context["lottery"] = item
    summary = cast(list[str], context.setdefault("summary", []))
    summary.append(
        f"Citizens' lottery: /o/{process.organisation.slug}/p/{process.slug}/lottery/{item.pk}/setup/ "
        f"(public draw page /lotterie/{item.public_id}/)"
    )
