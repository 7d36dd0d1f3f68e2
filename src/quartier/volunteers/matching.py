"""Matching suggestions between needs and offers, by skill, time and neighbourhood.

A transparent score rather than an optimisation: moderators see *why* an offer is
suggested and decide themselves. Skills are compared as normalised words (lower case,
umlauts folded, a shared stem of five letters counts, so "fotografieren" matches
"Fotografie"). Each shared skill
weighs 3, a shared time 2, the same neighbourhood 1. An offer without any shared skill
is suggested only when the need names no skill at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

SKILL_WEIGHT, TIME_WEIGHT, PLACE_WEIGHT = 3, 2, 1
STEM = 5


@dataclass(frozen=True)
class Side:
    key: int
    skills: str
    times: Sequence[str]
    neighbourhood: str


@dataclass(frozen=True)
class Suggestion:
    need: int
    offer: int
    score: int
    skills: list[str] = field(default_factory=list)
    times: list[str] = field(default_factory=list)
    same_neighbourhood: bool = False


def _fold(text: str) -> str:
    text = text.casefold()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(a, b)
    return text


def skill_words(text: str) -> list[str]:
    parts = re.split(r"[,;/\n]|\bund\b|\band\b", _fold(text))
    return [p.strip(" .-") for p in parts if p.strip(" .-")]


def _same(a: str, b: str) -> bool:
    if a == b:
        return True
    for word_a in a.split():
        for word_b in b.split():
            if word_a == word_b and len(word_a) >= 3:
                return True
            if len(word_a) >= STEM and len(word_b) >= STEM and word_a[:STEM] == word_b[:STEM]:
                return True
    return False


def shared_skills(need: str, offer: str) -> list[str]:
    offered = skill_words(offer)
    return [wanted for wanted in skill_words(need) if any(_same(wanted, o) for o in offered)]


def suggest(need: Side, offer: Side) -> Suggestion | None:
    skills = shared_skills(need.skills, offer.skills)
    if not skills and skill_words(need.skills):
        return None
    times = [t for t in need.times if t in set(offer.times)] if need.times else []
    place = bool(need.neighbourhood.strip()) and _fold(need.neighbourhood.strip()) == _fold(
        offer.neighbourhood.strip()
    )
    score = SKILL_WEIGHT * len(skills) + TIME_WEIGHT * len(times) + PLACE_WEIGHT * place
    if need.times and offer.times and not times:
        return None  # the times do not fit at all
    if score == 0:
        return None
    return Suggestion(
        need=need.key,
        offer=offer.key,
        score=score,
        skills=skills,
        times=times,
        same_neighbourhood=place,
    )


def suggestions(needs: Iterable[Side], offers: Iterable[Side], limit: int = 5) -> list[Suggestion]:
    """The best ``limit`` offers per need, best first (ties: newer offers first)."""
    offer_list = list(offers)
    result: list[Suggestion] = []
    for need in needs:
        found = [s for offer in offer_list if (s := suggest(need, offer)) is not None]
        found.sort(key=lambda s: (-s.score, -s.offer))
        result.extend(found[:limit])
    return result
