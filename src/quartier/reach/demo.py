"""Demo people, places, target groups (seed 002) and one-to-ones. All names are invented."""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from quartier.core.demo import DemoContext, demo_step
from quartier.reach.models import Contact, ParticipationKind, ParticipationRole
from quartier.reach.services import (
    contact_create,
    key_person_mark,
    one_to_one_record,
    participation_record,
    place_create,
    place_membership_add,
    target_group_create,
    target_group_members_set,
)
from quartier.reach.services.one_to_ones import FollowUp

PLACES = [
    ("Kath. Kirchengemeinde St. Marien", "parish", "Marienplatz 3, Mainufer"),
    ("Moscheegemeinde Mainufer-Süd", "mosque", "Hafenstraße 41, Mainufer"),
    ("SV Lindenkiez 1921 e.V.", "club", "Sportpark am Lindenweg, Mainufer"),
    ("Gesamtschule am Hafen", "school", "Schulweg 2, Mainufer"),
    ("Nachbarschaft Lindenkiez", "neighbourhood", "Lindenkiez"),
    ("Initiative Sprachcafé", "initiative", "Stadtteilbüro, Lindenweg 8"),
]

# name, neighbourhood, languages, places (index: role)
PEOPLE: list[tuple[str, str, str, dict[int, str]]] = [
    ("Helga Brückner", "Lindenkiez", "de", {0: "Pfarrgemeinderat", 4: ""}),
    ("Yusuf Demirci", "Hafenviertel", "de, tr", {1: "Vorstand"}),
    ("Elif Arslan", "Hafenviertel", "de, tr", {1: "Frauengruppe", 5: ""}),
    ("Tobias Lenz", "Lindenkiez", "de", {2: "Jugendtrainer"}),
    ("Marta Kowalczyk", "Südstadt", "de, pl", {0: "Chor"}),
    ("Samir Haddad", "Hafenviertel", "de, ar", {5: "Mitgründer"}),
    ("Ingrid Vogelsang", "Lindenkiez", "de", {4: "Mieterbeirat"}),
    ("Kemal Öztürk", "Südstadt", "de, tr", {2: "Kassenwart", 1: ""}),
    ("Lina Schäfer", "Lindenkiez", "de, en", {3: "Schulsozialarbeit"}),
    ("Daniel Okafor", "Südstadt", "en, de", {2: ""}),
    ("Fatma Yılmaz", "Hafenviertel", "tr, de", {1: "", 3: "Elternbeirat"}),
    ("Jonas Reuter", "Lindenkiez", "de", {2: "Jugend"}),
    ("Amira Saleh", "Hafenviertel", "ar, de", {5: ""}),
    ("Petra Hoffmann", "Südstadt", "de", {0: "Besuchsdienst"}),
    ("Nikolai Petrov", "Südstadt", "ru, de", {4: ""}),
    ("Aylin Kaya", "Lindenkiez", "de, tr", {3: "Schülervertretung", 2: ""}),
    ("Werner Brandt", "Lindenkiez", "de", {4: "Kleingärten"}),
    ("Hanna Albers", "Neubaugebiet Mühlenfeld", "de", {}),
    ("Mehmet Aksoy", "Neubaugebiet Mühlenfeld", "tr, de", {}),
    ("Olena Shevchenko", "Neubaugebiet Mühlenfeld", "uk, de", {5: ""}),
    ("Grace Mensah", "Südstadt", "en, de", {0: ""}),
    ("Bilal Rahimi", "Hafenviertel", "fa, de", {2: ""}),
    ("Sophie Winter", "Lindenkiez", "de, fr", {3: "Lehrerin"}),
    ("Rüdiger Kamps", "Südstadt", "de", {}),
    ("Zeynep Çelik", "Hafenviertel", "tr, de", {3: ""}),
    ("Paul Neumann", "Neubaugebiet Mühlenfeld", "de", {}),
    ("Mariam Nouri", "Hafenviertel", "ar, de", {1: "Jugendgruppe"}),
    ("Sven Lindqvist", "Lindenkiez", "de, sv", {2: "Vorstand"}),
    ("Dilan Aydın", "Neubaugebiet Mühlenfeld", "ku, de", {}),
    ("Erika Sommer", "Südstadt", "de", {0: "Seniorenkreis"}),
]

