"""A gentle hint when a topic is too broad to form a working group around.

Seed 004 asks that topic groups not be too broad: "Integration" or "Verkehr in
Ottensen" gives a group nothing to start with, while "Badesee" or "Busspur" is short
but concrete. So the hint is decided by *specificity*, not length. Every word of the
title is sorted into one of four kinds:

- a **theme word** (Umwelt, Mobilität, Nachbarschaft, ...; also compounds made only of
  theme parts such as "Umweltbildungsangebote" or "Verkehrspolitik");
- a **filler** that adds no object: more/better/strengthen (mehr, bessere, stärken, ...);
- a **place**: what follows "in/im/am/auf ..." and known area words (Kiez, Viertel);
- anything else is a **concrete** word: an object, a place to build, a measure.

A title is too broad when it has at least one theme word and no concrete word, unless
its text adds at least two concrete words. The hint never blocks: the person decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from quartier.engine.topics.normalize import STOP_WORDS, fold_plain, stem

_THEMES = [
    "integration",
    "umwelt",
    "bildung",
    "kultur",
    "soziales",
    "sozial",
    "zusammenleben",
    "mobilitat",
    "verkehr",
    "wohnen",
    "politik",
    "wirtschaft",
    "gesellschaft",
    "gesundheit",
    "sicherheit",
    "nachhaltigkeit",
    "klima",
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
    "leben",
    "alltag",
    "arbeit",
    "ehrenamt",
    "migration",
    "digitalisierung",
    "natur",
    "okologie",
    "allgemein",
    "allgemeines",
    "sonstiges",
    "themen",
    "thema",
    "verbesserung",
    "verbesserungen",
    "probleme",
    "problem",
    "lebensqualitat",
    "schutz",
    "energie",
    "energien",
    "infrastruktur",
    "ordnung",
    "sauberkeit",
    "miteinander",
    "zusammenhalt",
    "begegnung",
    "solidaritat",
    "gerechtigkeit",
    "partizipation",
    "generationen",
    "jugendliche",
    "menschen",
    "burger",
    "burgerinnen",
    "angebot",
    "angebote",
    "konzept",
    "gesamtkonzept",
    "situation",
    "entwicklung",
    "qualitat",
    "moglichkeiten",
    "ideen",
    "projekte",
    "massnahmen",
    "dinge",
    "sachen",
    "fragen",
    "bereich",
    "aspekte",
    "planung",
    "gestaltung",
    "nutzung",
    "bewirtschaftung",
    "landwirtschaft",
    "veranstaltungen",
    "aktivitaten",
    "emotion",
    "debatte",
    "grundsatzdebatte",
    "brainstorming",
    "feedback",
    "runde",
    "erfahrung",
    "naturerfahrung",
    "umweltbildung",
    "politik",
    "kunst",
    "lebenswert",
    "lebenswerte",
    "allround",
    "traumen",
]
# Words that qualify rather than name something.
_FILLERS = [
    "mehr",
    "bessere",
    "besser",
    "besseren",
    "besserer",
    "besseres",
    "gute",
    "guter",
    "gutes",
    "guten",
    "schone",
    "schoner",
    "schoneres",
    "schonere",
    "starken",
    "starkung",
    "fordern",
    "forderung",
    "verbessern",
    "unterstutzen",
    "unterstutzung",
    "neue",
    "neuer",
    "neues",
    "neu",
    "alle",
    "allen",
    "aktive",
    "aktiv",
    "aktiver",
    "vernunftige",
    "vernunftig",
    "verschiedene",
    "viele",
    "vielfaltige",
    "positive",
    "positiv",
    "biologische",
    "biologisch",
    "urbane",
    "urban",
    "erneuerbare",
    "soziale",
    "sozialer",
    "nachhaltige",
    "nachhaltiger",
    "lebendige",
    "lebendiger",
    "leben",
    "gemeinsam",
    "gemeinsame",
    "insgesamt",
    "uberall",
    "endlich",
    "wirklich",
    "einfach",
    "voller",
    "voll",
    "prozent",
]
# Parts that only occur in area names, and the area words themselves.
_AREAS = [
    "kiez",
    "viertel",
    "quartier",
    "quartiers",
    "stadtteil",
    "bezirk",
    "bezirke",
    "nachbarschaft",
    "gegend",
    "umgebung",
    "ort",
    "orte",
    "feld",
    "feldes",
    "stadt",
    "berlin",
    "hamburg",
    "munchen",
    "koln",
    "thf",
    "tempelhof",
    "tempelhofer",
]
_LOCATIVES = frozenset(
    [
        "in",
        "im",
        "am",
        "an",
        "auf",
        "bei",
        "um",
        "rund",
        "nahe",
        "zwischen",
        "entlang",
        "des",
        "der",
        "dem",
    ]
)
_WORD = re.compile(r"[A-Za-zÄÖÜäöüß0-9]+")
_MIN_PART = 4
MIN_DETAIL_WORDS = 2  # concrete words in the text that make a broad title fine


def _norm(word: str) -> str:
    return stem(fold_plain(word))


THEME_STEMS = frozenset(_norm(w) for w in _THEMES) | frozenset(_THEMES)
FILLER_STEMS = frozenset(_norm(w) for w in _FILLERS) | frozenset(_FILLERS)
AREA_STEMS = frozenset(_norm(w) for w in _AREAS) | frozenset(_AREAS)
GENERIC_TERMS = THEME_STEMS  # kept for callers of the first version


@lru_cache(maxsize=4096)
def is_theme_word(word: str) -> bool:
    """A theme word, or a compound made only of theme parts (with linking -s-)."""
    plain = fold_plain(word)
    if plain in THEME_STEMS or _norm(word) in THEME_STEMS:
        return True
    return _splits_into_themes(plain)


def _splits_into_themes(rest: str) -> bool:
    if not rest:
        return True
    for cut in range(len(rest), _MIN_PART - 1, -1):
        part = rest[:cut]
        if part in THEME_STEMS or stem(part) in THEME_STEMS:
            tail = rest[cut:]
            if _splits_into_themes(tail) or (
                tail.startswith("s") and _splits_into_themes(tail[1:])
            ):
                return True
    return False


@dataclass(frozen=True)
class BreadthHint:
    too_broad: bool
    reason: str  # "" | "generic"
    generic_words: tuple[str, ...]  # the theme words, as written


def classify(title: str) -> list[tuple[str, str]]:
    """(word, kind) for each word: kind is theme, filler, place, stop or concrete."""
    out: list[tuple[str, str]] = []
    after_locative = False
    for raw in _WORD.findall(title):
        plain = fold_plain(raw)
        if plain in _LOCATIVES:
            after_locative = plain not in {"des", "der", "dem"} or after_locative
            out.append((raw, "stop"))
            continue
        if plain.isdigit():
            out.append((raw, "filler" if after_locative or not out else "concrete"))
            continue
        if (
            plain in STOP_WORDS
            or plain.replace("u", "ue") in STOP_WORDS
            or plain in {"fur", "uber"}
        ):
            after_locative = False
            out.append((raw, "stop"))
            continue
        if is_theme_word(raw):
            kind = "theme"
        elif plain in FILLER_STEMS or _norm(raw) in FILLER_STEMS:
            kind = "filler"
        elif (
            plain in AREA_STEMS
            or _norm(raw) in AREA_STEMS
            or (after_locative and raw[:1].isupper())
        ):
            kind = "place"
        else:
            kind = "concrete"
        out.append((raw, kind))
    return out


def breadth(title: str, text: str = "") -> BreadthHint:
    """Whether the card ``title`` (with optional ``text``) is too broad, and which words."""
    kinds = classify(title)
    themes = tuple(word for word, kind in kinds if kind == "theme")
    concrete = [word for word, kind in kinds if kind == "concrete"]
    detail = [word for word, kind in classify(text) if kind == "concrete"] if text else []
    if themes and not concrete and len(detail) < MIN_DETAIL_WORDS:
        return BreadthHint(True, "generic", themes)
    if not themes and not concrete and any(kind == "place" for _, kind in kinds) and not detail:
        # Only a place ("Tempelhofer Feld"): a whole area is no topic either.
        places = tuple(word for word, kind in kinds if kind == "place")
        return BreadthHint(True, "generic", places)
    return BreadthHint(False, "", themes)
