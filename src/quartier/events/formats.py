"""The two live-event formats: open assembly (seed 003) and open space (seed 004)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from quartier.formats.manifest import FormatManifest, PhaseSpec, RoleSpec, SettingSpec, Tool
from quartier.formats.registry import register

DEFAULT_CATEGORIES = "Mobilität; Zusammenleben; Ökologie & Stadtumbau; Kultur; Sonstiges"
DEFAULT_PROMPT = "Was würdest du in deiner Nachbarschaft gerne verändern?"

_ROLES = (
    RoleSpec(
        "organizer", _("Organizer"), _("Prepares the event and registers walk-ins at the door.")
    ),
    RoleSpec("moderator", _("Moderator"), _("Switches the phases and tends the wall.")),
    RoleSpec(
        "participant",
        _("Participant"),
        _("Joins on a phone, posts topics, votes and joins a group."),
    ),
)

_SETTINGS = (
    SettingSpec("categories", _("Categories (separated by ;)"), "text", DEFAULT_CATEGORIES),
    SettingSpec(
        "vote_method",
        _("Voting method"),
        "choice",
        "dots",
        choices=(("dots", _("Dot voting")), ("approval", _("Approval voting"))),
    ),
    SettingSpec("dots", _("Dots per participant"), "int", 5, minimum=1, maximum=20),
    SettingSpec("max_dots_per_card", _("Dots per card at most"), "int", 1, minimum=1, maximum=20),
    SettingSpec("pair_prompt", _("Question for the pair interviews"), "text", DEFAULT_PROMPT),
    SettingSpec("pair_minutes", _("Minutes per pair interview"), "int", 8, minimum=1, maximum=60),
)

_ARRIVAL = PhaseSpec(
    "arrival",
    _("Arrival"),
    _("Show the QR code and the code; people join on their phones."),
    15,
    (Tool.JOIN,),
)
_PAIRS = PhaseSpec(
    "pairs",
    _("Pair interviews"),
    _("People talk in pairs about the question, then post what they heard as topic cards."),
    20,
    (Tool.PAIRS, Tool.TIMER, Tool.WALL),
)
_WALL = PhaseSpec(
    "wall",
    _("Topic wall"),
    _("Everyone posts and sorts topics; no topics are set in advance."),
    20,
    (Tool.WALL,),
)
_VOTE = PhaseSpec(
    "voting",
    _("Voting"),
    _("Everyone places their dots; tallies are live."),
    10,
    (Tool.VOTE, Tool.WALL),
)
_GROUPS = PhaseSpec(
    "groups",
    _("Topic groups"),
    _("Topics become groups with a host, a room and a time slot; people join on their phones."),
    60,
    (Tool.GROUPS,),
)
_CLOSING = PhaseSpec(
    "closing",
    _("Closing"),
    _("Groups present their project ideas; topics without a group become open ends."),
    15,
    (Tool.GROUPS, Tool.NOTES),
)

OPEN_ASSEMBLY = register(
    FormatManifest(
        key="open_assembly",
        title=_("Open assembly"),
        description=_(
            "A temporary, mobile neighbourhood assembly at eye level: share needs, and turn "
            "ideas on mobility, living together, ecological change and culture into projects "
            "started on the spot."
        ),
        kind="event",
        phases=(_ARRIVAL, _WALL, _VOTE, _GROUPS, _CLOSING),
        roles=_ROLES,
        settings=_SETTINGS,
        recommended_participants=(15, 150),
        source="003 Offene Versammlungen",
    )
)

OPEN_SPACE = register(
    FormatManifest(
        key="open_space",
        title=_("Open space with pair interviews"),
        description=_(
            "About 100 people, no pre-selected topics: open pair interviews, a live topic wall, "
            "voting, topic groups in rooms and time slots, and open ends that others can pick "
            "up later."
        ),
        kind="event",
        phases=(_ARRIVAL, _PAIRS, _WALL, _VOTE, _GROUPS, _CLOSING),
        roles=_ROLES,
        settings=_SETTINGS,
        recommended_participants=(30, 300),
        source="004 Open-Sozial",
    )
)


# What the phones say in each phase: words for the people in the hall. The manifests'
# guidance is written for the moderators ("Show the QR code ...") and stays on the console.
PARTICIPANT_TEXT = {
    "arrival": _("Welcome! You are in. The moderators start in a moment."),
    "pairs": _("Talk in pairs about the question, then post what you heard as topic cards."),
    "wall": _("Post your topics. If yours is already on the wall, say “I have this too”."),
    "voting": _("Place your dots on the topics that matter most to you."),
    "groups": _("Choose a topic group, or tell us your wishes and we place you."),
    "closing": _("The groups present their ideas. Thank you for taking part!"),
}


def participant_text(phase_key: str) -> str:
    return str(PARTICIPANT_TEXT.get(phase_key, ""))
