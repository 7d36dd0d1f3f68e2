"""Demo organisation, team and processes, modelled on the situations in the seed documents.

Every name here is invented; e-mail addresses use the reserved example.org domain.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import cast

from django.utils import timezone

from quartier.accounts.models import User
from quartier.accounts.services import user_create
from quartier.core.demo import DEMO_ORGANISATION_SLUG, DEMO_PASSWORD, DemoContext, demo_step
from quartier.organisations.models import Membership, Organisation, Role
from quartier.organisations.services import organisation_create
from quartier.processes.models import Status
from quartier.processes.services import process_create

DEMO_USERS = [
    ("admin@example.org", "Anja Beispiel", Role.ADMIN),
    ("organizer@example.org", "Murat Musterer", Role.ORGANIZER),
    ("moderator@example.org", "Lena Schlüsselmann", Role.MODERATOR),
    ("participant@example.org", "Jonas Probst", Role.PARTICIPANT),
]


@demo_step(order=10)
def organisation_and_team(context: DemoContext) -> None:
    users: dict[str, User] = {}
    for email, name, _role in DEMO_USERS:
        users[email] = User.objects.filter(email=email).first() or user_create(
            email=email, full_name=name, password=DEMO_PASSWORD
        )
    admin = users["admin@example.org"]
    organisation = organisation_create(
        name="Nachbarschaftswerk Mainufer e.V.",
        slug=DEMO_ORGANISATION_SLUG,
        creator=admin,
        description=(
            "Träger der Gemeinwesenarbeit im fiktiven Landkreis Mainufer: Quartiersmanagement, "
            "Integrationsarbeit und offene Versammlungen in den Kiezen."
        ),
    )
    for email, _name, role in DEMO_USERS[1:]:
        Membership.objects.create(organisation=organisation, user=users[email], role=role)
    context["organisation"] = organisation
    context["users"] = users


@demo_step(order=20)
def processes(context: DemoContext) -> None:
    organisation = cast(Organisation, context["organisation"])
    users = cast(dict[str, User], context["users"])
    admin, organizer, moderator = (
        users[e] for e in ("admin@example.org", "organizer@example.org", "moderator@example.org")
    )
    today = timezone.localdate()
    created = {
        "open_sozial": process_create(
            organisation=organisation,
            actor=admin,
            title="Open-Sozial Mainufer 2026",
            description=(
                "Bürgerinnen und Bürger werden per Los aus dem Melderegister gezogen und von den "
                "Bürgermeistern persönlich eingeladen; Neuzugezogene und Vertrauenspersonen migrantischer "
                "Communities sprechen wir gezielt an. Rund 100 Menschen kommen ins Bürgerzentrum: offene "
                "Paarinterviews ohne vorab gesetzte Themen, Themenwand, Themengruppen. Offene Enden rufen "
                "wir später noch einmal auf."
            ),
            area="Landkreis Mainufer",
            starts_on=today - timedelta(days=30),
            ends_on=today + timedelta(days=120),
            status=Status.RUNNING,
            team=[admin, organizer, moderator],
        ),
        "integration": process_create(
            organisation=organisation,
            actor=organizer,
            title="Alle erreichen – Integrationsteam Mainufer",
            description=(
                "Eine Steuerungsgruppe von rund 30 Akteuren fragt: Wenn wir alle erreichen wollen, wer "
                "sind ‚alle‘? Zielgruppen-Matrix mit drei Stufen der Erreichbarkeit, Fokusgruppen und "
                "50 Interviews mit derselben Einstiegsfrage. Daraus entstehen Formate mit den Betroffenen, "
                "etwa eine Jugendkonferenz."
            ),
            area="Stadt Mainufer",
            starts_on=today - timedelta(days=200),
            ends_on=today + timedelta(days=365),
            status=Status.RUNNING,
            team=[organizer, moderator],
        ),
        "assemblies": process_create(
            organisation=organisation,
            actor=organizer,
            title="Offene Versammlungen im Lindenkiez",
            description=(
                "Mobile, temporäre Nachbarschaftsversammlungen auf Augenhöhe: Bedürfnisse teilen und Ideen "
                "zu Mobilität, Zusammenleben, ökologischem Stadtumbau und Kultur sofort in Projekte umsetzen."
            ),
            area="Lindenkiez",
            starts_on=today + timedelta(days=14),
            ends_on=None,
            status=Status.PLANNED,
            team=[organizer],
        ),
        "consultation": process_create(
            organisation=organisation,
            actor=admin,
            title="Kollegiale Beratung für Ehrenamtliche",
            description="Monatliche Fallberatung für Ehrenamtliche und Schlüsselpersonen in kleinen Gruppen.",
            area="Mainufer",
            starts_on=date(today.year, 1, 15),
            ends_on=None,
            status=Status.RUNNING,
            team=[moderator],
        ),
    }
    context["processes"] = created
    context["summary"] = [
        f"Demo organisation: {organisation} (/o/{organisation.slug}/)",
        *(
            f"Log in as {email} ({role.label}) with password {DEMO_PASSWORD!r}"
            for email, _n, role in DEMO_USERS
        ),
    ]
