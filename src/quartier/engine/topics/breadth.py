"""A gentle hint when a topic looks too broad to form a working group around.

Seed 004 asks that topic groups not be too broad: "Integration" or "Umwelt" on its own
gives a group nothing to start with. The heuristic flags a title made only of generic
words (a German list, compared after normalisation) or a very short title with no
further text. It returns reasons, never blocks: the person decides.
"""

from __future__ import annotations

from dataclasses import dataclass

from quartier.engine.topics.normalize import stem, tokens

GENERIC_TERMS = frozenset(
    stem(word)
    for word in [
        "integration",
        "umwelt",
        "bildung",
        "kultur",
        "soziales",
        "sozial",
        "zusammenleben",
        "mobilitaet",
        "verkehr",
        "wohnen",
        "politik",
        "wirtschaft",
        "gesellschaft",
        "gesundheit",
        "sicherheit",
        "nachhaltigkeit",
        "klima",
        "klimaschutz",
        "jugend",
        "kinder",
        "senioren",
        "familie",
        "familien",
        "nachbarschaft",
        "gemeinschaft",
        "demokratie",
        "teilhabe",
        "beteiligung",
        "vielfalt",
        "inklusion",
        "freizeit",
        "sport",
        "kommunikation",
        "zukunft",
        "stadt",
        "stadtentwicklung",
        "quartier",
        "kiez",
        "leben",
        "alltag",
        "arbeit",
        "ehrenamt",
        "migration",
        "digitalisierung",
        "natur",
        "oekologie",
        "allgemein",
        "sonstiges",
        "themen",
        "thema",
        "verbesserung",
        "probleme",
        "problem",
    ]
)

MIN_SPECIFIC_WORDS = 2
MIN_CHARACTERS = 12


@dataclass(frozen=True)
class BreadthHint:
    too_broad: bool
    reason: str  # "" | "generic" | "short"
    generic_words: tuple[str, ...]


def breadth(title: str, text: str = "") -> BreadthHint:
    """Whether the card ``title`` (with optional ``text``) looks too broad, and why."""
    words = tokens(title)
    generic = tuple(w for w in words if w in GENERIC_TERMS)
    specific = [w for w in words if w not in GENERIC_TERMS]
    has_detail = len(tokens(text)) >= 3
    if words and not specific and not has_detail:
        return BreadthHint(True, "generic", generic)
    if (
        len(specific) < MIN_SPECIFIC_WORDS
        and len(title.strip()) < MIN_CHARACTERS
        and not has_detail
    ):
        return BreadthHint(True, "short", generic)
    return BreadthHint(False, "", generic)