TARGET_GROUPS = [
    ("Hauptamtliche", "high", False, "Netzwerktreffen\nE-Mail-Verteiler"),
    ("Ehrenamtliche", "high", False, "Ehrenamtsbörse\nPfarrbrief"),
    ("Stadtgesellschaft", "medium", False, "Lokalzeitung\nStadtfest"),
    ("Nachbarschaften", "medium", True, "Offene Versammlungen\nAushänge im Treppenhaus"),
    ("Nachwuchs in den Vereinen", "low", True, "Jugendtrainer*innen\nSchulsozialarbeit"),
    (
        "Menschen, die nicht in Migrantenselbstorganisationen oder Moscheegemeinden aktiv sind",
        "low",
        True,
        "Sprachcafé\nElternabende\nPersönliche Ansprache durch Vertrauenspersonen",
    ),
    ("Neuzugezogene", "low", False, "Begrüßungsbrief\nWillkommensspaziergang"),
]

ONE_TO_ONES = [
    (
        1,
        "Raum für die Jugendgruppe, gemeinsames Fastenbrechen im Quartier",
        "Die Jugendlichen haben keinen Treffpunkt",
        "Verantwortung für die nächste Generation",
        5,
    ),
    (
        3,
        "Mehr Kinder aus dem Hafenviertel im Verein",
        "Beiträge sind für manche Familien zu hoch",
        "Hat selbst als Kind im Verein Deutsch gelernt",
        4,
    ),
    (
        6,
        "Sichere Wege zur Schule, Grünflächen",
        "Mieterhöhungen im Lindenkiez",
        "Ihre Enkelkinder",
        3,
    ),
    (
        10,
        "Elterncafé an der Schule",
        "Sprachbarrieren bei Elternabenden",
        "Will anderen Müttern den Weg zeigen",
        4,
    ),
    (
        17,
        "Anschluss finden, Nachbarn kennenlernen",
        "Kennt noch niemanden im Neubaugebiet",
        "Möchte, dass die Kinder Freunde finden",
        2,
    ),
    (
        19,
        "Deutschkurs mit Kinderbetreuung",
        "Unsicherer Aufenthalt",
        "Will arbeiten und etwas zurückgeben",
        3,
    ),
]


def _date(days_ago: int) -> Any:
    return timezone.localdate() - timedelta(days=days_ago)


