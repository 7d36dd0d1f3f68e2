"""Demo meetings: a small-group conversation in a parish hall, a collegial consultation with
14 people, and a steering-group meeting of the integration team. All names are invented."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from quartier.core.demo import DEMO_PASSWORD, DemoContext, demo_datetime, demo_step

SMALL_GROUP_PEOPLE = [
    "Agnes Wiesner",
    "Bernd Kowalczyk",
    "Cem Aydın",
    "Doris Hahnemann",
    "Elif Şahin",
    "Frank Brettschneider",
    "Gisela Ortmann",
    "Hamid Rahimi",
    "Irmgard Pohl",
    "Jakob Lindqvist",
    "Karin Vogelsang",
    "Luca Ferraro",
]
CONSULTANTS = [
    ("Mara Quast", "mara.quast"),
    ("Nils Ebersbach", "nils.ebersbach"),
    ("Olga Petrenko", "olga.petrenko"),
    ("Paul Adebayo", "paul.adebayo"),
    ("Rita Sommerfeld", "rita.sommerfeld"),
    ("Sven Håkansson", "sven.hakansson"),
    ("Tülay Demir", "tuelay.demir"),
    ("Ulrike Brandl", "ulrike.brandl"),
    ("Vera Nowak", "vera.nowak"),
    ("Wilhelm Kranz", "wilhelm.kranz"),
    ("Yasemin Kaya", "yasemin.kaya"),
    ("Zoe Albrecht", "zoe.albrecht"),
]


def _user(email: str, name: str) -> Any:
    from quartier.accounts.models import User
    from quartier.accounts.services import user_create

    return User.objects.filter(email=email).first() or user_create(
        email=email, full_name=name, password=DEMO_PASSWORD
    )


@demo_step(order=55)
def meetings(context: DemoContext) -> None:
    from quartier.meetings.services import consultation, content, facilitation
    from quartier.meetings.services import meetings as services
    from quartier.meetings.services.protocol import protocol_finalize, protocol_get_or_create
    from quartier.organisations.models import Membership, Role

    organisation: Any = context["organisation"]
    users: dict[str, Any] = context["users"]  # type: ignore[assignment]
    processes: dict[str, Any] = context["processes"]  # type: ignore[assignment]
    organizer, moderator = users["organizer@example.org"], users["moderator@example.org"]
    now = timezone.now().replace(second=0, microsecond=0)

    # 1. Small-group conversation in a parish hall, already held, with its protocol.
    small = services.meeting_create(
        process=processes["open_sozial"],
        actor=moderator,
        format_key="small_group",
        title="Kleingruppengespräch im Gemeindesaal St. Marien",
        starts_at=demo_datetime(-6, 18),
        place="Gemeindesaal St. Marien, Kirchgasse 3",
        moderator=moderator,
    )
    services.invitees_add(meeting=small, actor=moderator, names=SMALL_GROUP_PEOPLE)
    for invitee in small.invitees.all():
        services.attendance_set(
            invitee=invitee, actor=moderator, attended=invitee.name != "Luca Ferraro"
        )
    facilitation.timer_start(meeting=small, actor=moderator)
    for topic in [
        "Busverbindung am Abend",
        "Spielplatz an der Lindenstraße",
        "Einsamkeit im Alter",
    ]:
        content.topic_add(meeting=small, actor=moderator, title=topic)
    content.concern_add(
        meeting=small,
        actor=moderator,
        title="Der letzte Bus fährt um 20 Uhr – Schichtarbeitende kommen nicht heim",
        shared_by=7,
        readiness=4,
    )
    content.concern_add(
        meeting=small,
        actor=moderator,
        title="Spielplatz seit einem Jahr gesperrt",
        shared_by=5,
        readiness=5,
    )
    content.concern_add(
        meeting=small,
        actor=moderator,
        title="Ältere Nachbarinnen und Nachbarn sind allein",
        shared_by=4,
        readiness=3,
    )
    content.summary_save(
        meeting=small,
        actor=moderator,
        summary=(
            "Drei Anliegen tragen viele: die Abendanbindung mit dem Bus, der gesperrte "
            "Spielplatz und Einsamkeit im Alter. Beim Spielplatz ist die Bereitschaft am größten, "
            "sofort etwas zu tun."
        ),
    )
    content.next_step_add(
        meeting=small,
        actor=moderator,
        title="Unterschriften für den Spielplatz sammeln",
        owner_name="Doris Hahnemann",
        due_on=(now + timedelta(days=14)).date(),
    )
    content.next_step_add(
        meeting=small,
        actor=moderator,
        title="Termin beim Verkehrsverbund anfragen",
        owner=moderator,
        due_on=(now + timedelta(days=21)).date(),
    )
    services.meeting_finish(meeting=small, actor=moderator)
    protocol_finalize(
        protocol=protocol_get_or_create(meeting=small, actor=moderator), actor=moderator
    )

    # 2. Collegial consultation with 14 participants; cases are in, votes are being cast.
    people = [users["moderator@example.org"], users["participant@example.org"]]
    for name, local in CONSULTANTS:
        user = _user(f"{local}@example.org", name)
        Membership.objects.get_or_create(
            organisation=organisation, user=user, defaults={"role": Role.PARTICIPANT}
        )
        people.append(user)
    beratung = services.meeting_create(
        process=processes["consultation"],
        actor=moderator,
        format_key="collegial_consultation",
        title="Kollegiale Beratung im November",
        starts_at=demo_datetime(3, 17, 30),
        place="Nachbarschaftshaus Mainufer, Raum 2",
        moderator=moderator,
        settings={"groups": 2, "vote_method": "dots", "dots_per_person": 3},
        invite_users=people,
    )
    cases = [
        (
            people[2],
            "Ehrenamtliche springen ab",
            "In meiner Hausaufgabenhilfe haben in drei Monaten "
            "vier von sieben Ehrenamtlichen aufgehört. Ich weiß nicht, ob es an mir liegt.",
        ),
        (
            people[5],
            "Konflikt im Mietertreff",
            "Zwei Gruppen im Mietertreff sprechen nicht mehr "
            "miteinander, seit es Streit um die Raumschlüssel gab.",
        ),
        (
            people[9],
            "Grenzen setzen",
            "Eine Besucherin ruft mich jeden Abend privat an. Ich möchte "
            "helfen, aber es wird mir zu viel.",
        ),
    ]
    created = [
        consultation.case_submit(meeting=beratung, actor=giver, title=title, text=text)
        for giver, title, text in cases
    ]
    for index, voter in enumerate(people[:10]):
        consultation.votes_cast(
            meeting=beratung, actor=voter, points={created[index % 2].pk: 2, created[2].pk: 1}
        )

    # 3. Steering-group meeting of the integration team, held last week.
    team = services.meeting_create(
        process=processes["integration"],
        actor=organizer,
        format_key="team_meeting",
        title="Steuerungsgruppe Integration – Sitzung 7",
        starts_at=demo_datetime(-8, 10),
        place="Rathaus Mainufer, Sitzungssaal",
        moderator=organizer,
        invite_users=[organizer, moderator],
    )
    services.invitees_add(
        meeting=team,
        actor=organizer,
        names=[
            "Hatice Yıldız (Moscheegemeinde)",
            "Pfarrerin Ruth Albers",
            "Jens Marx (Jugendamt)",
            "Dana Kühn (Sportverein)",
        ],
    )
    for invitee in team.invitees.all():
        services.attendance_set(invitee=invitee, actor=organizer, attended=True)
    facilitation.timer_start(meeting=team, actor=organizer)
    item = content.agenda_item_add(
        meeting=team, actor=organizer, title="Wer sind „alle“? Zielgruppen-Matrix"
    )
    content.decision_add(
        meeting=team,
        actor=organizer,
        agenda_item=item,
        text=("Der Fokus liegt zuerst auf Jugendlichen und Neuzugezogenen."),
    )
    item = content.agenda_item_add(meeting=team, actor=organizer, title="Interviews auswerten")
    content.decision_add(
        meeting=team,
        actor=organizer,
        agenda_item=item,
        text=("Wir planen eine Jugendkonferenz mit den Jugendlichen gemeinsam."),
    )
    content.next_step_add(
        meeting=team,
        actor=organizer,
        title="Jugendzentren für die Planung ansprechen",
        owner_name="Jens Marx",
        due_on=(now + timedelta(days=10)).date(),
    )
    services.meeting_finish(meeting=team, actor=organizer)
    protocol_get_or_create(meeting=team, actor=organizer)
