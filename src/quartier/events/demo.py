"""Demo events: the Open-Sozial day in the Bürgerzentrum (finished: cards, votes, groups,
open ends, a standing group) and an upcoming open assembly in the Lindenkiez."""

from __future__ import annotations

import uuid
from typing import cast

from quartier.accounts.models import User
from quartier.core.demo import DemoContext, demo_datetime, demo_step
from quartier.events.services import (
    event_create,
    event_set_phase,
    pairs_start_round,
    participant_join,
)
from quartier.processes.models import Process

CARDS = [
    (
        "Mobilität",
        "Sichere Radwege zur Grundschule",
        "Die Kreuzung an der Lindenstraße ist morgens gefährlich.",
    ),
    ("Mobilität", "Bus am Sonntag auch nach 18 Uhr", ""),
    ("Mobilität", "Mehr Fahrradständer am Bahnhof", ""),
    (
        "Zusammenleben",
        "Nachbarschaftscafé für Neuzugezogene",
        "Ein Ort, an dem man ohne Anlass vorbeikommen kann.",
    ),
    ("Zusammenleben", "Sprachtandems Deutsch–Arabisch", ""),
    ("Zusammenleben", "Integration", ""),
    (
        "Ökologie & Stadtumbau",
        "Bäume für den Marktplatz",
        "Im Sommer ist es dort unerträglich heiß.",
    ),
    ("Ökologie & Stadtumbau", "Repair-Café im Jugendhaus", ""),
    ("Kultur", "Straßenfest mit den Vereinen", ""),
    ("Kultur", "Offene Bühne für Jugendliche", ""),
]
NAMES = [
    "Ayşe",
    "Bernd",
    "Carla",
    "Dimitri",
    "Elif",
    "Frank",
    "Gül",
    "Hannes",
    "Irina",
    "Jamal",
    "Karin",
    "Lukas",
]


@demo_step(order=60)
def events(context: DemoContext) -> None:
    from quartier.wall import services as wall

    processes = cast(dict[str, Process], context["processes"])
    users = cast(dict[str, User], context["users"])
    organizer, moderator = users["organizer@example.org"], users["moderator@example.org"]

    open_sozial = event_create(
        process=processes["open_sozial"],
        actor=organizer,
        format_key="open_space",
        title="Open-Sozial im Bürgerzentrum",
        starts_at=demo_datetime(-3, 14),
        ends_at=demo_datetime(-3, 18),
        place="Bürgerzentrum Mainufer, Saal",
        rooms=["Saal", "Raum 1", "Raum 2", "Foyer"],
        slots=["14:30–15:30", "15:45–16:45"],
        moderators=[moderator],
    )
    people = [
        participant_join(event=open_sozial, display_name=name, token=uuid.uuid4()) for name in NAMES
    ]
    event_set_phase(event=open_sozial, actor=moderator, phase="pairs")
    pairs_start_round(event=open_sozial, actor=moderator)
    categories = {c.label: c for c in open_sozial.categories.all()}
    cards = {}
    for index, (category, title, text) in enumerate(CARDS):
        result = wall.card_post(
            event=open_sozial,
            participant=people[index % len(people)],
            title=title,
            text=text,
            category_id=categories[category].pk,
            token=uuid.uuid4(),
        )
        cards[title] = open_sozial.cards.get(pk=result["card"])
    wall.card_support(
        card=cards["Bäume für den Marktplatz"], participant=people[5], token=uuid.uuid4()
    )
    event_set_phase(event=open_sozial, actor=moderator, phase="voting")
    wall.voting_open(event=open_sozial, actor=moderator, dots=3)
    favourites = [
        "Sichere Radwege zur Grundschule",
        "Nachbarschaftscafé für Neuzugezogene",
        "Bäume für den Marktplatz",
        "Repair-Café im Jugendhaus",
        "Sprachtandems Deutsch–Arabisch",
        "Straßenfest mit den Vereinen",
    ]
    for index, person in enumerate(people):
        for offset in range(3):
            title = favourites[(index + offset * 2) % len(favourites)]
            wall.vote_cast(card=cards[title], participant=person, token=uuid.uuid4())
    wall.voting_close(event=open_sozial, actor=moderator)
    event_set_phase(event=open_sozial, actor=moderator, phase="groups")
    rooms = list(open_sozial.rooms.order_by("name"))
    slots = list(open_sozial.slots.all())
    groups = []
    for index, title in enumerate(favourites[:4]):
        groups.append(
            wall.topic_group_create(
                event=open_sozial,
                actor=moderator,
                card=cards[title],
                host=NAMES[index],
                room=rooms[index],
                slot=slots[index % 2],
                capacity=8,
            )
        )
    for index, person in enumerate(people):
        wall.topic_group_join(
            group=groups[index % len(groups)], participant=person, token=uuid.uuid4()
        )
    wall.topic_group_idea(
        group=groups[0],
        actor=moderator,
        what="Schulweg an der Lindenstraße sicherer machen",
        who="Eltern, Schulleitung, Ortsbeirat",
        first_step="Gemeinsame Begehung mit dem Ordnungsamt",
        when="Vor den Sommerferien",
    )
    wall.topic_group_idea(
        group=groups[1],
        actor=moderator,
        what="Monatliches Nachbarschaftscafé",
        who="Ayşe, Bernd, Familienzentrum",
        first_step="Raum im Familienzentrum anfragen",
        when="Erster Samstag im Monat",
    )
    wall.topic_group_make_standing(
        group=groups[1],
        actor=organizer,
        goal="Ein Treffpunkt für alle, die neu sind",
        mission="Monatliches Café, offen für alle, mit Sprachecke",
        moderator=moderator,
    )
    event_set_phase(event=open_sozial, actor=moderator, phase="closing")
    wall.open_ends_collect(event=open_sozial, actor=moderator)

    lindenkiez = event_create(
        process=processes["assemblies"],
        actor=organizer,
        format_key="open_assembly",
        title="Offene Versammlung am Lindenplatz",
        starts_at=demo_datetime(14, 16),
        place="Lindenplatz (bei Regen: Gemeindesaal St. Markus)",
        rooms=["Platz", "Gemeindesaal"],
        slots=["17:00–18:00"],
        moderators=[moderator],
    )
    context["events"] = {"open_sozial": open_sozial, "lindenkiez": lindenkiez}
    summary = cast(list[str], context.setdefault("summary", []))
    summary.append(
        f"Live event: join the Lindenkiez assembly with code {lindenkiez.display_code} at /j/"
    )