@demo_step(order=30)
def people_places_and_targets(context: DemoContext) -> None:
    organisation: Any = context["organisation"]
    users: dict[str, Any] = context["users"]  # type: ignore[assignment]
    processes: dict[str, Any] = context["processes"]  # type: ignore[assignment]
    admin, organizer = users["admin@example.org"], users["organizer@example.org"]
    moderator = users["moderator@example.org"]
    places = [
        place_create(organisation=organisation, actor=admin, name=name, kind=kind, address=address)
        for name, kind, address in PLACES
    ]
    contacts: list[Contact] = []
    for number, (name, neighbourhood, languages, memberships) in enumerate(PEOPLE):
        ascii_name = (
            unicodedata.normalize("NFKD", name.replace("ı", "i")).encode("ascii", "ignore").decode()
        )
        local = ascii_name.lower().replace(" ", ".")
        contact = contact_create(
            organisation=organisation,
            actor=organizer,
            full_name=name,
            email=f"{local}@example.org",
            phone=f"0151 555 {1000 + number}" if number % 3 else "",
            languages=languages,
            neighbourhood=neighbourhood,
            legal_basis="consent",
            consent_given_on=_date(200 - number),
            retention_until=_date(-730) if number % 7 else _date(-10),
        )
        contacts.append(contact)
        for index, role in memberships.items():
            place_membership_add(place=places[index], contact=contact, actor=organizer, role=role)
    # The demo moderator is a key person herself, so she sees the people of her places.
    lena = contact_create(
        organisation=organisation,
        actor=admin,
        full_name="Lena Schlüsselmann",
        email="moderator@example.org",
        neighbourhood="Lindenkiez",
        languages="de",
        legal_basis="contract",
    )
    lena.user = moderator
    lena.save(update_fields=["user"])
    for index in (2, 4):
        key_person_mark(contact=lena, actor=admin, place=places[index], since=date(2025, 9, 1))
    key_person_mark(contact=contacts[1], actor=organizer, place=places[1], since=date(2025, 3, 1))
    key_person_mark(contact=contacts[0], actor=organizer, place=places[0], since=date(2024, 11, 1))
    for index, title in (
        (4, "Nachbarschaftstreffen Lindenkiez"),
        (2, "Kleingruppe im Vereinsheim"),
    ):
        participation_record(
            contact=lena,
            source=places[index],
            kind=ParticipationKind.MEETING,
            role=ParticipationRole.MODERATOR,
            occurred_at=timezone.now() - timedelta(days=20 * index),
            label=title,
            process=processes["integration"],
        )
    participation_record(
        contact=lena,
        source=places[5],
        kind=ParticipationKind.TRAINING,
        role=ParticipationRole.ATTENDEE,
        occurred_at=timezone.now() - timedelta(days=90),
        label="Schulung: Beziehungsgespräche führen",
    )
    for index, interests, concerns, motivation, readiness in ONE_TO_ONES:
        one_to_one_record(
            contact=contacts[index],
            actor=organizer,
            held_by=moderator if index in (3, 6) else organizer,
            held_on=_date(5 + index),
            readiness=readiness,
            interests=interests,
            concerns=concerns,
            motivation=motivation,
            process=processes["integration"],
            follow_ups=[
                FollowUp(title=f"Nachfassen: {interests.split(',')[0]}", due_on=_date(index - 8))
            ],
        )
    # Attendance at the Open-Sozial event, as the events app would record it.
    for index in (0, 2, 4, 6, 7, 11, 13, 16, 20, 22, 29):
        participation_record(
            contact=contacts[index],
            source=processes["open_sozial"],
            kind=ParticipationKind.EVENT,
            role=ParticipationRole.ATTENDEE,
            occurred_at=timezone.now() - timedelta(days=12),
            label="Open-Sozial: Auftaktveranstaltung",
            process=processes["open_sozial"],
        )
    members = {
        "Hauptamtliche": [8, 22],
        "Ehrenamtliche": [0, 4, 13, 29, 6],
        "Stadtgesellschaft": [9, 14, 20, 23],
        "Nachbarschaften": [6, 16, 14, 0, 18, 25],
        "Nachwuchs in den Vereinen": [11, 15, 21, 26, 3],
        "Neuzugezogene": [17, 18, 19, 25, 28],
    }
    responsible = {"Nachbarschaften": moderator, "Nachwuchs in den Vereinen": organizer}
    for name, level, focus, channels in TARGET_GROUPS:
        group = target_group_create(
            organisation=organisation,
            actor=organizer,
            name=name,
            reachability=level,
            is_focus=focus,
            channels=channels,
            responsible=responsible.get(name, organizer if focus else None),
        )
        indexes = members.get(name, [12, 5, 24, 28, 10, 2])
        target_group_members_set(
            target_group=group, actor=organizer, contacts=[contacts[i] for i in indexes]
        )
    context["reach_contacts"] = contacts
    summary: Any = context.setdefault("summary", [])
    summary.append(
        f"Reach: {len(contacts) + 1} people, {len(places)} places, "
        f"{len(TARGET_GROUPS)} target groups"
    )
