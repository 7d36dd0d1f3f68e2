"""A demo interview campaign after seed 002: 50 planned interviews, 12 done, themes tagged."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from quartier.core.demo import DemoContext, demo_step
from quartier.interviews.services import answer_tag, campaign_create, interview_record

ANSWERS = [
    (
        0,
        "Dass alle mitmachen können, egal woher sie kommen.",
        ["Teilhabe"],
        "Im Sportverein, da fragt keiner woher.",
    ),
    (
        2,
        "Integration heißt für mich: die Sprache lernen und Arbeit finden.",
        ["Sprache", "Arbeit"],
        "Beim Elterncafé.",
    ),
    (
        None,
        "Eigentlich geht es um mehr als Integration – um das Miteinander aller.",
        ["Miteinander"],
        "Auf dem Wochenmarkt.",
    ),
    (
        5,
        "Gegenseitiger Respekt. Beide Seiten müssen aufeinander zugehen.",
        ["Begegnung auf Augenhöhe"],
        "",
    ),
    (
        None,
        "Nicht immer als 'die Anderen' gesehen zu werden.",
        ["Diskriminierung", "Zugehörigkeit"],
        "In der Moschee.",
    ),
    (
        10,
        "Dass meine Kinder die gleichen Chancen haben.",
        ["Bildung", "Teilhabe"],
        "In der Schule, manchmal.",
    ),
    (
        None,
        "Wenn man sich im Viertel zuhause fühlt.",
        ["Zugehörigkeit"],
        "Beim Nachbarschaftsfest.",
    ),
    (
        12,
        "Sprache ist der Schlüssel, aber auch Freundschaften.",
        ["Sprache", "Begegnung auf Augenhöhe"],
        "",
    ),
    (
        None,
        "Ehrlich gesagt: Ich mag das Wort nicht. Wir sind doch längst hier.",
        ["Miteinander"],
        "Überall und nirgends.",
    ),
    (
        19,
        "Ankommen dürfen, mit allem, was man mitbringt.",
        ["Zugehörigkeit", "Teilhabe"],
        "Im Sprachcafé.",
    ),
    (None, "Dass Vereine und Gemeinden sich für alle öffnen.", ["Teilhabe"], "Noch zu selten."),
    (
        26,
        "Zusammen Sachen machen – Fußball, Kochen, Feste.",
        ["Miteinander", "Begegnung auf Augenhöhe"],
        "Im Jugendtreff.",
    ),
]


@demo_step(order=35)
def integration_interviews(context: DemoContext) -> None:
    organisation: Any = context["organisation"]
    users: dict[str, Any] = context["users"]  # type: ignore[assignment]
    organizer, moderator = users["organizer@example.org"], users["moderator@example.org"]
    contacts: list[Any] = context.get("reach_contacts", [])  # type: ignore[assignment]
    campaign = campaign_create(
        organisation=organisation,
        actor=organizer,
        title="Wer sind „alle“? – 50 Interviews",
        opening_question="Was verstehen Sie unter Integration?",
        questions=[
            "Wo erleben Sie im Alltag Miteinander?",
            "Was müsste sich ändern, damit alle mitmachen?",
        ],
        target_count=50,
        interviewers=[organizer, moderator],
        description=(
            "Jedes Interview beginnt mit derselben Frage. "
            "Die Steuerungsgruppe liest die Antworten gemeinsam."
        ),
        process=context["processes"]["integration"],  # type: ignore[index]
    )
    opening, everyday, change = list(campaign.questions.all())
    themes: dict[str, Any] = {}
    for number, (person, answer, tags, where) in enumerate(ANSWERS, start=1):
        interview = interview_record(
            campaign=campaign,
            interviewer=moderator if number % 2 else organizer,
            held_on=timezone.localdate() - timedelta(days=40 - 3 * number),
            answers={opening.pk: answer, everyday.pk: where, change.pk: ""},
            client_token=f"demo-{number}",
            contact=contacts[person] if person is not None and person < len(contacts) else None,
        )
        first = interview.answers.get(question=opening)
        for tag in tags:
            if tag not in themes:
                answer_tag(
                    answer=first, actor=organizer, themes=list(first.themes.all()), new_theme=tag
                )
                themes[tag] = campaign.themes.get(name=tag)
            else:
                answer_tag(answer=first, actor=organizer, themes=[*first.themes.all(), themes[tag]])
