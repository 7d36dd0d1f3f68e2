"""The three meeting formats of issue 6, registered with the format registry.

Everything a screen needs to know about a format is in these manifests; the meeting
code reads tools, settings and roles from them and never asks for a format's key.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from quartier.formats.manifest import FormatManifest, PhaseSpec, RoleSpec, SettingSpec, Tool
from quartier.formats.registry import register

PROTOCOL_PARTICIPANTS = SettingSpec(
    key="protocol_participants",
    label=_("Participants in the protocol"),
    kind="choice",
    default="names",
    choices=(("names", _("List their names")), ("count", _("Only give the number"))),
    help_text=_("Choose “only the number” when names should not be written down."),
)

MEETING_TEMPLATES = {"run": "meetings/run.html", "screen": "meetings/screen.html"}

SMALL_GROUP = register(
    FormatManifest(
        key="small_group",
        title=_("Small-group conversation"),
        description=_(
            "10 to 20 people meet where they already gather – a flat, a parish hall, a club. "
            "A named person moderates. The group shares concerns, how many people share them "
            "and how ready they are to act, and closes with a summary and next steps."
        ),
        kind="meeting",
        source=_("Community organizing: small-group conversations (Kleingruppengespräche)"),
        recommended_participants=(10, 20),
        phases=(
            PhaseSpec(
                key="introductions",
                title=_("Introductions"),
                guidance=_(
                    "Everyone says their name and what brings them here. Keep it short: one "
                    "minute per person. Note who is present."
                ),
                default_minutes=15,
                tools=(Tool.TIMER, Tool.ATTENDANCE, Tool.NOTES),
            ),
            PhaseSpec(
                key="framing",
                title=_("Framing"),
                guidance=_(
                    "Explain why we meet, how long we have and what happens with the results. "
                    "Agree on a calm atmosphere: one person speaks at a time."
                ),
                default_minutes=10,
                tools=(Tool.TIMER, Tool.NOTES),
            ),
            PhaseSpec(
                key="topics",
                title=_("Topics"),
                guidance=_(
                    "Collect what moves people in the neighbourhood, the parish or the club. "
                    "Write every topic down, without judging it."
                ),
                default_minutes=20,
                tools=(Tool.TIMER, Tool.TOPICS, Tool.NOTES),
            ),
            PhaseSpec(
                key="concerns",
                title=_("Concrete concerns and readiness to act"),
                guidance=_(
                    "Turn topics into concrete concerns. For each one ask: who else has this "
                    "problem? How ready are you to do something about it, from 1 (not at all) "
                    "to 5 (I will start tomorrow)?"
                ),
                default_minutes=30,
                tools=(Tool.TIMER, Tool.CONCERNS, Tool.NOTES),
            ),
            PhaseSpec(
                key="summary",
                title=_("Summary"),
                guidance=_(
                    "Shortly before the end, sum up what was said: the main concerns and how "
                    "ready the group is to act."
                ),
                default_minutes=10,
                tools=(Tool.TIMER, Tool.SUMMARY),
            ),
            PhaseSpec(
                key="next_steps",
                title=_("Next steps"),
                guidance=_(
                    "Propose next steps so that the concerns are tackled in practice. Every "
                    "step gets a person who takes care of it and a date."
                ),
                default_minutes=15,
                tools=(Tool.TIMER, Tool.TASKS),
            ),
        ),
        roles=(
            RoleSpec(
                "moderator",
                _("Moderator"),
                _("Drives the conversation and keeps time; often a key person."),
            ),
            RoleSpec("host", _("Host"), _("Offers the room and welcomes people.")),
            RoleSpec("participant", _("Participant")),
        ),
        settings=(PROTOCOL_PARTICIPANTS,),
        templates=MEETING_TEMPLATES,
    )
)

CONSULTATION = register(
    FormatManifest(
        key="collegial_consultation",
        title=_("Collegial consultation"),
        description=_(
            "Participants bring cases from their own practice, choose some by vote and consult "
            "them in the plenum or in small groups along fixed phases. Cases are confidential: "
            "only the people in the group see them, and they are deleted after the meeting."
        ),
        kind="meeting",
        source=_("Collegial consultation (kollegiale Beratung)"),
        confidential=True,
        phases=(
            PhaseSpec(
                key="welcome",
                title=_("Welcome and method"),
                guidance=_(
                    "Explain the method and the rule of confidentiality: what is said about a "
                    "case stays in the group."
                ),
                default_minutes=10,
                tools=(Tool.TIMER, Tool.ATTENDANCE),
            ),
            PhaseSpec(
                key="collect",
                title=_("Collect cases"),
                guidance=_(
                    "Everyone who has a case enters it on their phone: a short title and a few "
                    "sentences. Cases can also be entered before the meeting."
                ),
                default_minutes=10,
                tools=(Tool.TIMER, Tool.CASES),
            ),
            PhaseSpec(
                key="select",
                title=_("Choose cases"),
                guidance=_(
                    "Case givers introduce their case in one sentence. Then everyone votes on "
                    "their phone; the cases with the most votes are consulted."
                ),
                default_minutes=10,
                tools=(Tool.TIMER, Tool.VOTE),
            ),
            PhaseSpec(
                key="split",
                title=_("Form groups"),
                guidance=_(
                    "Work in the plenum or split into balanced small groups, one case per "
                    "group. Each group names a moderator and, if wanted, a secretary."
                ),
                default_minutes=5,
                tools=(Tool.TIMER, Tool.SPLIT),
            ),
            PhaseSpec(
                key="presentation",
                title=_("Case presentation"),
                guidance=_(
                    "The case giver describes the situation. The others listen and do not "
                    "interrupt."
                ),
                default_minutes=10,
                tools=(Tool.TIMER, Tool.CASES),
            ),
            PhaseSpec(
                key="questions",
                title=_("Clarifying questions"),
                guidance=_(
                    "The consultants ask questions to understand the facts. No advice yet, no "
                    "hidden suggestions."
                ),
                default_minutes=10,
                tools=(Tool.TIMER, Tool.CASES),
            ),
            PhaseSpec(
                key="key_question",
                title=_("Key question"),
                guidance=_(
                    "The case giver states the one question the group should work on. The "
                    "secretary writes it down."
                ),
                default_minutes=5,
                tools=(Tool.TIMER, Tool.CASES),
            ),
            PhaseSpec(
                key="hypotheses",
                title=_("Ideas and hypotheses"),
                guidance=_(
                    "The consultants share ideas, hypotheses and possible solutions. The case "
                    "giver only listens and may take notes."
                ),
                default_minutes=20,
                tools=(Tool.TIMER, Tool.CASES),
            ),
            PhaseSpec(
                key="response",
                title=_("The case giver's response"),
                guidance=_(
                    "The case giver says what was helpful, what was new and what they will try."
                ),
                default_minutes=10,
                tools=(Tool.TIMER, Tool.CASES),
            ),
            PhaseSpec(
                key="closing",
                title=_("Closing"),
                guidance=_(
                    "Look back on the process. Write a short result note without any case "
                    "content, for example “3 cases consulted, feedback: very helpful”."
                ),
                default_minutes=10,
                tools=(Tool.TIMER, Tool.RESULT),
            ),
        ),
        roles=(
            RoleSpec("case_giver", _("Case giver"), _("Brings the case and the key question.")),
            RoleSpec("moderator", _("Moderator"), _("Leads the group through the phases.")),
            RoleSpec("consultant", _("Consultant"), _("Asks questions and offers ideas.")),
            RoleSpec("secretary", _("Secretary"), _("Optionally writes down the key points.")),
        ),
        settings=(
            SettingSpec(
                key="vote_method",
                label=_("How cases are chosen"),
                kind="choice",
                default="dots",
                choices=(("dots", _("Dot voting")), ("ranked", _("Ranking"))),
            ),
            SettingSpec(
                key="dots_per_person",
                label=_("Dots per person"),
                kind="int",
                default=3,
                minimum=1,
                maximum=10,
            ),
            SettingSpec(
                key="groups",
                label=_("Number of small groups"),
                kind="int",
                default=2,
                minimum=1,
                maximum=10,
                help_text=_("1 means the whole group works in the plenum."),
            ),
            SettingSpec(
                key="secretary",
                label=_("Name a secretary in each group"),
                kind="bool",
                default=True,
            ),
            PROTOCOL_PARTICIPANTS,
        ),
        templates=MEETING_TEMPLATES,
    )
)

TEAM_MEETING = register(
    FormatManifest(
        key="team_meeting",
        title=_("Team or steering-group meeting"),
        description=_(
            "A regular meeting of a team or steering group: attendance, an agenda, decisions "
            "and tasks with an owner and a date."
        ),
        kind="meeting",
        source=_("Steering group of an integration team"),
        phases=(
            PhaseSpec(
                key="attendance",
                title=_("Welcome and attendance"),
                guidance=_("Welcome everyone and note who is present and who sent apologies."),
                default_minutes=5,
                tools=(Tool.TIMER, Tool.ATTENDANCE),
            ),
            PhaseSpec(
                key="agenda",
                title=_("Agenda"),
                guidance=_(
                    "Go through the agenda item by item. Write down every decision in one "
                    "clear sentence."
                ),
                default_minutes=60,
                tools=(Tool.TIMER, Tool.AGENDA, Tool.DECISIONS, Tool.NOTES),
            ),
            PhaseSpec(
                key="tasks",
                title=_("Tasks"),
                guidance=_("Who does what by when? Every task gets one owner and a due date."),
                default_minutes=10,
                tools=(Tool.TIMER, Tool.TASKS),
            ),
            PhaseSpec(
                key="closing",
                title=_("Closing"),
                guidance=_("Sum up the decisions and agree on the next meeting."),
                default_minutes=5,
                tools=(Tool.TIMER, Tool.SUMMARY),
            ),
        ),
        roles=(
            RoleSpec("moderator", _("Moderator")),
            RoleSpec("participant", _("Team member")),
        ),
        settings=(PROTOCOL_PARTICIPANTS,),
        templates=MEETING_TEMPLATES,
    )
)
